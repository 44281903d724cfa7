import { ASSUMED_CAPABILITIES, type AssumedCapability } from "./assumed-capabilities";
import type { LabelFormat, PlatformCapabilities, ProviderId } from "./types";

// One descriptor per provider: what the rest of the app may know about a provider without branching on its id
// (name, the kind of reference that addresses a return there, capabilities, connection form, documented servers).
// Browser-safe data; the adapters behind ReturnsPlatform (app/platforms/*/adapter.server.ts) do the rest.

/** How a Shopify return is addressed at the provider: iF's RETURN_NAME or REVER's process id. */
export type ReferenceKind = "IF_RETURN_NAME" | "REVER_PROCESS_ID";

export interface ProviderDescriptor {
  id: ProviderId;
  displayName: string;
  /** The `service` tag of its errors (app/http/errors.server.ts). */
  service: "ifreturns" | "rever";
  reference: {
    kind: ReferenceKind;
    /** The ReturnLink column that stores it. */
    column: "ifReturnName" | "reverProcessId";
    /**
     * every-call: nothing can be sent without it (REVER: every operation is under /v1/processes/{process_id});
     * status-push: labels travel without it, only registering a status needs it (iF's /shipping_trackings).
     */
    neededFor: "every-call" | "status-push";
    /** English name, for stored messages ("REVER process id"). */
    label: string;
    example: string;
  };
  /**
   * What a tracking read needs: the reference alone (REVER's logistics summary of a process), or a label this app
   * made (iF's GET /shipping_labels by our clientShipmentId).
   */
  readsTrackingBy: "reference" | "own-label";
  /** Statuses are a transport's (iF: "the tracking status of an active transportation"): none to update before one exists. */
  statusesNeedTransport: boolean;
  /** What the adapter does with the documented calls alone; assumption-gated flags are false here. */
  capabilities: PlatformCapabilities;
  /** Undocumented behaviours the merchant may turn on (decision 0004). */
  assumedCapabilities: readonly AssumedCapability[];
  connection: {
    environments: readonly string[];
    /**
     * Base URL per environment from the vendor's document; `url: undefined` where the document gives none and the
     * app's operator configures it (REVER's production: REVER_API_BASE_URL, app/platforms/provider-hosts.ts).
     */
    servers: Readonly<Record<string, { url: string; documented: true } | { url: undefined; documented: false }>>;
    /** The credential's field in the sealed JSON. */
    credential: "token" | "apiKey";
    /** Form fields of this provider beyond the common ones (environment, base URL, credential, warehouse, defaults, sync). */
    fields: readonly ("shopCode" | "ecommerceId" | "ecommerceGroup" | "logisticsProvider" | "carrierServices")[];
    /** The warehouse's email and phone are required (iF: origin/destination contacts require them). */
    warehouseContactRequired: boolean;
    /** What "default carrier service" means for this provider (an iF service code, a REVER carrier). */
    carrierKind: "service-code" | "carrier";
  };
}

const IF_SERVERS = {
  production: { url: "https://api.ifreturns.com/integration/v1/", documented: true },
  staging: { url: "https://api.stg.ifreturns.com/integration/v1/", documented: true },
  development: { url: "https://api.dev.ifreturns.com/integration/v1/", documented: true },
} as const;

// The REVER document names only its mock server: production is the operator's REVER_API_BASE_URL (docs/security.md).
const REVER_SERVERS = {
  production: { url: undefined, documented: false },
} as const;

export const PROVIDERS: Readonly<Record<ProviderId, ProviderDescriptor>> = {
  IFRETURNS: {
    id: "IFRETURNS",
    displayName: "iF returns",
    service: "ifreturns",
    reference: { kind: "IF_RETURN_NAME", column: "ifReturnName", neededFor: "status-push", label: "iF return name", example: "R1-64231" },
    readsTrackingBy: "own-label",
    statusesNeedTransport: true,
    capabilities: {
      labels: true,
      readsTrackingStatus: false,
      pushTracking: true,
      pushStatus: true,
      pickups: false,
      dropOffPoints: false,
      manualLabelUpload: false,
      findProcess: false,
      importReturns: false,
      labelFormats: ["PDF", "ZPL"],
    },
    assumedCapabilities: ASSUMED_CAPABILITIES.IFRETURNS,
    connection: {
      environments: ["production", "staging", "development", "custom"],
      servers: IF_SERVERS,
      credential: "token",
      fields: ["shopCode", "carrierServices"],
      warehouseContactRequired: true,
      carrierKind: "service-code",
    },
  },
  REVER: {
    id: "REVER",
    displayName: "REVER",
    service: "rever",
    reference: { kind: "REVER_PROCESS_ID", column: "reverProcessId", neededFor: "every-call", label: "REVER process id", example: "proc_8f2a" },
    readsTrackingBy: "reference",
    statusesNeedTransport: false,
    capabilities: {
      labels: true,
      readsTrackingStatus: false,
      pushTracking: true,
      pushStatus: true,
      pickups: true,
      dropOffPoints: false,
      manualLabelUpload: true,
      findProcess: false,
      importReturns: false,
      labelFormats: ["PDF", "PNG", "JPG"],
    },
    assumedCapabilities: ASSUMED_CAPABILITIES.REVER,
    connection: {
      environments: ["production", "custom"],
      servers: REVER_SERVERS,
      credential: "apiKey",
      fields: ["ecommerceId", "ecommerceGroup", "logisticsProvider"],
      warehouseContactRequired: false,
      carrierKind: "carrier",
    },
  },
};

export function descriptorOf(provider: ProviderId): ProviderDescriptor {
  return PROVIDERS[provider];
}

/** The documented base URLs per environment (an operator-configured one is not here: app/settings/provider-connections.server.ts). */
export function serverUrls(provider: ProviderId): Record<string, string> {
  return Object.fromEntries(Object.entries(PROVIDERS[provider].connection.servers).flatMap(([env, s]) => (s.url ? [[env, s.url]] : [])));
}

/** The capabilities of a connection: the documented base, plus what its turned-on assumptions allow. */
export function capabilitiesFor(provider: ProviderId, assumed: ReadonlySet<AssumedCapability>): PlatformCapabilities {
  const base = PROVIDERS[provider].capabilities;
  return {
    ...base,
    labelFormats: [...base.labelFormats] as LabelFormat[],
    dropOffPoints: base.dropOffPoints || assumed.has("pudoPointFields"),
    findProcess: base.findProcess || assumed.has("processSearch"),
    importReturns: base.importReturns || assumed.has("returnsImport"),
    readsTrackingStatus: base.readsTrackingStatus || assumed.has("summaryStatuses"),
  };
}

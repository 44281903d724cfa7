import { z } from "zod";
import type { ProviderConnection } from "@prisma/client";
import type { Db } from "../db.server";
import { ValidationError } from "../http/errors.server";
import type { Logger, ScopedLogger } from "../logger.server";
import type { SecretBox } from "../security/encryption.server";
import type { ProviderLimiters } from "./limiters.server";
import type { ConnectionConfig, IfReturnsConnectionConfig, ReverConnectionConfig, TransportOptions } from "./connection";
import { IfReturnsPlatform } from "./ifreturns/adapter.server";
import { ReverPlatform } from "./rever/adapter.server";
import { parseAssumedCapabilities } from "./assumed-capabilities";
import { SERVICE_NAMES } from "./shared.server";
import { LABEL_FORMATS, PROVIDER_IDS, type Address, type LabelFormat, type Parcel, type ProviderId, type ReturnsPlatform } from "./types";

export { derivedIfReturnName, normalizeReturnName } from "./return-names";

// The lookup table from provider to adapter, and the one way the app gets a ReturnsPlatform for a shop.

export const PLATFORM_FACTORIES: { [P in ProviderId]: (config: Extract<ConnectionConfig, { provider: P }>) => ReturnsPlatform } = {
  IFRETURNS: (config) => new IfReturnsPlatform(config),
  REVER: (config) => new ReverPlatform(config),
};

export function createPlatform(config: ConnectionConfig): ReturnsPlatform {
  return config.provider === "IFRETURNS" ? PLATFORM_FACTORIES.IFRETURNS(config) : PLATFORM_FACTORIES.REVER(config);
}

export function isProviderId(value: unknown): value is ProviderId {
  return typeof value === "string" && (PROVIDER_IDS as readonly string[]).includes(value);
}

/** What a connection's credentials are sealed with: only this shop's row of this provider opens them. */
export function credentialsSealContext(shop: string, provider: ProviderId) {
  return { purpose: "provider-credentials" as const, shop, subject: provider };
}

/** Stored credentials (decrypted): iF uses a bearer JWT, REVER an API key. */
export const credentialsSchema = {
  IFRETURNS: z.object({ token: z.string().min(1) }),
  REVER: z.object({ apiKey: z.string().min(1) }),
};

const addressJson = z.object({
  name: z.string(),
  company: z.string().optional(),
  email: z.string().optional(),
  phone: z.string().optional(),
  line1: z.string(),
  line2: z.string().optional(),
  city: z.string(),
  postalCode: z.string(),
  region: z.string().optional(),
  regionCode: z.string().optional(),
  countryCode: z.string(),
});
const parcelJson = z.object({
  weightGrams: z.number().positive(),
  lengthCm: z.number().positive().optional(),
  widthCm: z.number().positive().optional(),
  heightCm: z.number().positive().optional(),
  description: z.string().optional(),
});

function parseJsonColumn<T>(value: string | null, schema: z.ZodType<T>, column: string, connectionId: string, log?: Logger): T | null {
  if (!value) return null;
  try {
    const result = schema.safeParse(JSON.parse(value));
    if (result.success) return result.data;
  } catch {
    // fall through: logged below
  }
  log?.warn("platform.bad_setting", { connectionId, column });
  return null;
}

/** Build an adapter configuration from a stored row and its decrypted credentials (pure). */
export function connectionConfigFromRow(row: ProviderConnection, credentials: unknown, transport: TransportOptions): ConnectionConfig {
  const log = transport.log;
  if (!isProviderId(row.provider)) throw new ValidationError(`Unknown provider ${row.provider}`, { service: "settings" });
  const common = {
    connectionId: row.id,
    shop: row.shop,
    baseUrl: row.baseUrl,
    warehouseAddress: parseJsonColumn<Address>(row.warehouseAddress, addressJson, "warehouseAddress", row.id, log),
    defaultCarrierService: row.defaultCarrierService,
    carrierServices: parseJsonColumn<string[]>(row.carrierServices, z.array(z.string()), "carrierServices", row.id, log) ?? [],
    defaultLabelFormat: (LABEL_FORMATS as readonly string[]).includes(row.defaultLabelFormat) ? (row.defaultLabelFormat as LabelFormat) : "PDF",
    defaultParcel: parseJsonColumn<Parcel>(row.defaultParcel, parcelJson, "defaultParcel", row.id, log),
    assumed: parseAssumedCapabilities(row.provider, row.assumedCapabilities),
    transport,
  };
  const creds = credentialsSchema[row.provider].safeParse(credentials);
  if (!creds.success) {
    throw new ValidationError(`The stored ${SERVICE_NAMES[row.provider]} credentials are incomplete: enter them again in Settings`, { service: "settings", fields: { credential: "missing" } });
  }
  if (row.provider === "IFRETURNS") {
    const token = (creds.data as { token: string }).token;
    return { ...common, provider: "IFRETURNS", token, shopCode: row.ifShopCode } satisfies IfReturnsConnectionConfig;
  }
  const apiKey = (creds.data as { apiKey: string }).apiKey;
  if (!row.reverEcommerceId) throw new ValidationError("The REVER e-commerce id is missing: set it in Settings", { service: "settings", fields: { ecommerceId: "required" } });
  return {
    ...common,
    provider: "REVER",
    apiKey,
    ecommerceId: row.reverEcommerceId,
    ecommerceGroup: row.reverEcommerceGroup,
    logisticsProvider: row.reverProvider,
  } satisfies ReverConnectionConfig;
}

export interface PlatformTransport extends Omit<TransportOptions, "limiter" | "log"> {
  log: ScopedLogger;
  limiters: ProviderLimiters;
}

/**
 * The adapter for a shop's connection to `provider`: reads the row scoped by shop, decrypts the credentials (the
 * scope's logger learns them, so its lines never show them) and shares one request budget per connection.
 */
export async function loadPlatform(scope: { db: Db; shop: string; secrets: SecretBox }, provider: ProviderId, transport: PlatformTransport): Promise<ReturnsPlatform> {
  const { db, shop } = scope;
  const row = await db.providerConnection.findUnique({ where: { shop_provider: { shop, provider } } });
  if (!row) {
    throw new ValidationError(`${SERVICE_NAMES[provider]} is not connected for this shop: connect it in Settings`, { service: "settings", fields: { provider: "not connected" } });
  }
  const credentials = scope.secrets.openJson<unknown>(row.credentialsEncrypted, credentialsSealContext(shop, provider));
  const { limiters, log, ...rest } = transport;
  const config = connectionConfigFromRow(row, credentials, { ...rest, log, limiter: limiters.for(row.id, row.requestsPerSecond) });
  log.addSecret(config.provider === "IFRETURNS" ? config.token : config.apiKey);
  return createPlatform(config);
}

import { ConflictError, NotFoundError, ResponseShapeError, UnimplementedError } from "../../http/errors.server";
import type { AssumedCapability } from "../assumed-capabilities";
import type { ReverConnectionConfig } from "../connection";
import { capabilitiesFor, PROVIDERS } from "../descriptors";
import { bareOrderName, legacyIdFromGid, normalizeReturnName } from "../return-names";
import { safeHttpUrl } from "../../security/safe-url";
import { sniffLabelFormat } from "../label-bytes";
import { downloadLabelOver, formatFromUrl, missing, unsupported } from "../shared.server";
import { fromReverSummaryStatus, toReverLkss } from "../status-map";
import type {
  Address,
  CreateLabelInput,
  ImportReturnInput,
  Label,
  ManualLabelInput,
  NormalisedStatus,
  PickupResult,
  PickupWindow,
  PlatformCapabilities,
  ProcessCandidate,
  ProviderRef,
  ProviderTracking,
  PushTrackingInput,
  ReturnMethod,
  ReturnsPlatform,
  SchedulePickupInput,
} from "../types";
import { ReverClient, type ReverAddress, type ReverLogisticsSummary, type ReverPickupRange } from "./client.server";

// REVER behind ReturnsPlatform: one logistic order per process (label + tracking), pickups on top of it,
// statuses pushed as lkss. REVER has no drop-off point search.

const SERVICE = "rever";
/** A process id no real process uses: reading its logistics proves the API key without changing anything. */
export const REVER_CONNECTION_PROBE_ID = "returns-bridge-connection-test";

/** What REVER does with its documented calls alone (assumption-gated ones follow the connection). */
export const REVER_CAPABILITIES: PlatformCapabilities = PROVIDERS.REVER.capabilities;

const RANGES: Array<{ range: ReverPickupRange; start: number; end: number }> = [
  { range: "RANGE_8_TO_12", start: 8, end: 12 },
  { range: "RANGE_12_TO_16", start: 12, end: 16 },
  { range: "RANGE_16_TO_20", start: 16, end: 20 },
];

/** A window maps to the REVER range that contains it; anything else is refused, naming the choices. */
export function pickupRangeFor(w: PickupWindow): ReverPickupRange {
  const hit = RANGES.find((r) => w.startHour >= r.start && w.endHour <= r.end && w.startHour < w.endHour);
  if (!hit) missing(SERVICE, "windows", `REVER picks up 08-12, 12-16 or 16-20: ${w.startHour}-${w.endHour} fits none of them`);
  return hit!.range;
}

let countryNames: Intl.DisplayNames | undefined;
function countryName(code: string): string | undefined {
  try {
    countryNames ??= new Intl.DisplayNames(["en"], { type: "region" });
    return countryNames.of(code);
  } catch {
    return undefined;
  }
}

export function splitName(name: string): { first_name: string; last_name?: string } {
  const parts = name.trim().split(/\s+/);
  return parts.length > 1 ? { first_name: parts[0], last_name: parts.slice(1).join(" ") } : { first_name: parts[0] ?? "" };
}

export function toReverAddress(a: Address): ReverAddress {
  const country = countryName(a.countryCode.toUpperCase());
  return {
    ...splitName(a.name),
    ...(a.company ? { company: a.company } : {}),
    ...(a.email ? { email: a.email } : {}),
    ...(a.phone ? { phone: a.phone } : {}),
    address_line_1: a.line1,
    ...(a.line2 ? { address_line_2: a.line2 } : {}),
    city: a.city,
    postcode: a.postalCode,
    ...(a.region ? { state_province: a.region } : {}),
    ...(a.regionCode ? { state_province_code: a.regionCode } : {}),
    ...(country ? { country } : {}),
    country_code: a.countryCode.toUpperCase(),
  };
}

/** `logistics_summary.status` at its zero value (the only value the document shows). */
export function isUnspecifiedStatus(value: string | undefined): boolean {
  return !value || /^(STATUS_)?UNSPECIFIED$/i.test(value.trim());
}

/**
 * A logistic order shows in the summary (a defensive reading: a tracking id or a carrier proves one; their absence
 * proves nothing, so our own claim rows keep a create from being repeated). A status beyond the zero value counts
 * only when the connection reads REVER's undocumented status values.
 */
export function hasLogisticOrder(s: ReverLogisticsSummary | null | undefined, readsStatuses = false): boolean {
  if (!s) return false;
  return !!s.tracking_id || !!s.carrier || (readsStatuses && !isUnspecifiedStatus(s.status));
}

function returnMethodOf(value: string | undefined): ReturnMethod | undefined {
  const v = value?.toUpperCase().replace(/^RETURN_METHOD_/, "");
  return v === "HOME_PICK_UP" || v === "DROP_OFF_POINT" || v === "DELIVERY_PICKUP" || v === "IN_STORE" ? v : undefined;
}

export class ReverPlatform implements ReturnsPlatform {
  readonly provider = "REVER" as const;
  readonly capabilities: PlatformCapabilities;
  readonly assumed: ReadonlySet<AssumedCapability>;
  readonly client: ReverClient;

  constructor(private readonly config: ReverConnectionConfig) {
    this.assumed = config.assumed ?? new Set();
    this.capabilities = capabilitiesFor("REVER", this.assumed);
    this.client = new ReverClient({ baseUrl: config.baseUrl, apiKey: config.apiKey, ...config.transport });
  }

  private get readsStatuses(): boolean {
    return this.assumed.has("summaryStatuses");
  }

  private assumptionOff(what: string, name: string): never {
    throw new UnimplementedError(`${what} is not documented by REVER: turn on “${name}” in Settings to use it, or link the process by hand`, { service: SERVICE, code: "ASSUMPTION_OFF" });
  }

  private processId(ref: ProviderRef): string {
    if (!ref.reverProcessId) missing(SERVICE, "reverProcessId", "This return is not linked to a REVER process yet: link it on the return page");
    return ref.reverProcessId!;
  }

  /**
   * Reads the logistics of a process nobody has. Not found with a gRPC status (NOT_FOUND as a number or a name) or
   * with no body at all means REVER answered without refusing the key; a 404 that says something else (another
   * API's JSON, an HTML page) means the base URL is not REVER's; a refusal (401/403, UNAUTHENTICATED,
   * PERMISSION_DENIED) gives REVER's reason.
   */
  async testConnection(): Promise<void> {
    try {
      await this.client.getLogistics(REVER_CONNECTION_PROBE_ID);
    } catch (err) {
      if (!(err instanceof NotFoundError)) throw err;
      if (err.code === 5 || !err.body?.trim()) return;
      throw new ResponseShapeError(`${this.client.baseUrl} does not answer like the REVER API (its 404 carries no gRPC status): check the base URL`, { service: SERVICE, status: 404, path: "code" });
    }
  }

  /** GET .../logistics answers for a process REVER has; not found (for this key) means it has none by that id. */
  async verifyReference(ref: ProviderRef): Promise<"found" | "not-found"> {
    try {
      await this.client.getLogistics(this.processId(ref));
      return "found";
    } catch (err) {
      if (err instanceof NotFoundError) return "not-found";
      throw err;
    }
  }

  private async summary(processId: string): Promise<ReverLogisticsSummary | null> {
    return (await this.client.getLogistics(processId)).logistics_summary ?? null;
  }

  private async labelUrl(processId: string): Promise<string | undefined> {
    try {
      return (await this.client.getLabelUrl(processId)).url;
    } catch (err) {
      if (err instanceof NotFoundError) return undefined;
      throw err;
    }
  }

  private async labelFrom(processId: string, s: ReverLogisticsSummary): Promise<Label> {
    const url = await this.labelUrl(processId);
    return {
      // Assumption: one logistic order per process, named by the process id (the summary carries no order id).
      providerShipmentId: processId,
      carrier: s.carrier,
      carrierService: s.carrier,
      trackingNumber: s.tracking_id,
      // What a provider sends is stored and rendered: only http(s) URLs are kept.
      trackingUrl: safeHttpUrl(s.tracking_url),
      labelUrl: safeHttpUrl(url),
      labelFormat: formatFromUrl(url),
    };
  }

  async createLabel(input: CreateLabelInput): Promise<Label> {
    const processId = this.processId(input.ref);
    // One logistic order per process: whatever key the caller uses, an existing order is the label.
    const existing = await this.findLabel(input.ref);
    if (existing) return existing;

    const provider = this.config.logisticsProvider;
    if (!provider) missing(SERVICE, "logisticsProvider", "Choose the REVER logistics provider (e.g. SendCloud) in Settings");
    const carrier = input.carrierService ?? this.config.defaultCarrierService ?? undefined;
    if (!carrier) missing(SERVICE, "carrierService", "Choose a default carrier for REVER in Settings (e.g. UPS)");
    const returnType = input.returnMethod ?? "DROP_OFF_POINT";
    const ranges = [...new Set((input.pickupWindows ?? []).map(pickupRangeFor))];
    if (returnType === "HOME_PICK_UP" && !ranges.length) missing(SERVICE, "pickupWindows", "A home pick-up needs at least one pickup window (08-12, 12-16 or 16-20)");
    const parcels = input.parcels.length ? input.parcels : this.config.defaultParcel ? [this.config.defaultParcel] : [];
    const weight = Math.round(input.weightGrams ?? parcels.reduce((sum, p) => sum + p.weightGrams, 0));

    await this.client.createLogisticOrder(
      processId,
      {
        carrier: carrier!,
        provider: provider!,
        return_type: returnType,
        ecommerce_id: this.config.ecommerceId,
        ...(this.config.ecommerceGroup ? { ecommerce_group: this.config.ecommerceGroup } : {}),
        customer: { ...(input.origin.email ? { email: input.origin.email } : {}), ...splitName(input.origin.name) },
        customer_address: toReverAddress(input.origin),
        ecommerce_warehouse_address: toReverAddress(input.destination),
        // Assumption: order_number is the Shopify order name without "#"; REVER matches parcels to orders with it.
        order_number: bareOrderName(input.ref.orderName),
        ...(legacyIdFromGid(input.ref.orderGid) ? { ecommerce_order_id: legacyIdFromGid(input.ref.orderGid) } : {}),
        ...(ranges.length ? { pickup_ranges: ranges } : {}),
        weight_in_grams: weight,
      },
      async () => (hasLogisticOrder(await this.summary(processId), this.readsStatuses) ? { order: null } : undefined),
    );
    const s = await this.summary(processId);
    // REVER accepted it: a summary that does not show it yet leaves the label requested (read again), never made twice.
    if (!s || !hasLogisticOrder(s, this.readsStatuses)) return { providerShipmentId: processId };
    return this.labelFrom(processId, s);
  }

  async findLabel(ref: ProviderRef): Promise<Label | null> {
    const processId = this.processId(ref);
    const s = await this.summary(processId);
    return s && hasLogisticOrder(s, this.readsStatuses) ? this.labelFrom(processId, s) : null;
  }

  /**
   * The summary's tracking, and its status only when REVER reports one we may read: the document shows nothing but
   * STATUS_UNSPECIFIED, so other values count only with `summaryStatuses` on; otherwise the status is implied by
   * the logistic order (LABEL_CREATED) and marked as not reported.
   */
  async getTracking(ref: ProviderRef, _key?: string, opts: { includeLabel?: boolean } = {}): Promise<ProviderTracking | null> {
    const processId = this.processId(ref);
    const s = await this.summary(processId);
    if (!s || !hasLogisticOrder(s, this.readsStatuses)) return null;
    let status: NormalisedStatus = "LABEL_CREATED";
    let statusReported = false;
    if (this.readsStatuses && !isUnspecifiedStatus(s.status)) {
      const read = fromReverSummaryStatus(s.status);
      if (read && read !== "NONE") {
        status = read;
        statusReported = true;
      } else {
        this.config.transport.log?.warn("rever.unknown_status", { processId, status: s.status });
      }
    }
    const label = opts.includeLabel === false ? { labelUrl: undefined, labelFormat: undefined } : await this.labelFrom(processId, s);
    return {
      status,
      statusReported,
      carrier: s.carrier,
      trackingNumber: s.tracking_id,
      trackingUrl: safeHttpUrl(s.tracking_url),
      labelUrl: label.labelUrl,
      labelFormat: label.labelFormat,
      pickupsScheduled: s.pickups_scheduled,
      returnMethod: this.readsStatuses ? returnMethodOf(s.return_method) : undefined,
      vendorStatus: s.status ?? null,
    };
  }

  /** REVER's shipping_status carries only lkss: the tracking number itself travels with a logistic order. */
  async pushTracking(ref: ProviderRef, t: PushTrackingInput): Promise<boolean> {
    // No status chosen (REVER's is already as far or further): nothing of a tracking number can go to REVER.
    if (!t.status) return false;
    await this.pushStatus(ref, t.status);
    return true;
  }

  async pushStatus(ref: ProviderRef, status: NormalisedStatus): Promise<void> {
    await this.client.updateShippingStatus(this.processId(ref), toReverLkss(status));
  }

  async schedulePickup(ref: ProviderRef, input: SchedulePickupInput): Promise<PickupResult> {
    const processId = this.processId(ref);
    const before = await this.summary(processId);
    if (!hasLogisticOrder(before, this.readsStatuses)) {
      missing(SERVICE, "logisticOrder", "REVER needs a logistic order before a pickup: create the return label first");
    }
    const provider = this.config.logisticsProvider;
    if (!provider) missing(SERVICE, "logisticsProvider", "Choose the REVER logistics provider (e.g. SendCloud) in Settings");
    const carrier = input.carrier ?? before!.carrier ?? this.config.defaultCarrierService ?? undefined;
    if (!carrier) missing(SERVICE, "carrier", "Choose a carrier for the pickup");
    if (!input.windows.length) missing(SERVICE, "windows", "Choose at least one pickup window (08-12, 12-16 or 16-20)");
    const ranges = [...new Set(input.windows.map(pickupRangeFor))];
    const res = await this.client.createPickup(
      processId,
      {
        carrier: carrier!,
        provider: provider!,
        ecommerce_id: this.config.ecommerceId,
        customer: {
          ...(input.customer.email ? { email: input.customer.email } : {}),
          ...(input.customer.firstName ? { first_name: input.customer.firstName } : {}),
          ...(input.customer.lastName ? { last_name: input.customer.lastName } : {}),
        },
        pickup_address: toReverAddress(input.address),
        pickup_ranges: ranges,
      },
    );
    const order = res.pickup_order;
    return {
      pickupId: order?.id,
      carrier: order?.carrier ?? carrier,
      provider: order?.provider ?? provider!,
      windows: input.windows.map((w) => ({ ...w })),
    };
  }

  async findDropOffPoints(): Promise<never> {
    return unsupported(this.provider, "drop-off point search", "REVER's customer portal shows drop-off points");
  }

  async uploadManualLabel(ref: ProviderRef, input: ManualLabelInput): Promise<Label> {
    const processId = this.processId(ref);
    const sniffed = sniffLabelFormat(input.file);
    const expected = { pdf: "PDF", png: "PNG", jpg: "JPG" }[input.extension];
    if (sniffed !== expected) {
      missing(SERVICE, "file", `The file is ${sniffed ?? "not a PDF, PNG or JPG"} but was declared ${input.extension}: REVER accepts pdf, png or jpg labels only`);
    }
    const existing = await this.summary(processId);
    if (hasLogisticOrder(existing, this.readsStatuses)) {
      if (!input.trackingNumber || existing!.tracking_id === input.trackingNumber) return this.labelFrom(processId, existing!);
      throw new ConflictError(`REVER already has a logistic order for this process (tracking ${existing!.tracking_id ?? "unknown"})`, { service: SERVICE });
    }
    await this.client.saveManualLogisticOrder(
      processId,
      {
        label: Buffer.from(input.file).toString("base64"),
        label_extension: input.extension,
        order: {
          process_id: processId,
          ...(input.carrier ? { carrier: input.carrier } : {}),
          ...(this.config.logisticsProvider ? { provider: this.config.logisticsProvider } : {}),
          ...(input.returnMethod ? { return_method: input.returnMethod } : {}),
          ...(input.from ? { from: toReverAddress(input.from) } : {}),
          ...((input.to ?? this.config.warehouseAddress) ? { to: toReverAddress((input.to ?? this.config.warehouseAddress)!) } : {}),
          ...(input.trackingNumber ? { tracking_id: input.trackingNumber } : {}),
          ...(input.trackingUrl ? { tracking_url: input.trackingUrl } : {}),
        },
      },
      async () => (hasLogisticOrder(await this.summary(processId), this.readsStatuses) ? { order: null } : undefined),
    );
    const s = await this.summary(processId);
    return this.labelFrom(processId, s ?? {});
  }

  downloadLabel(url: string) {
    return downloadLabelOver(this.config.transport, url, this.client.baseUrl, { "x-rever-api-key": this.config.apiKey });
  }

  /** Assumed endpoint (`processSearch`): processes searched by order number; several matches wait for the merchant. */
  async findProcesses(ref: ProviderRef): Promise<ProcessCandidate[]> {
    if (!this.assumed.has("processSearch")) this.assumptionOff("Searching REVER processes", "Search REVER processes by order number");
    const res = await this.client.searchProcesses(this.config.ecommerceId, bareOrderName(ref.orderName));
    return res.processes.map((p) => ({ processId: p.process_id, orderNumber: p.order_number, createdAt: p.created_at }));
  }

  /** Assumed endpoint (`returnsImport`): create REVER's process for a Shopify return, with its returned items. */
  async importReturn(ref: ProviderRef, input: ImportReturnInput): Promise<{ processId: string }> {
    if (!this.assumed.has("returnsImport")) this.assumptionOff("Importing returns into REVER", "Import returns REVER does not know");
    if (!input.items.length) missing(SERVICE, "items", "Not sent to REVER: the import needs at least one returned item and Shopify lists none for this return; link the process by hand");
    const res = await this.client.importReturn({
      ecommerce_id: this.config.ecommerceId,
      order_number: bareOrderName(ref.orderName),
      ...(legacyIdFromGid(ref.orderGid) ? { ecommerce_order_id: legacyIdFromGid(ref.orderGid) } : {}),
      return_name: normalizeReturnName(ref.normalizedName),
      customer: {
        email: input.customer.email,
        ...(input.customer.firstName ? { first_name: input.customer.firstName } : {}),
        ...(input.customer.lastName ? { last_name: input.customer.lastName } : {}),
      },
      items: input.items.map((i) => ({ ...(i.sku ? { sku: i.sku } : {}), ...(i.title ? { title: i.title } : {}), quantity: i.quantity })),
      ...(input.returnMethod ? { return_method: input.returnMethod } : {}),
    });
    return { processId: res.process_id };
  }
}

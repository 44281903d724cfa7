import { ConflictError, NotFoundError, ResponseShapeError, ValidationError } from "../../http/errors.server";
import type { ReverConnectionConfig } from "../connection";
import { bareOrderName, legacyIdFromGid, normalizeReturnName } from "../return-names";
import { safeHttpUrl } from "../../security/safe-url";
import { sniffLabelFormat } from "../label-bytes";
import { downloadLabelFile, formatFromUrl, missing, unsupported } from "../shared.server";
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

export const REVER_CAPABILITIES: PlatformCapabilities = {
  labels: true,
  readsTrackingStatus: true,
  pushTracking: true,
  pushStatus: true,
  pickups: true,
  dropOffPoints: false,
  manualLabelUpload: true,
  findProcess: true,
  importReturns: true,
  labelFormats: ["PDF", "PNG", "JPG"],
};

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

export function windowForRange(range: ReverPickupRange): PickupWindow | null {
  const r = RANGES.find((x) => x.range === range);
  return r ? { startHour: r.start, endHour: r.end } : null;
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

// Assumption: before any order, GET .../logistics answers zero values ("", STATUS_UNSPECIFIED).
/** A logistic order exists once the summary says anything beyond its zero values. */
export function hasLogisticOrder(s: ReverLogisticsSummary | null | undefined): boolean {
  if (!s) return false;
  const status = fromReverSummaryStatus(s.status);
  return !!s.tracking_id || !!s.carrier || (status !== null && status !== "NONE") || (status === null && !!s.status);
}

function returnMethodOf(value: string | undefined): ReturnMethod | undefined {
  const v = value?.toUpperCase().replace(/^RETURN_METHOD_/, "");
  return v === "HOME_PICK_UP" || v === "DROP_OFF_POINT" || v === "DELIVERY_PICKUP" || v === "IN_STORE" ? v : undefined;
}

export class ReverPlatform implements ReturnsPlatform {
  readonly provider = "REVER" as const;
  readonly capabilities = REVER_CAPABILITIES;
  readonly client: ReverClient;

  constructor(private readonly config: ReverConnectionConfig) {
    this.client = new ReverClient({ baseUrl: config.baseUrl, apiKey: config.apiKey, ...config.transport });
  }

  private processId(ref: ProviderRef): string {
    if (!ref.reverProcessId) missing(SERVICE, "reverProcessId", "This return is not linked to a REVER process yet: link it on the return page");
    return ref.reverProcessId!;
  }

  async testConnection(): Promise<void> {
    try {
      await this.client.getLogistics(REVER_CONNECTION_PROBE_ID);
    } catch (err) {
      // Assumption: not found (code 5) means the key was accepted and the probe process does not exist.
      if (err instanceof NotFoundError && err.code === 5) return;
      if (err instanceof NotFoundError) {
        throw new ResponseShapeError(`${this.client.baseUrl} does not answer like the REVER API (404 without a gRPC code): check the base URL`, { service: SERVICE, status: 404, path: "code" });
      }
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
      async () => (hasLogisticOrder(await this.summary(processId)) ? { order: null } : undefined),
    );
    const s = await this.summary(processId);
    if (!s || !hasLogisticOrder(s)) {
      throw new ValidationError("REVER accepted the logistic order but its logistics summary is still empty", { service: SERVICE });
    }
    return this.labelFrom(processId, s);
  }

  async findLabel(ref: ProviderRef): Promise<Label | null> {
    const processId = this.processId(ref);
    const s = await this.summary(processId);
    return s && hasLogisticOrder(s) ? this.labelFrom(processId, s) : null;
  }

  async getTracking(ref: ProviderRef, _key?: string, opts: { includeLabel?: boolean } = {}): Promise<ProviderTracking | null> {
    const processId = this.processId(ref);
    const s = await this.summary(processId);
    if (!s || !hasLogisticOrder(s)) return null;
    let status = fromReverSummaryStatus(s.status);
    if (status === null) {
      this.config.transport.log?.warn("rever.unknown_status", { processId, status: s.status });
      status = "LABEL_CREATED";
    }
    const label = opts.includeLabel === false ? { labelUrl: undefined, labelFormat: undefined } : await this.labelFrom(processId, s);
    return {
      status,
      carrier: s.carrier,
      trackingNumber: s.tracking_id,
      trackingUrl: safeHttpUrl(s.tracking_url),
      labelUrl: label.labelUrl,
      labelFormat: label.labelFormat,
      pickupsScheduled: s.pickups_scheduled,
      returnMethod: returnMethodOf(s.return_method),
      vendorStatus: s.status ?? null,
    };
  }

  /** REVER's shipping_status carries only lkss: the tracking number itself travels with a logistic order. */
  async pushTracking(ref: ProviderRef, t: PushTrackingInput): Promise<void> {
    await this.pushStatus(ref, t.status ?? "LABEL_CREATED");
  }

  async pushStatus(ref: ProviderRef, status: NormalisedStatus): Promise<void> {
    await this.client.updateShippingStatus(this.processId(ref), toReverLkss(status));
  }

  async schedulePickup(ref: ProviderRef, input: SchedulePickupInput): Promise<PickupResult> {
    const processId = this.processId(ref);
    const before = await this.summary(processId);
    if (!hasLogisticOrder(before)) {
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
    return unsupported("REVER", "drop-off point search", "REVER's customer portal shows drop-off points");
  }

  async uploadManualLabel(ref: ProviderRef, input: ManualLabelInput): Promise<Label> {
    const processId = this.processId(ref);
    const sniffed = sniffLabelFormat(input.file);
    const expected = { pdf: "PDF", png: "PNG", jpg: "JPG" }[input.extension];
    if (sniffed !== expected) {
      missing(SERVICE, "file", `The file is ${sniffed ?? "not a PDF, PNG or JPG"} but was declared ${input.extension}: REVER accepts pdf, png or jpg labels only`);
    }
    const existing = await this.summary(processId);
    if (hasLogisticOrder(existing)) {
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
      async () => (hasLogisticOrder(await this.summary(processId)) ? { order: null } : undefined),
    );
    const s = await this.summary(processId);
    return this.labelFrom(processId, s ?? {});
  }

  downloadLabel(url: string) {
    return downloadLabelFile(url, {
      apiBaseUrl: this.client.baseUrl,
      authHeaders: { "x-rever-api-key": this.config.apiKey },
      allowedHosts: this.config.transport.allowedHosts,
      http: this.config.transport.http,
      log: this.config.transport.log,
      timeoutMs: this.config.transport.timeoutMs,
      retry: this.config.transport.retry,
      limiter: this.config.transport.limiter,
    });
  }

  /** Assumption: processes are searched by order number; the merchant links by hand when several match. */
  async findProcesses(ref: ProviderRef): Promise<ProcessCandidate[]> {
    const res = await this.client.searchProcesses(this.config.ecommerceId, bareOrderName(ref.orderName));
    return res.processes.map((p) => ({ processId: p.process_id, orderNumber: p.order_number, createdAt: p.created_at }));
  }

  /** Assumption: import a Shopify-created return into REVER (off by default: ShopSettings.reverImportReturns). */
  async importReturn(ref: ProviderRef, input: ImportReturnInput): Promise<{ processId: string }> {
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

import { UnimplementedError, ValidationError } from "../../http/errors.server";
import type { AssumedCapability } from "../assumed-capabilities";
import type { IfReturnsConnectionConfig } from "../connection";
import { capabilitiesFor, PROVIDERS } from "../descriptors";
import { downloadLabelOver, formatFromName, formatFromUrl, missing, unsupported } from "../shared.server";
import { safeHttpUrl } from "../../security/safe-url";
import { toIfStatus } from "../status-map";
import type {
  Address,
  CreateLabelInput,
  DropOffPoint,
  DropOffQuery,
  Label,
  NormalisedStatus,
  PlatformCapabilities,
  ProviderRef,
  ProviderTracking,
  PushTrackingInput,
  ReturnsPlatform,
} from "../types";
import { IfReturnsClient, type IfShippingLabelResponse } from "./client.server";

// iF returns behind ReturnsPlatform: labels through /shipping_labels, statuses pushed through
// /shipping_trackings, drop-off points through /pudos. iF offers no pickups and no status read-back.

const SERVICE = "ifreturns";
/** A client_shipment_id no real shipment uses: GET on it proves the token without changing anything. */
export const IF_CONNECTION_PROBE_ID = "returns-bridge-connection-test";

/** What iF does with its documented calls alone (assumption-gated ones follow the connection). */
export const IF_CAPABILITIES: PlatformCapabilities = PROVIDERS.IFRETURNS.capabilities;

function contact(a: Address, side: "origin" | "destination" | "shipper") {
  if (!a.email) missing(SERVICE, `${side}.email`, `iF returns requires an email for the ${side} address`);
  if (!a.phone) missing(SERVICE, `${side}.phone`, `iF returns requires a phone for the ${side} address`);
  return {
    fullName: a.name,
    email: a.email!,
    phone: a.phone!,
    address: {
      line1: a.line1,
      ...(a.line2 ? { line2: a.line2 } : {}),
      city: a.city,
      postalCode: a.postalCode,
      ...(a.region ? { region: a.region } : {}),
      countryCode: a.countryCode.toUpperCase(),
    },
  };
}

/**
 * A label set as iF answered it. The items of `shippingLabels` are collapsed in the document: their fields are
 * read only with `labelItemFields` on; otherwise the label is "requested", its file and tracking not known.
 */
export function labelFromIf(entry: IfShippingLabelResponse, readItems: boolean): Label {
  const base: Label = {
    providerShipmentId: entry.clientShipmentId,
    carrier: entry.carrierCode,
    carrierService: entry.carrierServiceCode,
    ...(entry.returnName ? { providerReference: entry.returnName } : {}),
  };
  if (!readItems) return base;
  const [first, ...rest] = entry.shippingLabels;
  const additional = [...(first?.additionalTrackingCodes ?? []), ...rest.map((l) => l.carrierTrackingCode).filter((c): c is string => !!c)];
  return {
    ...base,
    trackingNumber: first?.carrierTrackingCode,
    // What a provider sends is stored and rendered: only http(s) URLs are kept.
    trackingUrl: safeHttpUrl(first?.carrierTrackingUrl),
    additionalTrackingCodes: additional.length ? [...new Set(additional)] : undefined,
    labelUrl: safeHttpUrl(first?.url),
    labelFormat: formatFromName(first?.format) ?? formatFromUrl(first?.url),
  };
}

function isoDate(value: Date | string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const d = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(d.getTime())) missing(SERVICE, "occurredAt", `occurredAt is not a date: ${String(value)}`);
  return d.toISOString().replace(/\.\d{3}Z$/, "Z");
}

export class IfReturnsPlatform implements ReturnsPlatform {
  readonly provider = "IFRETURNS" as const;
  readonly capabilities: PlatformCapabilities;
  readonly assumed: ReadonlySet<AssumedCapability>;
  readonly client: IfReturnsClient;

  constructor(private readonly config: IfReturnsConnectionConfig) {
    this.assumed = config.assumed ?? new Set();
    this.capabilities = capabilitiesFor("IFRETURNS", this.assumed);
    this.client = new IfReturnsClient({ baseUrl: config.baseUrl, token: config.token, shopCode: config.shopCode, ...config.transport });
  }

  private get readsItems(): boolean {
    return this.assumed.has("labelItemFields");
  }

  async testConnection(): Promise<void> {
    // Assumption: 200 (an empty list) or iF's 404 for an unknown id both prove the token and shop code.
    await this.client.probe(IF_CONNECTION_PROBE_ID);
  }

  /** iF documents no read of a return: its return name cannot be checked before a status is registered. */
  async verifyReference(): Promise<"not-checkable"> {
    return "not-checkable";
  }

  async createLabel(input: CreateLabelInput): Promise<Label> {
    const existing = await this.findLabel(input.ref, input.idempotencyKey);
    if (existing) return existing;

    const carrierServiceCode = input.carrierService ?? this.config.defaultCarrierService ?? undefined;
    if (!carrierServiceCode) missing(SERVICE, "carrierService", "Choose a default carrier service for iF returns in Settings (e.g. IF-UPS-EXPRESS-SAVER)");
    const allowed = this.config.carrierServices ?? [];
    if (allowed.length && !allowed.includes(carrierServiceCode!)) {
      missing(SERVICE, "carrierService", `Carrier service ${carrierServiceCode} is not in this shop's list (${allowed.join(", ")}): add it in Settings`);
    }
    if (input.labelFormat !== "PDF" && input.labelFormat !== "ZPL") {
      missing(SERVICE, "labelFormat", `iF returns prints PDF or ZPL labels, not ${input.labelFormat}: change the label format in Settings`);
    }
    const parcels = input.parcels.length
      ? input.parcels
      : input.weightGrams
        ? [{ weightGrams: input.weightGrams }]
        : this.config.defaultParcel
          ? [this.config.defaultParcel]
          : [];
    if (!parcels.length) missing(SERVICE, "parcels", "A label needs at least one parcel: set a default parcel in Settings");

    const created = await this.client.createShippingLabel({
      shipmentType: "RETURN",
      clientShipmentId: input.idempotencyKey,
      // Assumption: the merchant return name lets iF (and the simulator) tie the label to the return's transport.
      clientShipmentName: input.clientShipmentName ?? input.ref.normalizedName,
      carrierServiceCode: carrierServiceCode!,
      labelFormat: input.labelFormat,
      origin: contact(input.origin, "origin"),
      destination: contact(input.destination, "destination"),
      parcels: parcels.map((p, i) => ({
        clientParcelId: `${input.idempotencyKey}-P${i + 1}`,
        ...(p.description ? { description: p.description } : {}),
        weight: Math.round(p.weightGrams),
        ...(p.heightCm ? { height: p.heightCm } : {}),
        ...(p.lengthCm ? { length: p.lengthCm } : {}),
        ...(p.widthCm ? { width: p.widthCm } : {}),
      })),
      ...(input.customsInfo?.length
        ? {
            customsInfo: input.customsInfo.map((c) => ({
              description: c.description,
              ...(c.hsCode ? { hsCode: c.hsCode } : {}),
              ...(c.weightKg !== undefined ? { weight: c.weightKg } : {}),
              quantity: c.quantity,
              ...(c.unitPrice !== undefined ? { unitPrice: c.unitPrice } : {}),
              ...(c.currencyCode ? { currencyCode: c.currencyCode } : {}),
              ...(c.originCountryCode ? { originCountryCode: c.originCountryCode } : {}),
            })),
          }
        : {}),
    });
    return labelFromIf(created, this.readsItems);
  }

  async findLabel(_ref: ProviderRef, idempotencyKey: string): Promise<Label | null> {
    const entries = await this.client.getShippingLabels(idempotencyKey);
    return entries.length ? labelFromIf(entries[0], this.readsItems) : null;
  }

  /** iF documents no status read: a found label implies LABEL_CREATED, reported by nobody. */
  async getTracking(ref: ProviderRef, idempotencyKey?: string): Promise<ProviderTracking | null> {
    if (!idempotencyKey) return null;
    const label = await this.findLabel(ref, idempotencyKey);
    if (!label) return null;
    return {
      status: "LABEL_CREATED",
      carrier: label.carrier,
      trackingNumber: label.trackingNumber,
      trackingUrl: label.trackingUrl,
      labelUrl: label.labelUrl,
      labelFormat: label.labelFormat,
      vendorStatus: null,
      statusReported: false,
      ...(label.providerReference ? { providerReference: label.providerReference } : {}),
    };
  }

  /**
   * Tell iF about a label / tracking made elsewhere: PUT /shipping_labels by MERCHANT_RETURN_NAME once the
   * number, tracking URL, label URL and format are known; POST /shipping_trackings when iF's return name is.
   */
  async pushTracking(ref: ProviderRef, t: PushTrackingInput): Promise<boolean> {
    let sent = 0;
    const format = t.labelFormat === "JPG" ? undefined : t.labelFormat;
    if (t.trackingNumber && t.trackingUrl && t.labelUrl && format) {
      await this.client.updateShippingLabel({
        shipmentId: ref.normalizedName,
        shipmentIdType: "MERCHANT_RETURN_NAME",
        shippingLabels: [
          {
            carrierTrackingCode: t.trackingNumber,
            ...(t.additionalTrackingCodes?.length ? { additionalTrackingCodes: t.additionalTrackingCodes } : {}),
            carrierTrackingUrl: t.trackingUrl,
            format,
            url: t.labelUrl,
          },
        ],
      });
      sent++;
    }
    if (ref.ifReturnName && t.status) {
      // Only the status the caller chose (never behind iF's): without one, nothing is registered.
      const trackingStatus = toIfStatus(t.status);
      if (trackingStatus) {
        await this.client.registerTracking({
          shipmentId: ref.ifReturnName,
          ...(t.carrier ? { carrierName: t.carrier } : {}),
          trackingNumber: t.trackingNumber,
          ...(t.trackingUrl ? { trackingUrl: t.trackingUrl } : {}),
          trackingStatus,
          ...(t.description ? { trackingStatusDescription: t.description } : {}),
          ...(t.occurredAt ? { trackingDate: isoDate(t.occurredAt) } : {}),
        });
        sent++;
      }
    }
    if (!sent) {
      throw new ValidationError(
        "Nothing sent to iF returns: attaching a label needs the tracking number, tracking URL, label URL and format (PDF, ZPL or PNG), and registering a status needs iF's return name (R1-64231) and a status ahead of iF's",
        { service: SERVICE, fields: { ...(ref.ifReturnName ? {} : { ifReturnName: "is unknown" }), ...(t.labelUrl && format ? {} : { labelUrl: "label URL and format are needed" }) } },
      );
    }
    return true;
  }

  async pushStatus(ref: ProviderRef, status: NormalisedStatus, detail?: string): Promise<void> {
    const trackingStatus = toIfStatus(status);
    if (!trackingStatus) return; // NONE has no iF equivalent: nothing to say.
    if (!ref.ifReturnName) missing(SERVICE, "ifReturnName", "iF's return name (e.g. R1-64231) is unknown for this return: link it on the return page");
    await this.client.registerTracking({
      shipmentId: ref.ifReturnName!,
      trackingStatus,
      ...(detail ? { trackingStatusDescription: detail } : {}),
    });
  }

  async schedulePickup(): Promise<never> {
    return unsupported(this.provider, "pickups", "iF arranges collections itself; use drop-off points or a REVER connection");
  }

  async findDropOffPoints(query: DropOffQuery): Promise<DropOffPoint[]> {
    if (!this.assumed.has("pudoPointFields")) {
      throw new UnimplementedError("iF returns does not document what a drop-off point carries (CalculatedPudo): turn on “Read iF's drop-off points” in Settings to use them", { service: SERVICE, code: "ASSUMPTION_OFF" });
    }
    const services = query.carrierServices?.length
      ? query.carrierServices
      : this.config.carrierServices?.length
        ? this.config.carrierServices
        : this.config.defaultCarrierService
          ? [this.config.defaultCarrierService]
          : [];
    if (query.rangeKm !== undefined && (query.rangeKm < 1 || query.rangeKm > 20)) {
      missing(SERVICE, "rangeKm", `The search range must be between 1 and 20 km (got ${query.rangeKm})`);
    }
    const groups = await this.client.calculatePudos({
      ...(services.length ? { carrierServices: services.map((code) => ({ code })) } : {}),
      ...(query.limit !== undefined ? { limit: query.limit } : {}),
      ...(query.address ? { address: query.address } : {}),
      ...(query.city ? { city: query.city } : {}),
      ...(query.postalCode ? { postalCode: query.postalCode } : {}),
      ...(query.countryCode ? { countryCode: query.countryCode.toUpperCase() } : {}),
      ...(query.latitude !== undefined ? { latitude: query.latitude, longitude: query.longitude } : {}),
      ...(query.rangeKm !== undefined ? { range: query.rangeKm } : {}),
      locationType: query.locationType ?? "ALL",
    });
    const points: DropOffPoint[] = [];
    for (const g of groups) {
      for (const p of g.pudoPoints) {
        points.push({
          id: p.id,
          name: p.name,
          address: p.address,
          city: p.city,
          postalCode: p.postalCode,
          countryCode: p.countryCode,
          latitude: p.latitude,
          longitude: p.longitude,
          distanceKm: p.distanceKm,
          openingHours: p.openingHours,
          carrierCode: g.carrierCode,
          locationType: p.locationType === "STORE_POINT" || p.locationType === "LOCKER_POINT" ? p.locationType : undefined,
        });
      }
    }
    return points.sort((a, b) => (a.distanceKm ?? Infinity) - (b.distanceKm ?? Infinity));
  }

  async uploadManualLabel(): Promise<never> {
    return unsupported(this.provider, "uploading label files", "send the label URL with pushTracking instead");
  }

  downloadLabel(url: string) {
    return downloadLabelOver(this.config.transport, url, this.client.baseUrl, { authorization: `Bearer ${this.config.token}` });
  }

  async findProcesses(): Promise<never> {
    return unsupported(this.provider, "process search", "iF returns are matched by name (MERCHANT_RETURN_NAME)");
  }

  async importReturn(): Promise<never> {
    return unsupported(this.provider, "importing returns", "iF's Returns section is not documented");
  }
}

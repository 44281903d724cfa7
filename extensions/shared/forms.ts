import type {
  Address,
  CreateLabelBody,
  DropOffSearchBody,
  LabelFormat,
  LinkBody,
  LocationType,
  OrderReturnsView,
  PickupBody,
  PickupWindow,
  ProviderId,
  ProviderOption,
  ReturnMethod,
  ReturnSummary,
} from "./api-client";
import { isSafeHttpUrl, safeHttpUrl } from "../../app/security/safe-url";

// The order-page extension's state without the UI: what each form starts with (from the settings the
// backend returns), what it may show (capabilities), how it is checked and which request it becomes.
// Error values are translation keys (locales/*.json), so the logic stays language-free.

export type FieldErrors = Record<string, string>;
export type Tab = "label" | "pickup" | "dropOff" | "link";

/** The provider a return works with: the link's (or suggested) one when connected, else the first connected. */
export function providerOf(view: OrderReturnsView, ret: ReturnSummary, chosen?: ProviderId): ProviderOption | null {
  const wanted = chosen ?? ret.provider;
  return view.providers.find((p) => p.provider === wanted) ?? view.providers[0] ?? null;
}

/** What the merchant may do with this return: unsupported actions are hidden, not offered and refused. */
export function availableTabs(view: OrderReturnsView, ret: ReturnSummary): Tab[] {
  const p = providerOf(view, ret);
  const tabs: Tab[] = [];
  if (!p) return ["link"];
  const anyLabels = view.providers.some((x) => x.capabilities.labels);
  if (anyLabels && (ret.status === "OPEN" || ret.status === "REQUESTED")) tabs.push("label");
  if (p.capabilities.pickups && ret.status === "OPEN") tabs.push("pickup");
  if (p.capabilities.dropOffPoints && (ret.status === "OPEN" || ret.status === "REQUESTED")) tabs.push("dropOff");
  tabs.push("link");
  return tabs;
}

export function needsApproval(ret: ReturnSummary): boolean {
  return ret.status === "REQUESTED";
}

/** The label a return already has (the newest one of the app), if any. */
export function currentLabel(ret: ReturnSummary) {
  return ret.labels.find((l) => l.state === "ATTACHED" || l.state === "CREATED" || l.state === "REQUESTED") ?? null;
}

// ---- Label ----

export interface ParcelForm {
  weight: string;
  length: string;
  width: string;
  height: string;
}

export interface ManualLabelForm {
  fileName: string;
  fileBase64: string;
  extension: "pdf" | "png" | "jpg";
}

export interface LabelForm {
  provider: ProviderId;
  reverseFulfillmentOrderId: string;
  carrierService: string;
  labelFormat: LabelFormat;
  parcels: ParcelForm[];
  notifyCustomer: boolean;
  approveFirst: boolean;
  returnMethod: ReturnMethod;
  pickupDate: string;
  ranges: RangeKey[];
  manual: ManualLabelForm | null;
  manualCarrier: string;
  manualTrackingNumber: string;
  manualTrackingUrl: string;
  /** The customer's address for the label, from what Shopify shared; sent only when open (edited or incomplete). */
  origin: AddressForm;
  originOpen: boolean;
}

/** What each platform's label needs of the customer's address (iF returns: email and phone too). */
export const ORIGIN_NEEDS: Record<ProviderId, Array<keyof AddressForm>> = {
  IFRETURNS: ["name", "line1", "city", "postalCode", "countryCode", "email", "phone"],
  REVER: ["name", "line1", "city", "postalCode", "countryCode"],
};

/** The merchant must complete the address: the order is out of Shopify's reach, or a field the platform needs is missing. */
export function originNeeded(view: OrderReturnsView, provider: ProviderId | undefined): boolean {
  if (view.order.access === "OUT_OF_REACH") return true;
  const draft = addressForm(view.order.addressDraft);
  return ORIGIN_NEEDS[provider ?? "IFRETURNS"].some((f) => !draft[f].trim());
}

const num = (v: number | undefined | null) => (v === undefined || v === null ? "" : String(v));

export function emptyParcel(p: ProviderOption | null): ParcelForm {
  const d = p?.defaults.parcel;
  return { weight: num(d?.weightGrams), length: num(d?.lengthCm), width: num(d?.widthCm), height: num(d?.heightCm) };
}

/** Formats a merchant can ask the provider for (REVER decides its own: nothing to choose). */
export function requestableFormats(p: ProviderOption | null): LabelFormat[] {
  return p?.provider === "IFRETURNS" ? p.capabilities.labelFormats : [];
}

export function initialLabelForm(view: OrderReturnsView, ret: ReturnSummary, chosen?: ProviderId): LabelForm {
  const p = providerOf(view, ret, chosen);
  const openRfos = ret.reverseFulfillmentOrders.filter((r) => r.status === "OPEN");
  return {
    provider: p?.provider ?? "IFRETURNS",
    reverseFulfillmentOrderId: openRfos.length === 1 ? openRfos[0].id : "",
    carrierService: p?.defaults.carrierService ?? p?.defaults.carrierServices[0] ?? "",
    labelFormat: p?.defaults.labelFormat ?? "PDF",
    parcels: [emptyParcel(p)],
    notifyCustomer: p?.defaults.notifyCustomer ?? false,
    approveFirst: view.approveBeforeLabel,
    returnMethod: "DROP_OFF_POINT",
    pickupDate: "",
    ranges: [],
    manual: null,
    manualCarrier: "",
    manualTrackingNumber: "",
    manualTrackingUrl: "",
    origin: addressForm(view.order.addressDraft),
    originOpen: originNeeded(view, p?.provider),
  };
}

function positive(value: string, { integer, max }: { integer: boolean; max: number }): number | null {
  if (!value.trim()) return null;
  const n = Number(value.replace(",", "."));
  if (!Number.isFinite(n) || n <= 0 || n > max || (integer && !Number.isInteger(n))) return NaN;
  return n;
}

export function validateLabelForm(form: LabelForm, ret: ReturnSummary): FieldErrors {
  const errors: FieldErrors = {};
  const openRfos = ret.reverseFulfillmentOrders.filter((r) => r.status === "OPEN");
  if (ret.status === "OPEN" && openRfos.length > 1 && !form.reverseFulfillmentOrderId) errors.reverseFulfillmentOrderId = "error.chooseRfo";
  if (form.manual) {
    if (form.manualTrackingUrl.trim() && !isSafeHttpUrl(form.manualTrackingUrl)) errors.manualTrackingUrl = "error.url";
    return errors;
  }
  if (form.provider === "IFRETURNS" && !form.carrierService.trim()) errors.carrierService = "error.required";
  if (form.originOpen) {
    Object.assign(errors, validateAddress(form.origin, "origin"));
    for (const f of ORIGIN_NEEDS[form.provider]) if (!form.origin[f].trim()) errors[`origin.${f}`] ??= "error.required";
  }
  form.parcels.forEach((p, i) => {
    const w = positive(p.weight, { integer: true, max: 70_000 });
    if (w === null) errors[`parcels[${i}].weight`] = "error.required";
    else if (Number.isNaN(w)) errors[`parcels[${i}].weight`] = "error.weight";
    for (const dim of ["length", "width", "height"] as const) {
      const v = positive(p[dim], { integer: false, max: 400 });
      if (v !== null && Number.isNaN(v)) errors[`parcels[${i}].${dim}`] = "error.dimension";
    }
  });
  if (form.provider === "REVER" && form.returnMethod === "HOME_PICK_UP") {
    if (!form.ranges.length) errors.ranges = "error.chooseWindow";
    if (form.pickupDate && !/^\d{4}-\d{2}-\d{2}$/.test(form.pickupDate)) errors.pickupDate = "error.date";
  }
  return errors;
}

export function labelRequest(form: LabelForm, view: OrderReturnsView, ret: ReturnSummary): CreateLabelBody {
  const body: CreateLabelBody = { notifyCustomer: form.notifyCustomer };
  if (view.providers.length > 1) body.provider = form.provider;
  if (form.reverseFulfillmentOrderId) body.reverseFulfillmentOrderId = form.reverseFulfillmentOrderId;
  if (ret.status === "REQUESTED") body.approveFirst = form.approveFirst;
  if (form.manual) {
    body.manualLabel = {
      fileBase64: form.manual.fileBase64,
      extension: form.manual.extension,
      ...(form.manualCarrier.trim() ? { carrier: form.manualCarrier.trim() } : {}),
      ...(form.manualTrackingNumber.trim() ? { trackingNumber: form.manualTrackingNumber.trim() } : {}),
      ...(form.manualTrackingUrl.trim() ? { trackingUrl: form.manualTrackingUrl.trim() } : {}),
    };
    return body;
  }
  if (form.carrierService.trim()) body.carrierService = form.carrierService.trim();
  if (form.originOpen) body.origin = toAddress(form.origin);
  const provider = view.providers.find((p) => p.provider === form.provider) ?? null;
  if (requestableFormats(provider).includes(form.labelFormat)) body.labelFormat = form.labelFormat;
  body.parcels = form.parcels.map((p) => {
    const dims = { lengthCm: positive(p.length, { integer: false, max: 400 }), widthCm: positive(p.width, { integer: false, max: 400 }), heightCm: positive(p.height, { integer: false, max: 400 }) };
    return {
      weightGrams: Number(p.weight),
      ...(dims.lengthCm ? { lengthCm: dims.lengthCm } : {}),
      ...(dims.widthCm ? { widthCm: dims.widthCm } : {}),
      ...(dims.heightCm ? { heightCm: dims.heightCm } : {}),
    };
  });
  if (form.provider === "REVER") {
    body.returnMethod = form.returnMethod;
    if (form.returnMethod === "HOME_PICK_UP") body.pickupWindows = windowsOf(form.ranges, form.pickupDate);
  }
  return body;
}

// ---- Pickup ----

export const RANGES = [
  { key: "8-12", startHour: 8, endHour: 12 },
  { key: "12-16", startHour: 12, endHour: 16 },
  { key: "16-20", startHour: 16, endHour: 20 },
] as const;
export type RangeKey = (typeof RANGES)[number]["key"];

export function windowsOf(ranges: RangeKey[], date: string): PickupWindow[] {
  return RANGES.filter((r) => ranges.includes(r.key)).map((r) => ({ ...(date ? { date } : {}), startHour: r.startHour, endHour: r.endHour }));
}

export interface AddressForm {
  name: string;
  email: string;
  phone: string;
  line1: string;
  line2: string;
  city: string;
  postalCode: string;
  countryCode: string;
}

export function addressForm(a: Partial<Address> | null): AddressForm {
  return { name: a?.name ?? "", email: a?.email ?? "", phone: a?.phone ?? "", line1: a?.line1 ?? "", line2: a?.line2 ?? "", city: a?.city ?? "", postalCode: a?.postalCode ?? "", countryCode: a?.countryCode ?? "" };
}

export interface PickupForm {
  date: string;
  ranges: RangeKey[];
  address: AddressForm;
}

export function initialPickupForm(view: OrderReturnsView): PickupForm {
  return { date: "", ranges: [], address: addressForm(view.order.address) };
}

export function validateAddress(a: AddressForm, prefix: string): FieldErrors {
  const errors: FieldErrors = {};
  for (const f of ["name", "line1", "city", "postalCode"] as const) if (!a[f].trim()) errors[`${prefix}.${f}`] = "error.required";
  if (!/^[A-Za-z]{2}$/.test(a.countryCode.trim())) errors[`${prefix}.countryCode`] = "error.country";
  if (a.email.trim() && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(a.email.trim())) errors[`${prefix}.email`] = "error.email";
  return errors;
}

export function validatePickupForm(form: PickupForm): FieldErrors {
  const errors: FieldErrors = { ...validateAddress(form.address, "address") };
  if (!form.ranges.length) errors.ranges = "error.chooseWindow";
  if (form.date && !/^\d{4}-\d{2}-\d{2}$/.test(form.date)) errors.date = "error.date";
  return errors;
}

function toAddress(a: AddressForm): Address {
  const t = (v: string) => v.trim();
  return {
    name: t(a.name),
    ...(t(a.email) ? { email: t(a.email) } : {}),
    ...(t(a.phone) ? { phone: t(a.phone) } : {}),
    line1: t(a.line1),
    ...(t(a.line2) ? { line2: t(a.line2) } : {}),
    city: t(a.city),
    postalCode: t(a.postalCode),
    countryCode: t(a.countryCode).toUpperCase(),
  };
}

export function pickupRequest(form: PickupForm): PickupBody {
  return { windows: windowsOf(form.ranges, form.date), address: toAddress(form.address) };
}

// ---- Drop-off points ----

export interface DropOffForm {
  mode: "address" | "coordinates";
  address: string;
  postalCode: string;
  city: string;
  countryCode: string;
  latitude: string;
  longitude: string;
  rangeKm: string;
  locationType: LocationType;
}

export const MIN_RANGE_KM = 1;
export const MAX_RANGE_KM = 20;

export function initialDropOffForm(view: OrderReturnsView): DropOffForm {
  const a = view.order.address;
  return { mode: "address", address: a?.line1 ?? "", postalCode: a?.postalCode ?? "", city: a?.city ?? "", countryCode: a?.countryCode ?? "", latitude: "", longitude: "", rangeKm: "5", locationType: "ALL" };
}

export function validateDropOffForm(form: DropOffForm): FieldErrors {
  const errors: FieldErrors = {};
  const range = Number(form.rangeKm);
  if (form.rangeKm.trim() && (!Number.isFinite(range) || range < MIN_RANGE_KM || range > MAX_RANGE_KM)) errors.rangeKm = "error.range";
  if (form.mode === "coordinates") {
    const lat = Number(form.latitude);
    const lng = Number(form.longitude);
    if (!form.latitude.trim() || !Number.isFinite(lat) || lat < -90 || lat > 90) errors.latitude = "error.latitude";
    if (!form.longitude.trim() || !Number.isFinite(lng) || lng < -180 || lng > 180) errors.longitude = "error.longitude";
  } else {
    if (!form.address.trim()) errors.address = "error.required";
    if (form.countryCode.trim() && !/^[A-Za-z]{2}$/.test(form.countryCode.trim())) errors.countryCode = "error.country";
  }
  return errors;
}

export function dropOffRequest(form: DropOffForm): DropOffSearchBody {
  const body: DropOffSearchBody = { locationType: form.locationType };
  if (form.rangeKm.trim()) body.rangeKm = Number(form.rangeKm);
  if (form.mode === "coordinates") return { ...body, latitude: Number(form.latitude), longitude: Number(form.longitude) };
  return {
    ...body,
    address: form.address.trim(),
    ...(form.postalCode.trim() ? { postalCode: form.postalCode.trim() } : {}),
    ...(form.city.trim() ? { city: form.city.trim() } : {}),
    ...(form.countryCode.trim() ? { countryCode: form.countryCode.trim().toUpperCase() } : {}),
  };
}

// ---- Manual link ----

export interface LinkForm {
  provider: ProviderId;
  reference: string;
}

export function initialLinkForm(view: OrderReturnsView, ret: ReturnSummary): LinkForm {
  const provider = ret.link?.provider ?? providerOf(view, ret)?.provider ?? "IFRETURNS";
  const reference = provider === "REVER" ? (ret.link?.reverProcessId ?? "") : (ret.link?.ifReturnName ?? "");
  return { provider, reference };
}

export function validateLinkForm(form: LinkForm): FieldErrors {
  return form.reference.trim() ? {} : { reference: "error.required" };
}

export function linkRequest(form: LinkForm): LinkBody {
  const reference = form.reference.trim();
  return form.provider === "REVER" ? { provider: "REVER", reverProcessId: reference } : { provider: "IFRETURNS", ifReturnName: reference };
}

// ---- Files and printing ----

export function extensionOf(fileName: string): "pdf" | "png" | "jpg" | null {
  const ext = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase();
  return ext === "pdf" ? "pdf" : ext === "png" ? "png" : ext === "jpg" || ext === "jpeg" ? "jpg" : null;
}

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** Base64 without Buffer or btoa (the extension sandbox may lack both). */
export function bytesToBase64(bytes: Uint8Array): string {
  let out = "";
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out += B64[(n >> 18) & 63] + B64[(n >> 12) & 63] + B64[(n >> 6) & 63] + B64[n & 63];
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i] << 16;
    out += `${B64[(n >> 18) & 63]}${B64[(n >> 12) & 63]}==`;
  } else if (rest === 2) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8);
    out += `${B64[(n >> 18) & 63]}${B64[(n >> 12) & 63]}${B64[(n >> 6) & 63]}=`;
  }
  return out;
}

export interface PrintableLabel {
  returnId: string;
  returnName: string;
  shipmentId: string;
  trackingNumber: string | null;
  labelFormat: string | null;
  /** The signed URL the print preview loads. */
  fileUrl: string;
}

/** Labels the print action can show (PDF or image), newest first per return; ZPL is for warehouse printers. */
export function printableLabels(view: OrderReturnsView): PrintableLabel[] {
  const out: PrintableLabel[] = [];
  for (const r of view.returns) {
    for (const l of r.labels) {
      if (l.printable && l.fileUrl) out.push({ returnId: r.id, returnName: r.name, shipmentId: l.shipmentId, trackingNumber: l.trackingNumber, labelFormat: l.labelFormat, fileUrl: l.fileUrl });
    }
  }
  return out;
}

/** The tracking page to link a label to: only an http(s) URL (a `javascript:` one is shown as no link at all). */
export function trackingHref(label: { trackingUrl: string | null }): string | undefined {
  return safeHttpUrl(label.trackingUrl);
}

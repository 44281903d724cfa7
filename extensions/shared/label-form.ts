import type { CreateLabelBody, LabelFormat, OrderReturnsView, ProviderId, ProviderOption, ReturnMethod, ReturnSummary } from "./api-client";
import { isSafeHttpUrl } from "../../app/security/safe-url";
import { addressForm, toAddress, validateAddress, type AddressForm } from "./address-form";
import { windowsOf, type RangeKey } from "./pickup-form";
import { providerOf, type FieldErrors } from "./return-options";

// The label form: its defaults from the provider's settings, its checks and the request it becomes.

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

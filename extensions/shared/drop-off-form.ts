import type { DropOffSearchBody, LocationType, OrderReturnsView } from "./api-client";
import type { FieldErrors } from "./return-options";

// The drop-off point search: near an address or coordinates, within the range the platforms accept.

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

import { ApiError, type OrderReturnsView, type PickupBody, type PickupWindow } from "./api-client";
import { PICKUP_MAY_BE_BOOKED } from "../../app/contract/extension-api";
import { addressForm, toAddress, validateAddress, type AddressForm } from "./address-form";
import type { FieldErrors } from "./return-options";

// The pickup form: windows from the ranges REVER offers, the address, and what to send after a lost answer.

export const RANGES = [
  { key: "8-12", startHour: 8, endHour: 12 },
  { key: "12-16", startHour: 12, endHour: 16 },
  { key: "16-20", startHour: 16, endHour: 20 },
] as const;
export type RangeKey = (typeof RANGES)[number]["key"];

export function windowsOf(ranges: RangeKey[], date: string): PickupWindow[] {
  return RANGES.filter((r) => ranges.includes(r.key)).map((r) => ({ ...(date ? { date } : {}), startHour: r.startHour, endHour: r.endHour }));
}

export interface PickupForm {
  date: string;
  ranges: RangeKey[];
  address: AddressForm;
}

export function initialPickupForm(view: OrderReturnsView): PickupForm {
  return { date: "", ranges: [], address: addressForm(view.order.address) };
}

export function validatePickupForm(form: PickupForm): FieldErrors {
  const errors: FieldErrors = { ...validateAddress(form.address, "address") };
  if (!form.ranges.length) errors.ranges = "error.chooseWindow";
  if (form.date && !/^\d{4}-\d{2}-\d{2}$/.test(form.date)) errors.date = "error.date";
  return errors;
}

export function pickupRequest(form: PickupForm): PickupBody {
  return { windows: windowsOf(form.ranges, form.date), address: toAddress(form.address) };
}

/** The two answers a merchant can give after checking the provider, each a request the backend takes. */
export interface PickupResolution {
  booked: PickupBody;
  bookAgain: PickupBody;
}

/** The answers to PICKUP_MAY_BE_BOOKED resend the failed request as it was (the backend finds the pickup by its windows); else null. */
export function pickupResolution(err: unknown, sent: PickupBody): PickupResolution | null {
  if (!(err instanceof ApiError) || err.code !== PICKUP_MAY_BE_BOOKED) return null;
  return { booked: { ...sent, resolve: "booked" }, bookAgain: { ...sent, resolve: "book-again" } };
}

import type { Address } from "./api-client";
import type { FieldErrors } from "./return-options";

// The customer's address as a form (label origin, pickup address): strings while typed, an Address when sent.

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

export function validateAddress(a: AddressForm, prefix: string): FieldErrors {
  const errors: FieldErrors = {};
  for (const f of ["name", "line1", "city", "postalCode"] as const) if (!a[f].trim()) errors[`${prefix}.${f}`] = "error.required";
  if (!/^[A-Za-z]{2}$/.test(a.countryCode.trim())) errors[`${prefix}.countryCode`] = "error.country";
  if (a.email.trim() && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(a.email.trim())) errors[`${prefix}.email`] = "error.email";
  return errors;
}

export function toAddress(a: AddressForm): Address {
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

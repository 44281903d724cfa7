import type { Address, ProviderRef } from "../types";

// Sample values shared by the platform tests (not used by production code).

export const customerAddress: Address = {
  name: "Juan Perez",
  email: "customer@example.com",
  phone: "+34666666666",
  line1: "Calle de Fortunata y Jacinta 12",
  city: "Madrid",
  postalCode: "28020",
  region: "Madrid",
  regionCode: "M",
  countryCode: "ES",
};

export const warehouseAddress: Address = {
  name: "Returns Bridge warehouse",
  company: "Returns Bridge SL",
  email: "warehouse@example.com",
  phone: "+34911222333",
  line1: "Avenida de la Logística 4",
  line2: "Nave 7",
  city: "Getafe",
  postalCode: "28906",
  region: "Madrid",
  countryCode: "ES",
};

export function refFor(orderNumber: number, extra: Partial<ProviderRef> = {}): ProviderRef {
  return {
    normalizedName: `${orderNumber}-R1`,
    orderName: `#${orderNumber}`,
    orderGid: `gid://shopify/Order/${orderNumber + 1000}`,
    ...extra,
  };
}

/** Check a PDF's cross-reference table: every offset must point at "<n> 0 obj". */
export function pdfIsWellFormed(bytes: Uint8Array): boolean {
  const text = Buffer.from(bytes).toString("latin1");
  if (!text.startsWith("%PDF-") || !text.trimEnd().endsWith("%%EOF")) return false;
  const startxref = Number(/startxref\s+(\d+)\s+%%EOF\s*$/.exec(text)?.[1]);
  if (!Number.isFinite(startxref) || !text.startsWith("xref", startxref)) return false;
  const rows = text.slice(startxref).split("\n").slice(2);
  let n = 0;
  for (const row of rows) {
    const m = /^(\d{10}) (\d{5}) ([nf]) $/.exec(row);
    if (!m) break;
    if (m[3] === "n" && !text.startsWith(`${n} 0 obj`, Number(m[1]))) return false;
    n++;
  }
  return n > 1;
}

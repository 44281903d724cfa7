// The naming rules between Shopify and iF, decided in one place each.

/** Shopify shows "#64231-R1"; iF's MERCHANT_RETURN_NAME is "64231-R1": strip one leading '#', trim, keep the rest. */
export function normalizeReturnName(name: string): string {
  return name.trim().replace(/^#/, "").trim();
}

/**
 * Assumption: iF's RETURN_NAME follows its documented format R#-{ORDER_NAME}, so Shopify's "64231-R1" is
 * "R1-64231" in iF. Returns null when the name does not end in "-R<n>"; the merchant can always correct it.
 */
export function derivedIfReturnName(normalizedName: string): string | null {
  const m = /^(.+)-R(\d+)$/i.exec(normalizeReturnName(normalizedName));
  return m ? `R${Number(m[2])}-${m[1]}` : null;
}

/** "#64231" -> "64231": the order name without Shopify's display prefix. */
export function bareOrderName(orderName: string): string {
  return orderName.trim().replace(/^#/, "").trim();
}

/** "gid://shopify/Order/5000" -> "5000". */
export function legacyIdFromGid(gid: string | undefined): string | undefined {
  const m = gid ? /\/(\d+)$/.exec(gid) : null;
  return m ? m[1] : undefined;
}

import { createHmac, timingSafeEqual } from "node:crypto";

// Shopify signs the raw body: X-Shopify-Hmac-Sha256 = base64(HMAC-SHA256(secret, body)).
// Checked in constant time before anything is parsed or stored.
export function verifyShopifyHmac(rawBody: Uint8Array | string, header: string | null | undefined, secret: string): boolean {
  if (!header) return false;
  let given: Buffer;
  try {
    given = Buffer.from(header, "base64");
  } catch {
    return false;
  }
  const expected = createHmac("sha256", secret).update(rawBody).digest();
  return given.length === expected.length && timingSafeEqual(given, expected);
}

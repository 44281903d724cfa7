import { createHmac, timingSafeEqual } from "node:crypto";

// Label files opened as documents (the print action's preview, a download link) cannot carry an Authorization
// header, and a session token in a URL ends up in browser history and logs. So the backend hands the extensions
// absolute URLs signed with the app's secret (HMAC-SHA256), bound to the shop, the return and the shipment, and
// valid for a few minutes; the label-file route serves a file to such a URL without a session token.
// The print action's src is a document URL like any other
// (https://shopify.dev/docs/apps/build/admin/actions-blocks/build-admin-print-action), and a download link leaves
// the extension, so the URL is absolute (SHOPIFY_APP_URL).

export const LABEL_URL_TTL_MS = 10 * 60 * 1000;
const VERSION = "label-file/v1";

export interface LabelUrlClaims {
  shop: string;
  /** The return's numeric id (the route's path parameter). */
  returnId: string;
  shipmentId: string;
  download: boolean;
}

function signature(secret: string, c: LabelUrlClaims, expires: number): Buffer {
  return createHmac("sha256", secret).update([VERSION, c.shop, c.returnId, c.shipmentId, c.download ? "1" : "0", String(expires)].join("\n")).digest();
}

export function signLabelUrl(opts: { appUrl: string; secret: string; now: number; ttlMs?: number } & LabelUrlClaims): string {
  const expires = Math.floor((opts.now + (opts.ttlMs ?? LABEL_URL_TTL_MS)) / 1000);
  const url = new URL(`/api/returns/${encodeURIComponent(opts.returnId)}/label-file`, opts.appUrl);
  url.searchParams.set("shop", opts.shop);
  url.searchParams.set("shipmentId", opts.shipmentId);
  if (opts.download) url.searchParams.set("download", "1");
  url.searchParams.set("expires", String(expires));
  url.searchParams.set("signature", signature(opts.secret, opts, expires).toString("base64url"));
  return url.toString();
}

export type LabelUrlVerdict = { ok: true; claims: LabelUrlClaims } | { ok: false; reason: "expired" | "invalid" };

/** Whether a label URL was signed by this app for the return in its path, and has not expired. */
export function verifyLabelUrl(url: URL, returnId: string, opts: { secret: string; now: number }): LabelUrlVerdict {
  const q = url.searchParams;
  const shop = q.get("shop");
  const shipmentId = q.get("shipmentId");
  const expires = Number(q.get("expires"));
  const given = Buffer.from(q.get("signature") ?? "", "base64url");
  if (!shop || !shipmentId || !Number.isInteger(expires)) return { ok: false, reason: "invalid" };
  const claims: LabelUrlClaims = { shop, returnId, shipmentId, download: q.get("download") === "1" };
  const expected = signature(opts.secret, claims, expires);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: "invalid" };
  if (expires * 1000 <= opts.now) return { ok: false, reason: "expired" };
  return { ok: true, claims };
}

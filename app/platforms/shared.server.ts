import type { z, ZodType } from "zod";
import type { HttpClient, RetryPolicy } from "../http/client.server";
import type { Logger } from "../logger.server";
import type { RateLimiter } from "../http/rate-limiter.server";
import { ResponseShapeError, UnimplementedError, ValidationError } from "../http/errors.server";
import { PROVIDERS } from "./descriptors";
import type { DownloadedLabel, LabelFormat, ProviderId } from "./types";

// Helpers both adapters share: request checking, "not supported" errors, label downloads and format sniffing.

export const SERVICE_NAMES: Record<ProviderId, string> = { IFRETURNS: PROVIDERS.IFRETURNS.displayName, REVER: PROVIDERS.REVER.displayName };

/** Check a request against its schema before sending; a problem becomes a ValidationError naming the field. */
export function checkRequest<T>(schema: ZodType<T, z.ZodTypeDef, unknown>, body: unknown, service: string): T {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const fields: Record<string, string> = {};
  for (const i of result.error.issues) {
    const path = i.path.map((p) => (typeof p === "number" ? `[${p}]` : `.${p}`)).join("").replace(/^\./, "") || "(body)";
    fields[path] ??= i.message;
  }
  const [path, message] = Object.entries(fields)[0];
  throw new ValidationError(`Not sent to ${service}: ${path}: ${message}`, { service, fields });
}

/** A call the platform does not offer: a clear, terminal error instead of a silent no-op. */
export function unsupported(provider: ProviderId, what: string, hint?: string): never {
  throw new UnimplementedError(`${SERVICE_NAMES[provider]} does not support ${what}${hint ? `: ${hint}` : ""}`, {
    service: PROVIDERS[provider].service,
  });
}

/** Missing input the caller must supply (a reference, a setting): terminal, names the field. */
export function missing(service: string, field: string, message: string): never {
  throw new ValidationError(`${message}`, { service, fields: { [field]: message } });
}

export function sniffLabelFormat(bytes: Uint8Array): LabelFormat | null {
  const head = Buffer.from(bytes.subarray(0, 16));
  if (head.subarray(0, 5).toString("latin1") === "%PDF-") return "PDF";
  if (head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return "PNG";
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return "JPG";
  if (/^\s*\^XA/.test(Buffer.from(bytes.subarray(0, 64)).toString("latin1"))) return "ZPL";
  return null;
}

export function formatFromUrl(url: string | undefined): LabelFormat | undefined {
  const m = url ? /\.(pdf|zpl|png|jpe?g)(?:$|[?#])/i.exec(url) : null;
  if (!m) return undefined;
  const ext = m[1].toLowerCase();
  return ext === "pdf" ? "PDF" : ext === "zpl" ? "ZPL" : ext === "png" ? "PNG" : "JPG";
}

export function formatFromName(value: string | undefined): LabelFormat | undefined {
  const v = value?.trim().toUpperCase();
  if (v === "PDF" || v === "ZPL" || v === "PNG") return v;
  if (v === "JPG" || v === "JPEG") return "JPG";
  return undefined;
}

export interface DownloadOptions {
  http: HttpClient;
  log?: Logger;
  /** Credentials go only to the provider's own origin, never to a third-party label host. */
  authOrigin?: string;
  authHeaders?: Record<string, string>;
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  maxBytes?: number;
  /** The connection's limiter: a file on the provider's own origin counts against its request budget. */
  limiter?: RateLimiter;
}

// Assumption: label URLs are downloadable without credentials (pre-signed style) unless on the API origin.
/** Fetch a label file; the format comes from the bytes, not from the URL or the content type. */
export async function downloadLabelFile(url: string, opts: DownloadOptions): Promise<DownloadedLabel> {
  const u = new URL(url);
  if (u.protocol !== "https:" && u.protocol !== "http:") throw new ValidationError(`Label URL must be http(s): ${u.protocol}`, { service: "download" });
  const sameOrigin = opts.authOrigin !== undefined && new URL(opts.authOrigin).origin === u.origin;
  const max = opts.maxBytes ?? 10 * 1024 * 1024;
  const res = await opts.http.request<Uint8Array>({
    log: opts.log,
    maxResponseBytes: max,
    service: "download",
    method: "GET",
    url,
    raw: true,
    headers: { accept: "application/pdf, application/x-zpl, image/png, image/jpeg, */*", ...(sameOrigin ? opts.authHeaders : {}) },
    timeoutMs: opts.timeoutMs,
    retry: opts.retry,
    ...(sameOrigin && opts.limiter ? { limiter: opts.limiter } : {}),
  });
  const bytes = res.data;
  if (bytes.length === 0) throw new ResponseShapeError("The label file is empty", { service: "download", url: u.origin + u.pathname, path: "(body)" });
  const contentType = res.headers.get("content-type")?.split(";")[0].trim() || "application/octet-stream";
  // Trust the bytes only: a server calling an HTML error page "application/pdf" must not become a label.
  return { bytes, contentType, format: sniffLabelFormat(bytes) };
}

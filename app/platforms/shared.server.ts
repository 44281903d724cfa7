import type { z, ZodType } from "zod";
import type { HttpClient, OutboundAccess, RetryPolicy } from "../http/client.server";
import type { OutboundPurpose } from "../http/outbound-gate.server";
import type { Logger } from "../logger.server";
import type { RateLimiter } from "../http/rate-limiter.server";
import { ResponseShapeError, UnimplementedError, ValidationError } from "../http/errors.server";
import { PROVIDERS } from "./descriptors";
import { sniffLabelFormat } from "./label-bytes";
import { loopbackEntry } from "./provider-hosts";
import type { TransportOptions } from "./connection";
import type { DownloadedLabel, LabelFormat, ProviderId } from "./types";

// Helpers both adapters share: request checking, "not supported" errors, where calls may go, label downloads.

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
  /** The connection's API base URL: only its host may receive `authHeaders` (and only when it is an API host). */
  apiBaseUrl: string;
  authHeaders: Record<string, string>;
  /** The provider's API hosts (credentials go to the base URL's host only when it is one of them). */
  allowedHosts?: string[];
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  maxBytes?: number;
  /** The connection's limiter: a file on the provider's own host counts against its request budget. */
  limiter?: RateLimiter;
}

/** Where a provider's calls may go: its API hosts, its credential to the base URL's host only, a simulator outside production. */
export function providerAccess(baseUrl: string, purpose: OutboundPurpose, allowedHosts?: string[]): OutboundAccess {
  const simulator = loopbackEntry(baseUrl);
  return { purpose, allowedHosts, credentialsHosts: [new URL(baseUrl).hostname], loopbackHosts: simulator ? [simulator] : [] };
}

export const MAX_LABEL_BYTES = 10 * 1024 * 1024;

// Assumption: label URLs are downloadable without credentials (pre-signed style) unless on the API host.
/**
 * Fetch a label file through the outbound gate (any public https host, each redirect checked, 10 MiB, one
 * deadline); the format comes from the bytes only (null: not a label, never served).
 */
export async function downloadLabelFile(url: string, opts: DownloadOptions): Promise<DownloadedLabel> {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new ValidationError("The provider's label URL is not a URL", { service: "download" });
  }
  if (u.protocol !== "https:" && u.protocol !== "http:") throw new ValidationError(`Label URL must be http(s): ${u.protocol}`, { service: "download" });
  const sameHost = new URL(opts.apiBaseUrl).host === u.host;
  const res = await opts.http.request<Uint8Array>({
    log: opts.log,
    maxResponseBytes: opts.maxBytes ?? MAX_LABEL_BYTES,
    service: "download",
    access: providerAccess(opts.apiBaseUrl, "file", opts.allowedHosts),
    method: "GET",
    url,
    raw: true,
    // The gate sends these to the API host only; every other host (a CDN, a redirect) gets none of them.
    headers: { accept: "application/pdf, application/x-zpl, image/png, image/jpeg, */*", ...opts.authHeaders },
    timeoutMs: opts.timeoutMs,
    retry: opts.retry ?? { maxAttempts: 2 },
    secrets: Object.values(opts.authHeaders),
    ...(sameHost && opts.limiter ? { limiter: opts.limiter } : {}),
  });
  const bytes = res.data;
  if (bytes.length === 0) throw new ResponseShapeError("The label file is empty", { service: "download", url: u.origin + u.pathname, path: "(body)" });
  const contentType = res.headers.get("content-type")?.split(";")[0].trim() || "application/octet-stream";
  // Trust the bytes only: a server calling an HTML page "application/pdf" must not become a label.
  return { bytes, contentType, format: sniffLabelFormat(bytes) };
}

/** A label download over a connection's transport (its client, budget and API hosts), its credential in `authHeaders`. */
export function downloadLabelOver(transport: TransportOptions, url: string, apiBaseUrl: string, authHeaders: Record<string, string>): Promise<DownloadedLabel> {
  return downloadLabelFile(url, {
    apiBaseUrl,
    authHeaders,
    allowedHosts: transport.allowedHosts,
    http: transport.http,
    log: transport.log,
    timeoutMs: transport.timeoutMs,
    retry: transport.retry,
    limiter: transport.limiter,
  });
}

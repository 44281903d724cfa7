// Secrets never reach a log line or an error. Redaction is scoped: whoever knows a secret (the request that
// sends it, the shop context that decrypted it) passes it along; there is no process-wide registry.

export type Secrets = ReadonlySet<string> | readonly string[];

const SENSITIVE_KEYS = /^(authorization|x-rever-api-key|x-shopify-access-token|access_?token|api_?key|apikey|token|password|secret|credentials?|refresh_?token|client_secret|id_token|session_?token)$/i;

/** Header names whose values are credentials: a request that sends one redacts it from everything it reports. */
export const SECRET_HEADERS = /^(authorization|x-rever-api-key|x-shopify-access-token)$/i;

/** Values shorter than this are not treated as secrets (they would blank ordinary words). */
const MIN_SECRET_LENGTH = 6;

/** `text` with every given secret and any bearer token removed. */
export function redactText(text: string, secrets: Secrets = []): string {
  let out = text;
  for (const s of secrets) if (s.length >= MIN_SECRET_LENGTH && out.includes(s)) out = out.split(s).join("[REDACTED]");
  // Bearer tokens we were never told about still get masked.
  return out.replace(/(Bearer\s+)[A-Za-z0-9._~+/=-]{8,}/g, "$1[REDACTED]");
}

/** A deep copy with sensitive keys masked and the given secrets removed from strings. */
export function redactValue(value: unknown, secrets: Secrets = [], depth = 0): unknown {
  if (depth > 8) return "[…]";
  if (typeof value === "string") return redactText(value, secrets);
  if (Array.isArray(value)) return value.map((v) => redactValue(v, secrets, depth + 1));
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = SENSITIVE_KEYS.test(k) ? "[REDACTED]" : redactValue(v, secrets, depth + 1);
    return out;
  }
  return value;
}

/** The credential values among request headers (to redact them from whatever the request reports). */
export function secretsOfHeaders(headers: Record<string, string> | undefined): string[] {
  if (!headers) return [];
  const out: string[] = [];
  for (const [k, v] of Object.entries(headers)) {
    if (!SECRET_HEADERS.test(k) || !v) continue;
    out.push(v);
    const bearer = /^Bearer\s+(.+)$/i.exec(v);
    if (bearer) out.push(bearer[1]);
  }
  return out;
}

export function truncate(text: string, max = 2000): string {
  return text.length > max ? `${text.slice(0, max)}…(${text.length - max} more)` : text;
}

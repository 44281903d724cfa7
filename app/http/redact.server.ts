// Secrets never reach a log line or an error: every value registered here is scrubbed from text.

const secrets = new Set<string>();
const SENSITIVE_KEYS = /^(authorization|x-rever-api-key|x-shopify-access-token|access_?token|api_?key|apikey|token|password|secret|credentials?|refresh_?token|client_secret)$/i;

/** Register a secret value (token, API key) so that `redact` removes it wherever it appears. */
export function registerSecret(value: string | null | undefined): void {
  if (value && value.length >= 6) secrets.add(value);
}

export function redactText(text: string): string {
  let out = text;
  for (const s of secrets) if (out.includes(s)) out = out.split(s).join("[REDACTED]");
  // Bearer tokens we were never told about still get masked.
  return out.replace(/(Bearer\s+)[A-Za-z0-9._~+/=-]{8,}/g, "$1[REDACTED]");
}

/** Deep-copy a value with sensitive keys masked and registered secrets removed from strings. */
export function redactValue(value: unknown, depth = 0): unknown {
  if (depth > 8) return "[…]";
  if (typeof value === "string") return redactText(value);
  if (Array.isArray(value)) return value.map((v) => redactValue(v, depth + 1));
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = SENSITIVE_KEYS.test(k) ? "[REDACTED]" : redactValue(v, depth + 1);
    }
    return out;
  }
  return value;
}

export function truncate(text: string, max = 2000): string {
  return text.length > max ? `${text.slice(0, max)}…(${text.length - max} more)` : text;
}

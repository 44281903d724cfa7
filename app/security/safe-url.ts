// The one check for URLs the app stores or renders as links (tracking pages, label URLs): http(s) only, no user
// name or password, at most 2048 characters. zod's .url() accepts `javascript:` and `data:`; a link to one would
// run in the app's origin. Shared with the admin extensions (no Node or server imports here).

const MAX_URL_LENGTH = 2048;

/** The URL, normalised, when it is an http(s) URL safe to store and render; undefined otherwise. */
export function safeHttpUrl(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  const text = value.trim();
  if (!text || text.length > MAX_URL_LENGTH) return undefined;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return undefined;
  if (url.username || url.password || !url.hostname) return undefined;
  return url.href;
}

export function isSafeHttpUrl(value: unknown): boolean {
  return safeHttpUrl(value) !== undefined;
}

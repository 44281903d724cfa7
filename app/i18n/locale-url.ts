import { useSearchParams } from "@remix-run/react";

// The shop admin gives the locale once, in the app URL (?locale=es). Every link and redirect inside the app
// carries it on, so each page (and its root loader) keeps speaking the merchant's language.

export function withLocale(path: string, locale: string | null | undefined): string {
  if (!locale) return path;
  const [pathname, query = ""] = path.split("?", 2);
  const params = new URLSearchParams(query);
  params.set("locale", locale);
  return `${pathname}?${params.toString()}`;
}

/** Server side: the same path with the request's locale parameter, for redirects after an action. */
export function localizedPath(request: Request, path: string): string {
  return withLocale(path, new URL(request.url).searchParams.get("locale"));
}

/** Client side: builds in-app URLs that keep the current locale parameter. */
export function useAppUrl(): (path: string) => string {
  const [params] = useSearchParams();
  const locale = params.get("locale");
  return (path: string) => withLocale(path, locale);
}

import { useRouteLoaderData } from "@remix-run/react";
import { pickLocale, translate, type Locale, type MessageKey } from "./messages";

/** The translator for the current page: the locale comes from the root loader (shop admin's locale). */
export function useT() {
  const data = useRouteLoaderData<{ locale?: Locale }>("root");
  const locale = pickLocale(data?.locale);
  return Object.assign((key: MessageKey, vars?: Record<string, string | number>) => translate(locale, key, vars), { locale });
}

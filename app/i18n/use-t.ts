import { useRouteLoaderData } from "@remix-run/react";
import { isMessageKey, pickLocale, translate, type Locale, type MessageKey } from "./messages";

export type Translator = ((key: MessageKey, vars?: Record<string, string | number>) => string) & {
  locale: Locale;
  /** For keys built from data ("status." + status): the fallback when the value has no message. */
  dynamic(key: string, fallback: string, vars?: Record<string, string | number>): string;
};

/** The translator for the current page: the locale comes from the root loader (the shop admin's locale). */
export function useT(): Translator {
  const data = useRouteLoaderData<{ locale?: Locale }>("root");
  return translatorFor(pickLocale(data?.locale));
}

export function translatorFor(locale: Locale): Translator {
  const t = (key: MessageKey, vars?: Record<string, string | number>) => translate(locale, key, vars);
  return Object.assign(t, {
    locale,
    dynamic: (key: string, fallback: string, vars?: Record<string, string | number>) => (isMessageKey(key) ? translate(locale, key, vars) : fallback),
  });
}

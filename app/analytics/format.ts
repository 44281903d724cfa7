import type { Translator } from "../i18n/use-t";

// How the analytics page writes durations and weeks, the same on the server and in the browser.

export function formatDuration(t: Translator, seconds: number): string {
  const n = (v: number, digits: number) => new Intl.NumberFormat(t.locale, { maximumFractionDigits: digits }).format(v);
  if (seconds < 3600) return t("analytics.duration.minutes", { value: n(Math.max(1, Math.round(seconds / 60)), 0) });
  if (seconds < 48 * 3600) return t("analytics.duration.hours", { value: n(seconds / 3600, seconds < 10 * 3600 ? 1 : 0) });
  return t("analytics.duration.days", { value: n(seconds / 86400, 1) });
}

/** "3 Nov" / "3 nov": a day of the range, in UTC like the analytics count them. */
export function shortDay(locale: string, day: string): string {
  return new Intl.DateTimeFormat(locale, { day: "numeric", month: "short", timeZone: "UTC" }).format(new Date(`${day}T00:00:00Z`));
}

/** "3 Nov 2026". */
export function longDay(locale: string, day: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: "UTC" }).format(new Date(`${day}T00:00:00Z`));
}

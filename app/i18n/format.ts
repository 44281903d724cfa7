import type { Locale } from "./messages";

// Dates shown in the app. Relative times are computed against the server's "now" from the loader, so the
// server render and the browser's hydration print the same text (no mismatch, no layout shift).

const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ["second", 60],
  ["minute", 60],
  ["hour", 24],
  ["day", 7],
];

export function relativeTime(locale: Locale, iso: string, nowIso: string): string {
  const diffSeconds = (Date.parse(iso) - Date.parse(nowIso)) / 1000;
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: "auto" });
  let value = diffSeconds;
  for (const [unit, size] of UNITS) {
    if (Math.abs(value) < size) return rtf.format(Math.round(value), unit);
    value /= size;
  }
  return dateOnly(locale, iso);
}

/** A calendar date in UTC: the same on server and client whatever their time zones. */
export function dateOnly(locale: Locale, iso: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: "UTC" }).format(new Date(iso));
}

/** Full timestamp in UTC, for titles and screen readers. */
export function dateTimeUtc(locale: Locale, iso: string): string {
  return `${new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }).format(new Date(iso))} UTC`;
}

/** A pickup window: "2 Dec 2026, 09:00–13:00". */
export function pickupWindow(locale: Locale, w: { date?: string; startHour: number; endHour: number }): string {
  const hours = `${String(w.startHour).padStart(2, "0")}:00–${String(w.endHour).padStart(2, "0")}:00`;
  return w.date ? `${dateOnly(locale, `${w.date}T12:00:00Z`)}, ${hours}` : hours;
}

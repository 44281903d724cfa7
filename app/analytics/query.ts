import { PROVIDER_IDS, type ProviderId } from "../platforms/types";
import { addDays, daysBetween, dayOf, startOfDay } from "./days";

// The analytics page's filters (date range and platform), read leniently from the URL like the dashboard's, and
// the dashboard URL each number links to.

export interface AnalyticsQuery {
  /** First and last day of the range, inclusive (YYYY-MM-DD, UTC). */
  from: string;
  to: string;
  provider: ProviderId | null;
}

export const DEFAULT_RANGE_DAYS = 30;
export const MAX_RANGE_DAYS = 400;
export const RANGE_PRESETS = [7, 30, 90] as const;

/** Unknown or malformed values fall back to the last 30 days and every platform; a reversed range is put right. */
export function parseAnalyticsQuery(params: URLSearchParams, today: string = dayOf(new Date())): AnalyticsQuery {
  const provider = (PROVIDER_IDS as readonly string[]).includes(params.get("provider") ?? "") ? (params.get("provider") as ProviderId) : null;
  let to = startOfDay(params.get("to") ?? "") ? params.get("to")! : today;
  let from = startOfDay(params.get("from") ?? "") ? params.get("from")! : addDays(to, -(DEFAULT_RANGE_DAYS - 1));
  if (from > to) [from, to] = [to, from];
  if (daysBetween(from, to) >= MAX_RANGE_DAYS) from = addDays(to, -(MAX_RANGE_DAYS - 1));
  return { from, to, provider };
}

/** The dashboard filtered to what a number counts: the range (or a part of it), the platform and more. */
export function dashboardHref(q: Pick<AnalyticsQuery, "from" | "to" | "provider">, extra: Record<string, string | null | undefined> = {}): string {
  const params = new URLSearchParams({ from: q.from, to: q.to });
  if (q.provider) params.set("provider", q.provider);
  for (const [k, v] of Object.entries(extra)) if (v) params.set(k, v);
  return `/app?${params.toString()}`;
}

import type { ProviderId } from "../platforms/types";
import type { AnalyticsQuery } from "./query";
import type { Stage } from "./stages";

// What the analytics page receives from its loader (serialisable; shared by the read model and the page).

export type ProviderKey = ProviderId | "NONE";

export interface DurationStat {
  /** Returns the duration was measured on. */
  n: number;
  /** Seconds (null when n is 0). */
  median: number | null;
  p90: number | null;
  /** False when no provider of the row reports this step (iF returns reports no carrier events): "not reported". */
  reported: boolean;
}

export interface DurationRow {
  /** ALL, a provider, a carrier (UPS) or a return method (DROP_OFF | PICKUP). */
  key: string;
  returns: number;
  /** Request -> label. */
  label: DurationStat;
  /** Label -> the carrier's first event. */
  scan: DurationStat;
  /** Label -> in the warehouse. */
  arrival: DurationStat;
}

export interface WeekRow {
  /** The Monday. */
  start: string;
  /** The week's days inside the range. */
  from: string;
  to: string;
  total: number;
  byStage: Partial<Record<Stage, number>>;
  byProvider: Partial<Record<ProviderKey, number>>;
}

export interface AnalyticsView {
  query: AnalyticsQuery;
  /** The shop has at least one return (in any range). */
  hasReturns: boolean;
  connected: ProviderId[];
  /** Returns received in the range. */
  total: number;
  byStage: Record<Stage, number>;
  byProvider: Record<ProviderKey, number>;
  weeks: WeekRow[];
  durations: { overall: DurationRow; byProvider: DurationRow[]; byCarrier: DurationRow[]; byMethod: DurationRow[] };
  /** The most frequent failure reasons (returns that ran into each), and how many more ran into other reasons. */
  failures: { rows: Array<{ key: string; message: string; returns: number }>; others: number };
  /** Handled without a click: available once an automation source is plugged in. */
  automation: { available: boolean; handled: number; known: number };
  freshness: { refreshedAt: string | null; catchingUp: boolean };
}

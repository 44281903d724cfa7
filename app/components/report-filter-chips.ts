import type { IndexFiltersProps } from "@shopify/polaris";
import { longDay } from "../analytics/format";
import type { Translator } from "../i18n/use-t";
import type { ReportFilters } from "../returns/dashboard-filters.server";

// The dashboard's chips for the filters the analytics page links to (removable one by one, cleared with the rest).

export const REPORT_FILTER_KEYS = ["from", "to", "stage", "carrier", "method", "failure"] as const;

export function reportFilterChips(
  t: Translator,
  q: ReportFilters,
  labels: { failure: string | null },
  go: (changes: Record<string, string | null>) => void,
): NonNullable<IndexFiltersProps["appliedFilters"]> {
  const day = (d: string) => longDay(t.locale, d);
  const chips: NonNullable<IndexFiltersProps["appliedFilters"]> = [];
  if (q.from && q.to) chips.push({ key: "range", label: t("home.filter.range.applied", { from: day(q.from), to: day(q.to) }), onRemove: () => go({ from: null, to: null }) });
  else if (q.from) chips.push({ key: "from", label: t("home.filter.from.applied", { from: day(q.from) }), onRemove: () => go({ from: null }) });
  else if (q.to) chips.push({ key: "to", label: t("home.filter.to.applied", { to: day(q.to) }), onRemove: () => go({ to: null }) });
  if (q.stage) chips.push({ key: "stage", label: t("home.filter.stage.applied", { stage: t(`analytics.stage.${q.stage}`) }), onRemove: () => go({ stage: null }) });
  if (q.carrier) chips.push({ key: "carrier", label: t("home.filter.carrier.applied", { carrier: q.carrier }), onRemove: () => go({ carrier: null }) });
  if (q.method) chips.push({ key: "method", label: t("home.filter.method.applied", { method: t(`analytics.method.${q.method}`) }), onRemove: () => go({ method: null }) });
  if (q.failure) {
    const reason = q.failure.startsWith("status-") ? t.dynamic(`analytics.failures.status.${q.failure.slice(7)}`, q.failure) : (labels.failure ?? q.failure);
    chips.push({ key: "failure", label: t("home.filter.failure.applied", { reason: reason.length > 60 ? `${reason.slice(0, 59)}…` : reason }), onRemove: () => go({ failure: null }) });
  }
  return chips;
}

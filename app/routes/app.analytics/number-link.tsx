import { Link } from "@shopify/polaris";
import { dashboardHref, type AnalyticsQuery } from "../../analytics/query";
import { useAppUrl } from "../../i18n/locale-url";
import { formatNumber } from "../../i18n/messages";
import { useT } from "../../i18n/use-t";

// Every figure of the analytics page opens the returns list filtered to the returns it counts (a zero opens nothing).

export interface CountLinkProps {
  count: number;
  /** What the count is, for screen readers ("In transit, week of 3 Nov"). */
  what: string;
  query: Pick<AnalyticsQuery, "from" | "to" | "provider">;
  filters?: Record<string, string | null | undefined>;
  /** Shown instead of the count (a median), still linking to the returns it was measured on. */
  children?: React.ReactNode;
}

export function CountLink({ count, what, query, filters, children }: CountLinkProps) {
  const t = useT();
  const url = useAppUrl();
  // Nothing to open behind a zero.
  if (count === 0 && children === undefined) return <span>{formatNumber(t.locale, 0)}</span>;
  return (
    <Link url={url(dashboardHref(query, filters))} removeUnderline accessibilityLabel={t("analytics.link.count", { count, what })} dataPrimaryLink={false}>
      {children ?? formatNumber(t.locale, count)}
    </Link>
  );
}

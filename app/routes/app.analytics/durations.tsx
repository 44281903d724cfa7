import { BlockStack, Card, DataTable, Text, Tooltip } from "@shopify/polaris";
import { formatDuration } from "../../analytics/format";
import type { AnalyticsView, DurationRow, DurationStat } from "../../analytics/view";
import type { Translator } from "../../i18n/use-t";
import { useT } from "../../i18n/use-t";
import { ChartBox, Charts } from "./client-chart";
import { CountLink } from "./number-link";

// How long each step takes: request -> label, label -> the carrier's first event, label -> the warehouse, as
// median and 90th percentile, for all returns and split by platform, carrier and return method.

type Group = "all" | "provider" | "carrier" | "method";

function rowName(t: Translator, group: Group, key: string): string {
  if (group === "all") return t("analytics.durations.all");
  if (group === "provider") return key === "NONE" ? t("provider.none") : t.dynamic(`provider.${key}`, key);
  if (group === "method") return t.dynamic(`analytics.method.${key}`, key);
  return key;
}

function filtersOf(group: Group, key: string): Record<string, string> {
  return group === "provider" ? { provider: key } : group === "carrier" ? { carrier: key } : group === "method" ? { method: key } : {};
}

function StatCell({ stat, name, returns, view, group, rowKey }: { stat: DurationStat; name: string; returns: number; view: AnalyticsView; group: Group; rowKey: string }) {
  const t = useT();
  if (!stat.reported) {
    return (
      <Tooltip content={t("analytics.durations.notReportedHelp")}>
        <Text as="span" tone="subdued">
          {t("analytics.durations.notReported")}
        </Text>
      </Tooltip>
    );
  }
  if (!stat.n || stat.median === null || stat.p90 === null) {
    return (
      <Text as="span" tone="subdued">
        {t("analytics.durations.noData")}
      </Text>
    );
  }
  const query = group === "provider" ? { ...view.query, provider: null } : view.query;
  return (
    <BlockStack gap="050">
      <CountLink count={returns} what={name} query={query} filters={filtersOf(group, rowKey)}>
        {t("analytics.durations.median", { value: formatDuration(t, stat.median) })}
      </CountLink>
      <Text as="span" tone="subdued" variant="bodySm">
        {t("analytics.durations.p90", { value: formatDuration(t, stat.p90) })}
      </Text>
    </BlockStack>
  );
}

export function DurationsCard({ view }: { view: AnalyticsView }) {
  const t = useT();
  const groups: Array<[Group, DurationRow[], string | null]> = [
    ["all", [view.durations.overall], null],
    ["provider", view.durations.byProvider, t("analytics.durations.byProvider")],
    ["carrier", view.durations.byCarrier, t("analytics.durations.byCarrier")],
    ["method", view.durations.byMethod, t("analytics.durations.byMethod")],
  ];
  const rows = groups.flatMap(([group, list, title]) =>
    list.map((r, i) => {
      const name = rowName(t, group, r.key);
      const query = group === "provider" ? { ...view.query, provider: null } : view.query;
      const cell = (stat: DurationStat) => <StatCell key={`${group}-${r.key}-${stat === r.label ? "l" : stat === r.scan ? "s" : "a"}`} stat={stat} name={name} returns={r.returns} view={view} group={group} rowKey={r.key} />;
      return [
        <BlockStack key={`${group}-${r.key}`} gap="050">
          {title && i === 0 ? (
            <Text as="span" tone="subdued" variant="bodySm">
              {title}
            </Text>
          ) : null}
          <Text as="span" fontWeight="semibold">
            {name}
          </Text>
          <CountLink count={r.returns} what={name} query={query} filters={filtersOf(group, r.key)} />
        </BlockStack>,
        cell(r.label),
        cell(r.scan),
        cell(r.arrival),
      ];
    }),
  );
  const hours = (s: DurationStat) => (s.reported && s.median !== null ? Math.round((s.median / 3600) * 10) / 10 : null);
  const steps = [
    ["label", t("analytics.durations.col.label")],
    ["scan", t("analytics.durations.col.scan")],
    ["arrival", t("analytics.durations.col.arrival")],
  ] as const;
  const data = steps.map(([step, name]) => ({ name, data: view.durations.byProvider.map((r) => ({ key: rowName(t, "provider", r.key), value: hours(r[step]) })) }));
  return (
    <Card>
      <BlockStack gap="400">
        <BlockStack gap="100">
          <Text as="h2" variant="headingMd">
            {t("analytics.durations.title")}
          </Text>
          <Text as="p" tone="subdued">
            {t("analytics.durations.help")}
          </Text>
        </BlockStack>
        {data.some((s) => s.data.some((d) => d.value !== null)) ? (
          <ChartBox height={240}>
            <Charts data={data} label={t("analytics.durations.chart")} skipLinkText={t("analytics.durations.title")} format={(v) => t("analytics.duration.hours", { value: new Intl.NumberFormat(t.locale, { maximumFractionDigits: 1 }).format(v) })} />
          </ChartBox>
        ) : null}
        <DataTable
          columnContentTypes={["text", "text", "text", "text"]}
          headings={[t("analytics.durations.col.segment"), t("analytics.durations.col.label"), t("analytics.durations.col.scan"), t("analytics.durations.col.arrival")]}
          rows={rows}
          verticalAlign="top"
        />
      </BlockStack>
    </Card>
  );
}

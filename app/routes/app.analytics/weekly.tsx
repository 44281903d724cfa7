import { BlockStack, Box, Card, DataTable, Tabs, Text } from "@shopify/polaris";
import { useState } from "react";
import { shortDay } from "../../analytics/format";
import { STAGES } from "../../analytics/stages";
import type { AnalyticsView, ProviderKey } from "../../analytics/view";
import { useT } from "../../i18n/use-t";
import { ChartBox, Charts } from "./client-chart";
import { CountLink } from "./number-link";

// Returns per week, stacked by status or by platform: the chart, and the same numbers as a table of links.

const PROVIDERS: ProviderKey[] = ["IFRETURNS", "REVER", "NONE"];

export function WeeklyCard({ view }: { view: AnalyticsView }) {
  const t = useT();
  const [tab, setTab] = useState(0);
  const byStage = tab === 0;
  const providerName = (p: ProviderKey) => (p === "NONE" ? t("provider.none") : t(`provider.${p}`));
  const series = byStage
    ? STAGES.filter((s) => view.byStage[s] > 0).map((s) => ({ key: s, name: t(`analytics.stage.${s}`), count: (w: AnalyticsView["weeks"][number]) => w.byStage[s] ?? 0, filters: { stage: s } }))
    : PROVIDERS.filter((p) => view.byProvider[p] > 0).map((p) => ({ key: p, name: providerName(p), count: (w: AnalyticsView["weeks"][number]) => w.byProvider[p] ?? 0, filters: { provider: p } }));
  const weekName = (start: string) => shortDay(t.locale, start);
  const data = series.map((s) => ({ name: s.name, data: view.weeks.map((w) => ({ key: weekName(w.start), value: s.count(w) })) }));
  const rows = view.weeks.map((w) => {
    const range = { ...view.query, from: w.from, to: w.to };
    const what = (name: string) => `${name}, ${t("analytics.weekly.col.week")} ${weekName(w.start)}`;
    return [
      weekName(w.start),
      ...series.map((s) => <CountLink key={s.key} count={s.count(w)} what={what(s.name)} query={byStage ? range : { ...range, provider: null }} filters={s.filters} />),
      <CountLink key="total" count={w.total} what={what(t("analytics.weekly.total"))} query={range} />,
    ];
  });
  return (
    <Card padding="0">
      <Box padding="400" paddingBlockEnd="0">
        <Text as="h2" variant="headingMd">
          {t("analytics.weekly.title")}
        </Text>
      </Box>
      <Tabs
        tabs={[
          { id: "weekly-by-stage", content: t("analytics.weekly.byStage") },
          { id: "weekly-by-provider", content: t("analytics.weekly.byProvider") },
        ]}
        selected={tab}
        onSelect={setTab}
      />
      <Box padding="400">
        <BlockStack gap="400">
          <ChartBox height={280}>
            <Charts data={data} stacked integers label={`${t("analytics.weekly.title")}: ${byStage ? t("analytics.weekly.byStage") : t("analytics.weekly.byProvider")}`} skipLinkText={t("analytics.weekly.title")} />
          </ChartBox>
          <DataTable
            columnContentTypes={["text", ...series.map(() => "numeric" as const), "numeric"]}
            headings={[t("analytics.weekly.col.week"), ...series.map((s) => s.name), t("analytics.weekly.col.total")]}
            rows={rows}
            increasedTableDensity
          />
        </BlockStack>
      </Box>
    </Card>
  );
}

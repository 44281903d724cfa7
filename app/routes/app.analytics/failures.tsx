import { BlockStack, Card, InlineStack, Text } from "@shopify/polaris";
import type { AnalyticsView } from "../../analytics/view";
import type { Translator } from "../../i18n/use-t";
import { useT } from "../../i18n/use-t";
import { ChartBox, Charts } from "./client-chart";
import { CountLink } from "./number-link";

// The failure reasons most returns ran into, each count opening those returns in the list.

export function failureName(t: Translator, key: string, message: string): string {
  return key.startsWith("status-") ? t.dynamic(`analytics.failures.status.${key.slice("status-".length)}`, message) : message;
}

export function FailuresCard({ view }: { view: AnalyticsView }) {
  const t = useT();
  const rows = view.failures.rows;
  const short = (s: string) => (s.length > 48 ? `${s.slice(0, 47)}…` : s);
  return (
    <Card>
      <BlockStack gap="400">
        <BlockStack gap="100">
          <Text as="h2" variant="headingMd">
            {t("analytics.failures.title")}
          </Text>
          <Text as="p" tone="subdued">
            {t("analytics.failures.help")}
          </Text>
        </BlockStack>
        {rows.length === 0 ? (
          <Text as="p">{t("analytics.failures.empty")}</Text>
        ) : (
          <>
            <ChartBox height={Math.max(120, rows.length * 44 + 40)}>
              <Charts
                horizontal
                integers
                label={t("analytics.failures.chart")}
                skipLinkText={t("analytics.failures.title")}
                data={[{ name: t("analytics.weekly.total"), data: rows.map((f) => ({ key: short(failureName(t, f.key, f.message)), value: f.returns })) }]}
              />
            </ChartBox>
            <ol style={{ margin: 0, paddingInlineStart: "1.25rem" }} data-testid="failure-reasons">
              {rows.map((f) => (
                <li key={f.key} style={{ marginBlockEnd: "0.5rem" }}>
                  <InlineStack gap="200" wrap={false} blockAlign="start">
                    <span style={{ minWidth: "2.5rem", textAlign: "end" }}>
                      <CountLink count={f.returns} what={failureName(t, f.key, f.message)} query={view.query} filters={{ failure: f.key }} />
                    </span>
                    <Text as="span" breakWord>
                      {failureName(t, f.key, f.message)}
                    </Text>
                  </InlineStack>
                </li>
              ))}
            </ol>
            {view.failures.others > 0 ? (
              <Text as="p" tone="subdued">
                {t("analytics.failures.others", { count: view.failures.others })}
              </Text>
            ) : null}
          </>
        )}
      </BlockStack>
    </Card>
  );
}

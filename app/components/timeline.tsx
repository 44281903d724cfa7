import { Badge, BlockStack, Box, InlineStack, Text } from "@shopify/polaris";
import type { TimelineItem } from "../returns/return-details.server";
import { useT } from "../i18n/use-t";
import { RelativeTime } from "./relative-time";

const SOURCE_TONE: Record<string, "info" | "success" | "attention" | "magic" | undefined> = {
  SHOPIFY: "success",
  IFRETURNS: "info",
  REVER: "info",
  APP: undefined,
  RECONCILE: "magic",
  MERCHANT: "attention",
};

/** Every TrackingEvent of the return, newest first: who said it (source), what (kind, status), and the outcome. */
export function Timeline({ items, total, now }: { items: TimelineItem[]; total: number; now: string }) {
  const t = useT();
  if (!items.length) {
    return (
      <Text as="p" tone="subdued">
        {t("return.timeline.empty")}
      </Text>
    );
  }
  return (
    <BlockStack gap="300">
      <ol aria-label={t("return.timeline.title")} style={{ listStyle: "none", margin: 0, padding: 0 }} data-testid="timeline">
        {items.map((e, i) => {
          const status = e.status ? t.dynamic(`status.${e.status}`, t.dynamic(`providerStatus.${e.status}`, t.dynamic(`timeline.status.${e.status}`, e.status))) : null;
          return (
            <li key={e.id}>
              <Box paddingBlock="300" borderBlockStartWidth={i === 0 ? "0" : "025"} borderColor="border-secondary">
                <BlockStack gap="100">
                  <InlineStack gap="200" blockAlign="center" wrap>
                    <Badge tone={SOURCE_TONE[e.source]}>{t.dynamic(`timeline.source.${e.source}`, e.source)}</Badge>
                    <Text as="span" fontWeight="semibold">
                      {t.dynamic(`timeline.kind.${e.kind}`, e.kind)}
                      {status ? ` · ${status}` : ""}
                    </Text>
                    {e.result !== "OK" ? <Badge tone={e.result === "ERROR" ? "critical" : undefined}>{t.dynamic(`timeline.result.${e.result}`, e.result)}</Badge> : null}
                    <Text as="span" tone="subdued" variant="bodySm">
                      <RelativeTime iso={e.occurredAt} now={now} />
                    </Text>
                  </InlineStack>
                  {e.detail ? (
                    <Text as="p" tone={e.result === "ERROR" ? "critical" : "subdued"} breakWord>
                      {e.detail}
                    </Text>
                  ) : null}
                </BlockStack>
              </Box>
            </li>
          );
        })}
      </ol>
      {total > items.length ? (
        <Text as="p" tone="subdued">
          {t("return.timeline.more", { count: total - items.length })}
        </Text>
      ) : null}
    </BlockStack>
  );
}

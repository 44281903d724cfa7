import { BlockStack, Card, Text } from "@shopify/polaris";
import { Timeline } from "../../../components/timeline";
import { useT } from "../../../i18n/use-t";
import type { TimelineItem } from "../../../returns/return-details.server";

/** What happened to the return, newest first. */
export function TimelineCard({ items, total, now }: { items: TimelineItem[]; total: number; now: string }) {
  const t = useT();
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t("return.timeline.title")}
        </Text>
        <Timeline items={items} total={total} now={now} />
      </BlockStack>
    </Card>
  );
}

import { Form, useNavigation } from "@remix-run/react";
import { Badge, BlockStack, Box, Button, Card, InlineStack, Text } from "@shopify/polaris";
import type { StageView } from "../automation/attention.server";
import { useT } from "../i18n/use-t";
import { RelativeTime } from "./relative-time";

// The return page's automation card: what each stage of the rules did (with the reason when it failed and a retry),
// and "mark parcel received" for a parcel no platform reports arriving.

const TONE: Record<string, "success" | "critical" | "info" | undefined> = { DONE: "success", FAILED: "critical", CLAIMED: "info" };

function IntentButton({ intent, label, primary }: { intent: string; label: string; primary?: boolean }) {
  const navigation = useNavigation();
  const busy = navigation.state === "submitting" && navigation.formData?.get("intent") === intent;
  return (
    <Form method="post">
      <input type="hidden" name="intent" value={intent} />
      <Button submit variant={primary ? "primary" : undefined} loading={busy}>
        {label}
      </Button>
    </Form>
  );
}

export function AutomationCard({ stages, canMarkReceived, now }: { stages: StageView[]; canMarkReceived: boolean; now: string }) {
  const t = useT();
  const arrived = stages.some((s) => s.stage === "ARRIVAL");
  const failed = stages.some((s) => s.state === "FAILED");
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t("automation.card.title")}
        </Text>
        {stages.length ? (
          <BlockStack gap="200">
            {stages.map((s) => (
              <Box key={s.stage} padding="200" borderWidth="025" borderColor="border" borderRadius="200">
                <BlockStack gap="100">
                  <InlineStack gap="200" blockAlign="center" wrap>
                    <Text as="span" fontWeight="semibold">
                      {t.dynamic(`automation.stage.${s.stage}`, s.stage)}
                    </Text>
                    <Badge tone={TONE[s.state]}>{t.dynamic(`automation.state.${s.state}`, s.state)}</Badge>
                    {s.ruleName ? <Text as="span" tone="subdued">{s.ruleName}</Text> : null}
                    <Text as="span" tone="subdued" variant="bodySm">
                      <RelativeTime iso={s.at} now={now} />
                    </Text>
                  </InlineStack>
                  {s.error ? (
                    <Text as="p" tone="critical">
                      {s.error}
                    </Text>
                  ) : s.detail ? (
                    <Text as="p" tone="subdued">
                      {s.detail}
                    </Text>
                  ) : null}
                </BlockStack>
              </Box>
            ))}
          </BlockStack>
        ) : (
          <Text as="p" tone="subdued">
            {t("automation.card.none")}
          </Text>
        )}
        <InlineStack gap="200">
          {failed ? <IntentButton intent="retry-automation" label={t("automation.card.retry")} primary /> : null}
          {canMarkReceived && !arrived ? <IntentButton intent="mark-received" label={t("automation.card.markReceived")} /> : null}
        </InlineStack>
        {canMarkReceived && !arrived ? (
          <Text as="p" tone="subdued" variant="bodySm">
            {t("automation.card.markReceived.help")}
          </Text>
        ) : null}
      </BlockStack>
    </Card>
  );
}

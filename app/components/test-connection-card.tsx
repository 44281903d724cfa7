import { Form, useNavigation } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, Card, InlineStack, Text } from "@shopify/polaris";
import type { ProviderId } from "../platforms/types";
import type { ProviderConnectionView } from "../settings/provider-connections.server";
import { useT } from "../i18n/use-t";
import { RelativeTime } from "./relative-time";

export type TestOutcome = { ok: true } | { ok: false; reason: string };

/**
 * "Test connection": calls the provider with the saved settings and shows success or the provider's exact
 * reason. The last result stays visible (stored on the connection) after the page reloads.
 */
export function TestConnectionCard({ provider, view, outcome, now, hidden = {} }: { provider: ProviderId; view: ProviderConnectionView | null; outcome?: TestOutcome | null; now: string; hidden?: Record<string, string> }) {
  const t = useT();
  const navigation = useNavigation();
  const testing = navigation.state === "submitting" && navigation.formData?.get("intent") === "test-connection" && navigation.formData?.get("provider") === provider;
  const last = view?.lastTestResult ?? null;
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h2" variant="headingMd">
            {t("connection.test.title")}
          </Text>
          {last === null ? <Badge>{t("connection.test.never")}</Badge> : last === "OK" ? <Badge tone="success">{t("connection.test.works")}</Badge> : <Badge tone="critical">{t("connection.test.failing")}</Badge>}
        </InlineStack>
        {outcome ? (
          outcome.ok ? (
            <Banner tone="success" title={t("connection.test.success", { provider: t(`provider.${provider}`) })} />
          ) : (
            <Banner tone="critical" title={t("connection.test.failed", { provider: t(`provider.${provider}`) })}>
              <BlockStack gap="100">
                <Text as="p">
                  {t("error.reasonFrom", { service: t(`provider.${provider}`) })} <Text as="span" fontWeight="semibold">{outcome.reason}</Text>
                </Text>
                <Text as="p">{t("connection.test.failedHint")}</Text>
              </BlockStack>
            </Banner>
          )
        ) : last && last !== "OK" ? (
          <Text as="p" tone="critical">
            {t("connection.test.lastReason", { reason: last })}
          </Text>
        ) : null}
        {view?.lastTestedAt ? (
          <Text as="p" tone="subdued">
            {t("connection.test.lastTested")} <RelativeTime iso={view.lastTestedAt} now={now} />
          </Text>
        ) : null}
        <Form method="post">
          <input type="hidden" name="intent" value="test-connection" />
          <input type="hidden" name="provider" value={provider} />
          {Object.entries(hidden).map(([k, v]) => (
            <input key={k} type="hidden" name={k} value={v} />
          ))}
          <Button submit loading={testing} disabled={!view}>
            {t("connection.test.button")}
          </Button>
        </Form>
        {!view ? (
          <Text as="p" tone="subdued">
            {t("connection.test.saveFirst")}
          </Text>
        ) : null}
      </BlockStack>
    </Card>
  );
}

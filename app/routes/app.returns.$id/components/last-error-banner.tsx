import { Banner, BlockStack, InlineStack, Text } from "@shopify/polaris";
import { RelativeTime } from "../../../components/relative-time";
import { useT } from "../../../i18n/use-t";
import { IntentButton } from "./intent-button";

/** The last sync failure of the link, when it has one, with a retry. */
export function LastErrorBanner({ error, at, now }: { error: string; at: string | null; now: string }) {
  const t = useT();
  return (
    <Banner tone="critical" title={t("return.lastError.title")}>
      <BlockStack gap="200">
        <Text as="p">
          {t("error.reason")} <Text as="span" fontWeight="semibold">{error}</Text>
        </Text>
        {at ? (
          <Text as="p" tone="subdued">
            <RelativeTime iso={at} now={now} />
          </Text>
        ) : null}
        <Text as="p">{t("return.lastError.hint")}</Text>
        <InlineStack>
          <IntentButton intent="retry-sync" label={t("return.action.retrySync")} />
        </InlineStack>
      </BlockStack>
    </Banner>
  );
}

import { Banner, BlockStack, Layout, Text } from "@shopify/polaris";
import { useT } from "../i18n/use-t";
import { RelativeTime } from "./relative-time";

/** The dashboard's alarm when Shopify refused the shop's refresh token: background work is stopped until reinstall. */
export function DisconnectedBanner({ disconnected, now }: { disconnected: { at: string; reason: string | null } | null; now: string }) {
  const t = useT();
  if (!disconnected) return null;
  return (
    <Layout.Section>
      <Banner tone="critical" title={t("home.disconnected.title")}>
        <BlockStack gap="200">
          <Text as="p">
            {t("home.disconnected.body")} (<RelativeTime iso={disconnected.at} now={now} />)
          </Text>
          {disconnected.reason ? <Text as="p">{disconnected.reason}</Text> : null}
        </BlockStack>
      </Banner>
    </Layout.Section>
  );
}

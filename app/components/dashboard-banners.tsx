import { Banner, BlockStack, Layout, Text } from "@shopify/polaris";
import { useT } from "../i18n/use-t";
import type { RejectedWebhook } from "../returns/dashboard-banners.server";
import { RelativeTime } from "./relative-time";

// The dashboard's alarms above its table, from app/returns/dashboard-banners.server.ts.

/** Shopify refused the shop's refresh token: background work is stopped until the merchant opens the app again. */
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

/** Webhooks Shopify delivered that the app could not use, with the reason recorded at ingest. */
export function RejectedWebhooksBanner({ rejected, now }: { rejected: { rows: RejectedWebhook[]; total: number }; now: string }) {
  const t = useT();
  if (rejected.total <= 0) return null;
  return (
    <Layout.Section>
      <Banner tone="warning" title={t("home.rejected.title", { count: rejected.total })}>
        <BlockStack gap="200">
          <Text as="p">{t("home.rejected.body")}</Text>
          <ul style={{ margin: 0, paddingInlineStart: "1.25rem" }} aria-label={t("home.rejected.list")}>
            {rejected.rows.map((w) => (
              <li key={w.id}>
                <Text as="span" fontWeight="semibold">
                  {w.topic}
                </Text>{" "}
                (<RelativeTime iso={w.receivedAt} now={now} />): {w.reason ?? t("common.none")}
              </li>
            ))}
          </ul>
        </BlockStack>
      </Banner>
    </Layout.Section>
  );
}

import { BlockStack, Card, Divider, InlineStack, Text } from "@shopify/polaris";
import { RelativeTime } from "../../../components/relative-time";
import { ReturnStatusBadge } from "../../../components/status-badges";
import { useT } from "../../../i18n/use-t";
import type { ReturnDetails } from "../../../returns/return-details.server";
import { Field } from "./field";
import { IntentButton } from "./intent-button";

/** The Shopify side of the return, and its approval when the shop approves by hand. */
export function ReturnSummaryCard({ link, now, needsApproval }: { link: ReturnDetails["link"]; now: string; needsApproval: boolean }) {
  const t = useT();
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h2" variant="headingMd">
            {t("return.shopify.title")}
          </Text>
          <ReturnStatusBadge status={link.status} />
        </InlineStack>
        <dl style={{ margin: 0 }}>
          <BlockStack gap="200">
            <Field label={t("return.field.returnName")}>{link.returnName}</Field>
            <Field label={t("return.field.order")}>{link.orderName}</Field>
            <Field label={t("return.field.customer")}>
              {link.customerName ?? t("common.none")}
              {link.customerEmail ? (
                <Text as="span" tone="subdued">
                  {" "}
                  {link.customerEmail}
                </Text>
              ) : null}
            </Field>
            <Field label={t("return.field.lastEvent")}>
              <RelativeTime iso={link.lastEventAt} now={now} />
            </Field>
            <Field label={t("return.field.created")}>
              <RelativeTime iso={link.createdAt} now={now} />
            </Field>
          </BlockStack>
        </dl>
        {needsApproval ? (
          <BlockStack gap="200">
            <Divider />
            <Text as="p">{t("return.approve.hint")}</Text>
            <InlineStack>
              <IntentButton intent="approve" label={t("return.action.approve")} variant="primary" />
            </InlineStack>
          </BlockStack>
        ) : null}
      </BlockStack>
    </Card>
  );
}

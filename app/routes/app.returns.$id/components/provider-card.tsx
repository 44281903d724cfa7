import { Badge, BlockStack, Card, InlineStack, Text } from "@shopify/polaris";
import { RelativeTime } from "../../../components/relative-time";
import { ProviderStatusBadge } from "../../../components/status-badges";
import { TrackingLink } from "../../../components/tracking-link";
import { useT } from "../../../i18n/use-t";
import type { ReturnDetails } from "../../../returns/return-details.server";
import { Field } from "./field";
import { ReferenceField } from "./reference-field";

/** The provider side of the return: its reference, tracking and last sync, or why it has none. */
export function ProviderCard({ link, providerName, hasConnections, now }: { link: ReturnDetails["link"]; providerName: string | null; hasConnections: boolean; now: string }) {
  const t = useT();
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h2" variant="headingMd">
            {providerName ?? t("return.provider.title")}
          </Text>
          {link.provider ? <ProviderStatusBadge status={link.providerStatus} /> : <Badge>{t("provider.none")}</Badge>}
        </InlineStack>
        {link.provider ? (
          <dl style={{ margin: 0 }}>
            <BlockStack gap="200">
              <ReferenceField link={link} />
              {link.ifClientReference ? <Field label={t("return.field.ifClientReference")}>{link.ifClientReference}</Field> : null}
              <Field label={t("return.field.linkSource")}>{t.dynamic(`return.linkSource.${link.linkSource}`, link.linkSource)}</Field>
              <Field label={t("return.field.tracking")}>
                {link.trackingNumber ? (
                  <TrackingLink number={link.trackingNumber} url={link.trackingUrl} />
                ) : (
                  t("common.none")
                )}
              </Field>
              {link.providerStatusReported === false ? (
                <Text as="p" tone="subdued">
                  {t("return.status.notReported", { provider: providerName ?? "" })}
                </Text>
              ) : null}
              <Field label={t("return.field.lastSync")}>
                <RelativeTime iso={link.lastSyncedAt} now={now} />
              </Field>
              <Field label={t("return.field.lastChange")}>{link.lastSyncChange ?? t("common.none")}</Field>
            </BlockStack>
          </dl>
        ) : (
          <Text as="p" tone="subdued">
            {hasConnections ? t("return.notLinked") : t("return.noConnection")}
          </Text>
        )}
      </BlockStack>
    </Card>
  );
}

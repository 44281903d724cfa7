import { Form } from "@remix-run/react";
import { BlockStack, Card, InlineStack, Text } from "@shopify/polaris";
import { ProgressStateBadge } from "../../../components/status-badges";
import { pickupWindow } from "../../../i18n/format";
import { useT } from "../../../i18n/use-t";
import type { PickupView } from "../../../returns/return-details.server";
import { PickupFields } from "./pickup-fields";

/** The return's carrier pickups, and the form that books one where the provider offers them. */
export function PickupsCard({ pickups, canBook, linked, providerName, error }: { pickups: PickupView[]; canBook: boolean; linked: boolean; providerName: string | null; error: (name: string) => string | undefined }) {
  const t = useT();
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t("return.pickups.title")}
        </Text>
        {pickups.length ? (
          <BlockStack gap="200">
            {pickups.map((p) => (
              <BlockStack key={p.id} gap="100">
                <InlineStack gap="200" blockAlign="center">
                  <ProgressStateBadge kind="pickup" state={p.state} />
                  <Text as="span">{p.windows.map((w) => pickupWindow(t.locale, w)).join(" · ") || t("common.none")}</Text>
                  {p.carrier ? (
                    <Text as="span" tone="subdued">
                      {p.carrier}
                    </Text>
                  ) : null}
                </InlineStack>
                {p.error ? (
                  <Text as="p" tone="critical">
                    {p.error}
                  </Text>
                ) : null}
              </BlockStack>
            ))}
          </BlockStack>
        ) : (
          <Text as="p" tone="subdued">
            {t("return.pickups.empty")}
          </Text>
        )}
        {canBook ? (
          <Form method="post" aria-label={t("return.pickup.book")}>
            <input type="hidden" name="intent" value="schedule-pickup" />
            <PickupFields error={error} />
          </Form>
        ) : linked ? (
          <Text as="p" tone="subdued">
            {t("return.pickups.unsupported", { provider: providerName ?? "" })}
          </Text>
        ) : null}
      </BlockStack>
    </Card>
  );
}

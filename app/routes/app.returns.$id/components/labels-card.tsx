import { Form, useNavigation } from "@remix-run/react";
import { BlockStack, Button, Card, Divider, InlineStack, Text } from "@shopify/polaris";
import { OriginFields, type originFieldsOf } from "../../../components/origin-fields";
import { useT } from "../../../i18n/use-t";
import type { ConnectionSummary, ReturnDetails, ShipmentView } from "../../../returns/return-details.server";
import { CreateLabelFields } from "./create-label-fields";
import { ShipmentRow } from "./shipment-row";

interface LabelsCardProps {
  link: ReturnDetails["link"];
  shipments: ShipmentView[];
  now: string;
  /** The connection of the link's provider; the form shows only when it makes labels and none exists yet. */
  connection: ConnectionSummary | null;
  canCreate: boolean;
  needsApproval: boolean;
  error: (name: string) => string | undefined;
  originMissing: ReturnType<typeof originFieldsOf>;
}

/** The return's labels with their files, and the form that creates one. */
export function LabelsCard({ link, shipments, now, connection, canCreate, needsApproval, error, originMissing }: LabelsCardProps) {
  const t = useT();
  const navigation = useNavigation();
  return (
    <Card>
      <BlockStack gap="400">
        <Text as="h2" variant="headingMd">
          {t("return.labels.title")}
        </Text>
        {shipments.length ? (
          <BlockStack gap="300">
            {shipments.map((s) => (
              <ShipmentRow key={s.id} shipment={s} linkId={link.id} now={now} />
            ))}
          </BlockStack>
        ) : (
          <Text as="p" tone="subdued">
            {t("return.labels.empty")}
          </Text>
        )}
        {link.provider && connection && canCreate ? (
          <>
            <Divider />
            <Form method="post" aria-label={t("return.label.create")}>
              <input type="hidden" name="intent" value="create-label" />
              <input type="hidden" name="provider" value={link.provider} />
              <BlockStack gap="300">
                <CreateLabelFields connection={connection} error={error} />
                <OriginFields fields={originMissing} />
                <InlineStack gap="200" blockAlign="center">
                  <Button submit variant="primary" loading={navigation.state === "submitting" && navigation.formData?.get("intent") === "create-label"}>
                    {t("return.label.create")}
                  </Button>
                  {needsApproval ? (
                    <Text as="span" tone="subdued">
                      {t("return.label.needsApproval")}
                    </Text>
                  ) : null}
                </InlineStack>
              </BlockStack>
            </Form>
          </>
        ) : null}
      </BlockStack>
    </Card>
  );
}

import { Form, useNavigation } from "@remix-run/react";
import { BlockStack, Box, Button, Card, InlineStack, Text } from "@shopify/polaris";
import { useT } from "../../../i18n/use-t";
import type { DropOffPoint } from "../../../platforms/types";
import { DropOffPointView } from "./drop-off-point-view";

/** The chosen drop-off point, the search for points near the customer and its results to choose from. */
export function DropOffCard({ chosen, canSearch, found }: { chosen: DropOffPoint | null; canSearch: boolean; found: { points?: DropOffPoint[]; detail?: string | null } | null }) {
  const t = useT();
  const navigation = useNavigation();
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t("return.dropOff.title")}
        </Text>
        {chosen ? <DropOffPointView point={chosen} /> : <Text as="p" tone="subdued">{t("return.dropOff.empty")}</Text>}
        {canSearch ? (
          <Form method="post">
            <input type="hidden" name="intent" value="find-drop-off-points" />
            <Button submit loading={navigation.state === "submitting" && navigation.formData?.get("intent") === "find-drop-off-points"}>
              {t("return.dropOff.find")}
            </Button>
          </Form>
        ) : null}
        {found ? (
          found.points?.length ? (
            <BlockStack gap="200">
              <Text as="p" tone="subdued">
                {t("return.dropOff.near", { place: found.detail ?? "" })}
              </Text>
              {found.points.map((p, i) => (
                <Box key={p.id ?? i} padding="200" borderWidth="025" borderColor="border" borderRadius="200">
                  <InlineStack align="space-between" blockAlign="center" gap="200">
                    <DropOffPointView point={p} />
                    <Form method="post">
                      <input type="hidden" name="intent" value="choose-drop-off-point" />
                      <input type="hidden" name="point" value={JSON.stringify(p)} />
                      <Button submit size="slim">
                        {t("return.dropOff.choose")}
                      </Button>
                    </Form>
                  </InlineStack>
                </Box>
              ))}
            </BlockStack>
          ) : (
            <Text as="p" tone="subdued">
              {t("return.dropOff.none")}
            </Text>
          )
        ) : null}
      </BlockStack>
    </Card>
  );
}

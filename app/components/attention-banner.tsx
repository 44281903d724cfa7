import { Form, Link, useNavigation } from "@remix-run/react";
import { Banner, BlockStack, Button, InlineStack, Text } from "@shopify/polaris";
import type { AttentionRow } from "../automation/attention.server";
import { useAppUrl } from "../i18n/locale-url";
import { useT } from "../i18n/use-t";

// Returns an automation rule could not finish: each with its stage and reason, a retry for each and for all.

export function AttentionBanner({ rows, total }: { rows: AttentionRow[]; total: number }) {
  const t = useT();
  const url = useAppUrl();
  const navigation = useNavigation();
  const busy = (id: string) => navigation.state === "submitting" && navigation.formData?.get("intent") === "retry-automation" && navigation.formData?.get("linkId") === id;
  if (!total) return null;
  return (
    <Banner tone="warning" title={t("automation.attention.title", { count: total })}>
      <BlockStack gap="200">
        <Text as="p">{t("automation.attention.body")}</Text>
        <ul style={{ margin: 0, paddingInlineStart: "1.25rem" }} aria-label={t("automation.attention.title", { count: total })}>
          {rows.map((r) => (
            <li key={`${r.linkId}-${r.stage}`}>
              <InlineStack gap="200" blockAlign="center" wrap>
                <Link to={url(`/app/returns/${r.linkId}`)}>{r.returnName}</Link>
                <Text as="span" fontWeight="semibold">
                  {t.dynamic(`automation.stage.${r.stage}`, r.stage)}
                </Text>
                <Text as="span">{r.error ?? t("common.none")}</Text>
                <Form method="post">
                  <input type="hidden" name="intent" value="retry-automation" />
                  <input type="hidden" name="linkId" value={r.linkId} />
                  <Button submit size="slim" loading={busy(r.linkId)} accessibilityLabel={`${t("automation.card.retry")} ${r.returnName}`}>
                    {t("automation.card.retry")}
                  </Button>
                </Form>
              </InlineStack>
            </li>
          ))}
        </ul>
        {total > 1 ? (
          <Form method="post">
            <input type="hidden" name="intent" value="retry-automation" />
            <InlineStack>
              <Button submit loading={busy("")}>
                {t("automation.attention.retryAll")}
              </Button>
            </InlineStack>
          </Form>
        ) : null}
      </BlockStack>
    </Banner>
  );
}

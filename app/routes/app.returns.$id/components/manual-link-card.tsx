import { Form } from "@remix-run/react";
import { BlockStack, Card, InlineStack, Link, Text } from "@shopify/polaris";
import { useAppUrl } from "../../../i18n/locale-url";
import { useT } from "../../../i18n/use-t";
import type { ProviderId } from "../../../platforms/types";
import { IntentButton } from "./intent-button";
import { ManualLinkFields } from "./manual-link-fields";

/** Linking the return to a provider's return by hand, and unlinking it. */
export function ManualLinkCard({ providers, current, reference, error }: { providers: ProviderId[]; current: ProviderId | null; reference: string | null; error: (name: string) => string | undefined }) {
  const t = useT();
  const url = useAppUrl();
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t("return.link.title")}
        </Text>
        <Text as="p" tone="subdued">
          {t("return.link.help")}
        </Text>
        {providers.length ? (
          <Form method="post" aria-label={t("return.link.title")}>
            <input type="hidden" name="intent" value="link" />
            <ManualLinkFields providers={providers} current={current} reference={reference} error={error} />
          </Form>
        ) : (
          <Link url={url("/app/onboarding")}>{t("home.empty.action")}</Link>
        )}
        {current ? (
          <InlineStack>
            <IntentButton intent="unlink" label={t("return.action.unlink")} variant="plain" tone="critical" />
          </InlineStack>
        ) : null}
      </BlockStack>
    </Card>
  );
}

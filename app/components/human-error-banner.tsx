import type { ReactNode } from "react";
import { Banner, BlockStack, Text } from "@shopify/polaris";
import type { HumanError } from "../returns/return-details.server";
import { useT } from "../i18n/use-t";
import { PROVIDERS } from "../platforms/descriptors";
import { PROVIDER_IDS } from "../platforms/types";

/**
 * A failure as a merchant reads it: what went wrong in their language, the provider's own reason verbatim,
 * what to do next, and a retry button when retrying may help. Never a stack trace.
 */
export function HumanErrorBanner({ error, retry, onDismiss }: { error: HumanError; retry?: ReactNode; onDismiss?: () => void }) {
  const t = useT();
  const provider = PROVIDER_IDS.find((p) => PROVIDERS[p].service === error.service);
  const service = provider ? t(`provider.${provider}`) : error.service === "shopify" ? t("common.shopify") : null;
  return (
    <Banner tone="critical" title={t.dynamic(`error.${error.kind}.title`, t("error.internal.title"))} onDismiss={onDismiss}>
      <BlockStack gap="200">
        {error.message ? (
          <Text as="p">
            {service ? t("error.reasonFrom", { service }) : t("error.reason")} <Text as="span" fontWeight="semibold">{error.message}</Text>
          </Text>
        ) : null}
        <Text as="p">{t.dynamic(`error.${error.kind}.hint`, t("error.internal.hint"))}</Text>
        {retry}
      </BlockStack>
    </Banner>
  );
}

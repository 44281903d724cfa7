import { BlockStack, Text } from "@shopify/polaris";
import { useT } from "../../../i18n/use-t";
import { PROVIDERS } from "../../../platforms/descriptors";
import type { ProviderId } from "../../../platforms/types";
import { Field } from "./field";

/** The provider's reference of the return, what is missing about it, and where it came from. */
export function ReferenceField({ link }: { link: { provider: ProviderId | null; reference: { value: string | null; state: string } | null; referenceSource: string | null } }) {
  const t = useT();
  if (!link.provider || !link.reference) return null;
  const kind = t(`reference.kind.${PROVIDERS[link.provider].reference.kind}`);
  const provider = t(`provider.${link.provider}`);
  const { value, state } = link.reference;
  return (
    <Field label={kind.charAt(0).toUpperCase() + kind.slice(1)}>
      <BlockStack gap="100">
        <Text as="span">{value ?? t("return.reference.pending")}</Text>
        {state === "CHECK" ? (
          <Text as="span" tone="critical">
            {t("return.reference.check", { provider, value: value ?? "", kind })}
          </Text>
        ) : !value ? (
          <Text as="span" tone="caution">
            {t("return.reference.needed", { kind })}
          </Text>
        ) : link.referenceSource ? (
          <Text as="span" tone={link.referenceSource === "DERIVED" ? "caution" : "subdued"}>
            {t.dynamic(`return.reference.source.${link.referenceSource}`, link.referenceSource, { provider })}
          </Text>
        ) : null}
      </BlockStack>
    </Field>
  );
}

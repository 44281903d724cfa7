import { useEffect, useState } from "react";
import { useNavigation } from "@remix-run/react";
import { BlockStack, Button, FormLayout, InlineStack, Select, TextField } from "@shopify/polaris";
import { useT } from "../../../i18n/use-t";
import { PROVIDERS } from "../../../platforms/descriptors";
import type { ProviderId } from "../../../platforms/types";

/** The provider and the reference to link the return to by hand, and the button that links it. */
export function ManualLinkFields({ providers, current, reference, error }: { providers: ProviderId[]; current: ProviderId | null; reference: string | null; error: (name: string) => string | undefined }) {
  const t = useT();
  const navigation = useNavigation();
  const [provider, setProvider] = useState<string>(current ?? providers[0]);
  const [value, setValue] = useState(reference ?? "");
  useEffect(() => setValue(provider === current ? (reference ?? "") : ""), [provider, current, reference]);
  return (
    <BlockStack gap="200">
      <FormLayout>
        <FormLayout.Group condensed>
          <Select id="link-provider" name="provider" label={t("return.link.provider")} options={providers.map((p) => ({ value: p, label: t(`provider.${p}`) }))} value={provider} onChange={setProvider} />
          <TextField
            id="link-reference"
            name="reference"
            label={t(`reference.kind.${PROVIDERS[provider as ProviderId].reference.kind}`)}
            helpText={t(PROVIDERS[provider as ProviderId].reference.kind === "REVER_PROCESS_ID" ? "return.link.reverHelp" : "return.link.ifHelp")}
            value={value}
            onChange={setValue}
            autoComplete="off"
            error={error("reference") ?? error("reverProcessId") ?? error("ifReturnName")}
          />
        </FormLayout.Group>
      </FormLayout>
      <InlineStack>
        <Button submit loading={navigation.state === "submitting" && navigation.formData?.get("intent") === "link"}>
          {t("return.action.link")}
        </Button>
      </InlineStack>
    </BlockStack>
  );
}

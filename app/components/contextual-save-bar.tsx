import { SaveBar } from "@shopify/app-bridge-react";
import { Box, Button, InlineStack, Text } from "@shopify/polaris";
import { useRouteLoaderData } from "@remix-run/react";
import { useT } from "../i18n/use-t";

// The contextual save bar: App Bridge's in the Shopify admin (https://shopify.dev/docs/api/app-bridge-library/react-components/save-bar);
// the sandbox demo has no App Bridge around the page, so the same Save and Discard sit in a bar at the top of it.

export function ContextualSaveBar({ open, saving, onSave, onDiscard }: { open: boolean; saving: boolean; onSave: () => void; onDiscard: () => void }) {
  const t = useT();
  const app = useRouteLoaderData<{ demo?: boolean }>("routes/app");
  if (!app?.demo) {
    return (
      <SaveBar id="automation-save-bar" open={open}>
        <button variant="primary" onClick={onSave} loading={saving ? "" : undefined}>
          {t("automation.saveBar.save")}
        </button>
        <button onClick={onDiscard}>{t("automation.saveBar.discard")}</button>
      </SaveBar>
    );
  }
  // Fixed over the top of the page, as the admin's bar is: opening it moves nothing.
  return (
    <div role="region" aria-label={t("automation.saveBar.message")} style={{ position: "fixed", top: 0, left: 0, right: 0, zIndex: 520, visibility: open ? "visible" : "hidden" }}>
      <Box background="bg-surface-inverse" padding="300">
        <InlineStack align="space-between" blockAlign="center" gap="300">
          <Text as="p" tone="text-inverse" fontWeight="semibold">
            {t("automation.saveBar.message")}
          </Text>
          <InlineStack gap="200">
            <Button onClick={onDiscard} disabled={!open || saving}>
              {t("automation.saveBar.discard")}
            </Button>
            <Button variant="primary" onClick={onSave} loading={saving} disabled={!open}>
              {t("automation.saveBar.save")}
            </Button>
          </InlineStack>
        </InlineStack>
      </Box>
    </div>
  );
}

import { useEffect, useState } from "react";
import { SaveBar } from "@shopify/app-bridge-react";
import { Box, Button, InlineStack, Text } from "@shopify/polaris";
import { useT } from "../i18n/use-t";

// The contextual save bar of a settings form (Built for Shopify: forms show their unsaved state the admin's way).
// Inside the Shopify admin it is App Bridge's `<SaveBar>` (ui-save-bar, @shopify/app-bridge-react 4.2.13:
// a primary button is Save, the other Discard; https://shopify.dev/docs/api/app-bridge-library/react-components/savebar-component).
// The sandbox demo has no App Bridge around the page, so a Polaris bar stands in, with the same two actions.

export interface UnsavedChangesBarProps {
  id: string;
  /** The form differs from what is saved. */
  open: boolean;
  saving: boolean;
  /** Submits the form (form.requestSubmit(), so Remix handles it as a click on its Save button would). */
  onSave(): void;
  /** Puts the form back to what is saved. */
  onDiscard(): void;
}

/** True once the page runs inside the Shopify admin (App Bridge defines window.shopify); false on the server and in the demo. */
function useAppBridge(): boolean {
  const [present, setPresent] = useState(false);
  useEffect(() => setPresent(typeof window !== "undefined" && "shopify" in window), []);
  return present;
}

export function UnsavedChangesBar({ id, open, saving, onSave, onDiscard }: UnsavedChangesBarProps) {
  const t = useT();
  const appBridge = useAppBridge();
  if (appBridge) {
    return (
      <SaveBar id={id} open={open} discardConfirmation>
        <button variant="primary" onClick={onSave} {...(saving ? { loading: "" } : {})} />
        <button onClick={onDiscard} disabled={saving} />
      </SaveBar>
    );
  }
  if (!open) return null;
  return (
    <div role="region" aria-label={t("saveBar.label")} style={{ position: "sticky", top: 0, zIndex: 510, marginBottom: 16 }}>
      <Box background="bg-fill-inverse" padding="300" borderRadius="200">
        <InlineStack align="space-between" blockAlign="center" gap="300">
          <Text as="p" tone="text-inverse" fontWeight="semibold">
            {t("saveBar.unsaved")}
          </Text>
          <InlineStack gap="200">
            <Button onClick={onDiscard} disabled={saving}>
              {t("saveBar.discard")}
            </Button>
            <Button variant="primary" onClick={onSave} loading={saving}>
              {t("common.save")}
            </Button>
          </InlineStack>
        </InlineStack>
      </Box>
    </div>
  );
}

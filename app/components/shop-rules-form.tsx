import { useRef, useState } from "react";
import { Form, useNavigation } from "@remix-run/react";
import { BlockStack, Button, Card, InlineStack, Select, Text } from "@shopify/polaris";
import type { ProviderId } from "../platforms/types";
import type { ShopSettingsView } from "../settings/shop-settings.server";
import type { MessageKey } from "../i18n/messages";
import { useT } from "../i18n/use-t";
import { UnsavedChangesBar } from "./unsaved-changes-bar";

// Shop-wide settings as status-to-action rules: "when X happens, do Y", each a choice between two actions,
// plus how often reconciliation compares both sides.

/** Choices offered; the use-case accepts any whole number of minutes from 5 to 1440. */
const RECONCILE_INTERVALS = [15, 30, 60, 120, 360, 720, 1440];

type RuleName = "approveBeforeLabel" | "closeOnWarehouse" | "pushCancellations";
const RULES: RuleName[] = ["approveBeforeLabel", "closeOnWarehouse", "pushCancellations"];

export function ShopRulesForm({ settings, connected, fieldErrors, hidden = {} }: { settings: ShopSettingsView; connected: ProviderId[]; fieldErrors?: Record<string, MessageKey> | null; hidden?: Record<string, string> }) {
  const t = useT();
  const navigation = useNavigation();
  const savedRules = (): Record<RuleName, boolean> => ({
    approveBeforeLabel: settings.approveBeforeLabel,
    closeOnWarehouse: settings.closeOnWarehouse,
    pushCancellations: settings.pushCancellations,
  });
  const [interval, setInterval] = useState(String(settings.reconcileIntervalMinutes));
  const [defaultProvider, setDefaultProvider] = useState(settings.defaultProvider ?? "");
  const [rules, setRules] = useState<Record<RuleName, boolean>>(savedRules);
  const form = useRef<HTMLFormElement>(null);
  const saving = navigation.state === "submitting" && navigation.formData?.get("intent") === "save-rules";
  const dirty = interval !== String(settings.reconcileIntervalMinutes) || defaultProvider !== (settings.defaultProvider ?? "") || RULES.some((r) => rules[r] !== savedRules()[r]);
  const discard = () => {
    setInterval(String(settings.reconcileIntervalMinutes));
    setDefaultProvider(settings.defaultProvider ?? "");
    setRules(savedRules());
  };
  const intervals: string[] = RECONCILE_INTERVALS.map(String);
  if (!intervals.includes(interval)) intervals.unshift(interval);
  return (
    <Form method="post" aria-label={t("rules.title")} ref={form}>
      <UnsavedChangesBar id="save-bar-rules" open={dirty} saving={saving} onSave={() => form.current?.requestSubmit()} onDiscard={discard} />
      <input type="hidden" name="intent" value="save-rules" />
      {Object.entries(hidden).map(([k, v]) => (
        <input key={k} type="hidden" name={k} value={v} />
      ))}
      {RULES.map((r) => (rules[r] ? <input key={r} type="hidden" name={r} value="on" /> : null))}
      <BlockStack gap="400">
        <Card>
          <BlockStack gap="300">
            <Text as="h2" variant="headingMd">
              {t("rules.title")}
            </Text>
            <Text as="p" tone="subdued">
              {t("rules.help")}
            </Text>
            {RULES.map((r) => (
              <Select
                key={r}
                id={`rule-${r}`}
                label={t(`rules.${r}.when`)}
                helpText={t(`rules.${r}.help`)}
                options={[
                  { value: "on", label: t(`rules.${r}.on`) },
                  { value: "off", label: t(`rules.${r}.off`) },
                ]}
                value={rules[r] ? "on" : "off"}
                onChange={(v) => setRules((prev) => ({ ...prev, [r]: v === "on" }))}
              />
            ))}
            {connected.length > 1 ? (
              <Select
                id="rule-defaultProvider"
                name="defaultProvider"
                label={t("rules.defaultProvider")}
                helpText={t("rules.defaultProvider.help")}
                options={[{ value: "", label: t("rules.defaultProvider.first") }, ...connected.map((p) => ({ value: p, label: t(`provider.${p}`) }))]}
                value={defaultProvider}
                onChange={setDefaultProvider}
                error={fieldErrors?.defaultProvider ? t(fieldErrors.defaultProvider) : undefined}
              />
            ) : (
              <input type="hidden" name="defaultProvider" value={defaultProvider} />
            )}
          </BlockStack>
        </Card>
        <Card>
          <BlockStack gap="300">
            <Text as="h2" variant="headingMd">
              {t("rules.reconcile.title")}
            </Text>
            <Select
              id="rule-reconcileIntervalMinutes"
              name="reconcileIntervalMinutes"
              label={t("rules.reconcile.interval")}
              helpText={t("rules.reconcile.help")}
              options={intervals.map((m) => ({ value: m, label: Number(m) % 60 === 0 ? t("rules.reconcile.hours", { count: Number(m) / 60 }) : t("rules.reconcile.minutes", { count: Number(m) }) }))}
              value={interval}
              onChange={setInterval}
              error={fieldErrors?.reconcileIntervalMinutes ? t(fieldErrors.reconcileIntervalMinutes) : undefined}
            />
          </BlockStack>
        </Card>
        <InlineStack align="end">
          <Button submit variant="primary" loading={saving}>
            {t("common.save")}
          </Button>
        </InlineStack>
      </BlockStack>
    </Form>
  );
}

import { BlockStack, Button, Card, Checkbox, ChoiceList, Divider, FormLayout, InlineStack, Select, Text, TextField } from "@shopify/polaris";
import type { AutomationRuleView } from "../automation/rule-types";
import { REVER_PICKUP_WINDOWS } from "../automation/rule-types";
import type { MessageKey } from "../i18n/messages";
import { useT } from "../i18n/use-t";
import type { ProviderId } from "../platforms/types";

// One automation rule on the settings page: its conditions ("when") and actions ("then"). Lists the merchant types
// (countries, tags) stay text while edited; the page turns them into lists when it saves.

export type RuleDraft = Omit<AutomationRuleView, "countries" | "orderTags"> & { key: string; countries: string; orderTags: string };

export interface RuleOptions {
  providers: ProviderId[];
  reasons: Array<{ handle: string; name: string }>;
  reasonsProblem: string | null;
  locations: Array<{ id: string; name: string }>;
  locationsProblem: string | null;
}

const windowKey = (w: { startHour: number; endHour: number }) => `${w.startHour}-${w.endHour}`;

export function AutomationRuleCard(props: {
  draft: RuleDraft;
  index: number;
  count: number;
  options: RuleOptions;
  errors: Record<string, MessageKey>;
  onChange: (next: RuleDraft) => void;
  onMove: (by: -1 | 1) => void;
  onRemove: () => void;
}) {
  const { draft: d, index, count, options, errors, onChange } = props;
  const t = useT();
  const set = <K extends keyof RuleDraft>(k: K) => (v: RuleDraft[K]) => onChange({ ...d, [k]: v });
  const error = (field: string) => {
    const key = errors[`rules.${index}.${field}`] ?? Object.entries(errors).find(([k]) => k.startsWith(`rules.${index}.${field}.`))?.[1];
    return key ? t(key) : undefined;
  };
  const id = (field: string) => `rule-${index}-${field}`;
  return (
    <Card>
      <BlockStack gap="400">
        <InlineStack align="space-between" blockAlign="center" gap="200">
          <Text as="h2" variant="headingMd">
            {t("automation.rule.heading", { position: index + 1 })}
          </Text>
          <InlineStack gap="200">
            <Button onClick={() => props.onMove(-1)} disabled={index === 0}>
              {t("automation.rule.moveUp")}
            </Button>
            <Button onClick={() => props.onMove(1)} disabled={index === count - 1}>
              {t("automation.rule.moveDown")}
            </Button>
            <Button tone="critical" variant="plain" onClick={props.onRemove}>
              {t("automation.rule.remove")}
            </Button>
          </InlineStack>
        </InlineStack>
        <FormLayout>
          <FormLayout.Group condensed>
            <TextField id={id("name")} label={t("automation.rule.name")} value={d.name} onChange={set("name")} autoComplete="off" error={error("name")} />
            <Checkbox id={id("enabled")} label={t("automation.rule.enabled")} checked={d.enabled} onChange={set("enabled")} />
          </FormLayout.Group>
        </FormLayout>
        <Divider />
        <Text as="h3" variant="headingSm">
          {t("automation.conditions")}
        </Text>
        <FormLayout>
          <TextField id={id("countries")} label={t("automation.countries")} helpText={t("automation.countries.help")} value={d.countries} onChange={set("countries")} autoComplete="off" error={error("countries")} />
          {options.reasons.length ? (
            <ChoiceList
              allowMultiple
              title={t("automation.reasons")}
              choices={options.reasons.map((r) => ({ label: r.name, value: r.handle }))}
              selected={d.reasonHandles}
              onChange={set("reasonHandles")}
              error={error("reasonHandles")}
            />
          ) : (
            <Text as="p" tone="subdued">
              {options.reasonsProblem ? t("automation.reasons.unavailable", { reason: options.reasonsProblem }) : t("automation.reasons.help")}
            </Text>
          )}
          <FormLayout.Group condensed>
            <TextField id={id("minOrderTotal")} type="number" label={t("automation.minTotal")} value={d.minOrderTotal ?? ""} onChange={(v) => set("minOrderTotal")(v || null)} autoComplete="off" error={error("minOrderTotal")} />
            <TextField id={id("maxOrderTotal")} type="number" label={t("automation.maxTotal")} value={d.maxOrderTotal ?? ""} onChange={(v) => set("maxOrderTotal")(v || null)} autoComplete="off" error={error("maxOrderTotal")} />
          </FormLayout.Group>
          <TextField id={id("orderTags")} label={t("automation.tags")} helpText={t("automation.tags.help")} value={d.orderTags} onChange={set("orderTags")} autoComplete="off" error={error("orderTags")} />
        </FormLayout>
        <Divider />
        <Text as="h3" variant="headingSm">
          {t("automation.actions")}
        </Text>
        <FormLayout>
          <Checkbox id={id("autoApprove")} label={t("automation.autoApprove")} checked={d.autoApprove} onChange={set("autoApprove")} />
          <Checkbox id={id("createLabel")} label={t("automation.createLabel")} checked={d.createLabel} onChange={set("createLabel")} />
          {d.createLabel ? (
            <FormLayout.Group condensed>
              <Select
                id={id("provider")}
                label={t("automation.provider")}
                options={[{ value: "", label: t("automation.provider.default") }, ...options.providers.map((p) => ({ value: p, label: t(`provider.${p}`) }))]}
                value={d.provider ?? ""}
                onChange={(v) => set("provider")((v || null) as ProviderId | null)}
                error={error("provider")}
              />
              <Select
                id={id("returnMethod")}
                label={t("automation.returnMethod")}
                options={(["DROP_OFF_POINT", "HOME_PICK_UP"] as const).map((m) => ({ value: m, label: t(`automation.returnMethod.${m}`) }))}
                value={d.returnMethod ?? "DROP_OFF_POINT"}
                onChange={(v) => set("returnMethod")(v === "HOME_PICK_UP" ? "HOME_PICK_UP" : null)}
                error={error("returnMethod")}
              />
              <TextField id={id("carrierService")} label={t("automation.carrierService")} helpText={t("automation.carrierService.help")} value={d.carrierService ?? ""} onChange={(v) => set("carrierService")(v || null)} autoComplete="off" />
            </FormLayout.Group>
          ) : null}
          {d.createLabel && d.returnMethod === "HOME_PICK_UP" ? (
            <ChoiceList
              allowMultiple
              title={t("automation.pickupWindows")}
              choices={REVER_PICKUP_WINDOWS.map((w) => ({ value: windowKey(w), label: `${String(w.startHour).padStart(2, "0")}:00–${w.endHour}:00` }))}
              selected={d.pickupWindows.map(windowKey)}
              onChange={(keys) => set("pickupWindows")(REVER_PICKUP_WINDOWS.filter((w) => keys.includes(windowKey(w))))}
              error={error("pickupWindows")}
            />
          ) : null}
          <Checkbox id={id("notifyCustomer")} label={t("automation.notifyCustomer")} checked={d.notifyCustomer} onChange={set("notifyCustomer")} />
          <Checkbox id={id("processOnArrival")} label={t("automation.processOnArrival")} helpText={t("automation.processOnArrival.help")} checked={d.processOnArrival} onChange={(v) => onChange({ ...d, processOnArrival: v, ...(v ? {} : { refundOnArrival: false, restockLocationId: null }) })} />
          {d.processOnArrival ? (
            <FormLayout.Group condensed>
              <Checkbox id={id("refundOnArrival")} label={t("automation.refundOnArrival")} checked={d.refundOnArrival} onChange={set("refundOnArrival")} error={error("refundOnArrival")} />
              {options.locations.length ? (
                <Select
                  id={id("restockLocationId")}
                  label={t("automation.restockLocation")}
                  options={[{ value: "", label: t("automation.restockLocation.none") }, ...options.locations.map((l) => ({ value: l.id, label: l.name }))]}
                  value={d.restockLocationId ?? ""}
                  onChange={(v) => set("restockLocationId")(v || null)}
                  error={error("restockLocationId")}
                />
              ) : (
                <Text as="p" tone="subdued">
                  {t("automation.restockLocation.unavailable", { reason: options.locationsProblem ?? "" })}
                </Text>
              )}
            </FormLayout.Group>
          ) : null}
        </FormLayout>
      </BlockStack>
    </Card>
  );
}

import { useEffect, useRef, useState } from "react";
import { Form, useNavigation } from "@remix-run/react";
import { BlockStack, Button, Card, Checkbox, FormLayout, InlineStack, Select, Text, TextField } from "@shopify/polaris";
import type { ProviderConnectionView } from "../settings/provider-connections.server";
import { ASSUMED_CAPABILITY_INFO, type AssumedCapability } from "../platforms/assumed-capabilities";
import { PROVIDERS } from "../platforms/descriptors";
import type { ProviderId } from "../platforms/types";
import { translateFieldError } from "../i18n/field-errors";
import type { MessageKey } from "../i18n/messages";
import { useT } from "../i18n/use-t";
import { UnsavedChangesBar } from "./unsaved-changes-bar";

// The provider connection form of the settings and onboarding pages. Field names are the dotted names the
// settings use-case reads (formToConnectionInput); sections not shown travel as hidden inputs, so saving one
// part never erases another. The credential is write-only: it is never sent back to the browser.

export type ConnectionSection = "connection" | "warehouse" | "defaults" | "sync" | "assumptions";
export const ALL_SECTIONS: ConnectionSection[] = ["connection", "warehouse", "defaults", "sync", "assumptions"];

const ADDRESS_FIELDS = ["name", "company", "email", "phone", "line1", "line2", "city", "postalCode", "region", "countryCode"] as const;
const PARCEL_FIELDS = ["weightGrams", "lengthCm", "widthCm", "heightCm"] as const;
const SWITCHES = ["notifyCustomer", "syncToShopify", "syncToProvider"] as const;

type Values = Record<string, string>;

function initialValues(provider: ProviderId, view: ProviderConnectionView | null): Values {
  const v: Values = {
    environment: view?.environment ?? "production",
    baseUrl: view?.environment === "custom" ? view.baseUrl : "",
    credential: "",
    shopCode: view?.shopCode ?? "",
    ecommerceId: view?.ecommerceId ?? "",
    ecommerceGroup: view?.ecommerceGroup ?? "",
    logisticsProvider: view?.logisticsProvider ?? "",
    defaultCarrierService: view?.defaultCarrierService ?? "",
    carrierServices: (view?.carrierServices ?? []).join(", "),
    defaultLabelFormat: view?.defaultLabelFormat ?? "PDF",
    notifyCustomer: view?.notifyCustomer ? "on" : "",
    syncToShopify: view && !view.syncToShopify ? "" : "on",
    syncToProvider: view && !view.syncToProvider ? "" : "on",
    requestsPerSecond: String(view?.requestsPerSecond ?? 10),
    // One hidden field, the comma-separated names turned on (the use-case keeps the stored list when it is absent).
    assumedCapabilities: (view?.assumedCapabilities ?? []).join(","),
  };
  for (const f of ADDRESS_FIELDS) v[`warehouseAddress.${f}`] = String(view?.warehouseAddress?.[f] ?? "");
  for (const f of PARCEL_FIELDS) v[`defaultParcel.${f}`] = view?.defaultParcel?.[f] === undefined ? "" : String(view.defaultParcel[f]);
  if (!PROVIDERS[provider].connection.environments.includes(v.environment)) v.environment = "production";
  return v;
}

/** The names each section owns (the others are carried as hidden inputs). */
function namesOf(section: ConnectionSection, provider: ProviderId): string[] {
  switch (section) {
    case "connection":
      return ["environment", "baseUrl", "credential", ...PROVIDERS[provider].connection.fields.filter((f) => f !== "carrierServices")];
    case "warehouse":
      return ADDRESS_FIELDS.map((f) => `warehouseAddress.${f}`);
    case "defaults":
      return ["defaultCarrierService", "carrierServices", "defaultLabelFormat", ...PARCEL_FIELDS.map((f) => `defaultParcel.${f}`)];
    case "sync":
      return [...SWITCHES, "requestsPerSecond"];
    case "assumptions":
      return ["assumedCapabilities"];
  }
}

export interface ConnectionFormProps {
  provider: ProviderId;
  view: ProviderConnectionView | null;
  /** Errors by dotted field name, as the settings use-case returns them (English; translated here). */
  fieldErrors?: Record<string, string> | null;
  sections?: ConnectionSection[];
  submitLabel?: string;
  /** Extra hidden fields (e.g. the onboarding step). */
  hidden?: Record<string, string>;
  intent?: string;
}

export function ConnectionForm({ provider, view, fieldErrors, sections = ALL_SECTIONS, submitLabel, hidden = {}, intent = "save-connection" }: ConnectionFormProps) {
  const t = useT();
  const navigation = useNavigation();
  const [values, setValues] = useState<Values>(() => initialValues(provider, view));
  const set = (name: string) => (value: string) => setValues((prev) => ({ ...prev, [name]: value }));
  const error = (name: string) => (fieldErrors?.[name] ? translateFieldError(t.locale, fieldErrors[name]) : undefined);
  const shown = new Set(sections.flatMap((s) => namesOf(s, provider)));
  // Sections not shown carry what is saved now, not what was saved when the form mounted: another form on the
  // page may have saved since, and a remount to refresh them would drop the merchant's unsaved edits here.
  const saved = initialValues(provider, view);
  const carried = ALL_SECTIONS.flatMap((s) => namesOf(s, provider)).filter((n) => !shown.has(n) && n !== "credential");
  const saving = navigation.state === "submitting" && navigation.formData?.get("intent") === intent && navigation.formData?.get("provider") === provider;
  const form = useRef<HTMLFormElement>(null);
  // A saved credential is never shown again: once a save went through, the typed one leaves the form.
  const wasSaving = useRef(false);
  useEffect(() => {
    if (wasSaving.current && !saving && !fieldErrors) setValues((prev) => ({ ...prev, credential: "" }));
    wasSaving.current = saving;
  }, [saving, fieldErrors]);
  const dirty = [...shown].some((n) => (values[n] ?? "") !== (saved[n] ?? ""));
  const id = (name: string) => `${provider}-${name.replace(/\./g, "-")}`;

  const text = (name: string, label: MessageKey, opts: { help?: string; type?: "text" | "email" | "tel" | "number" | "password" | "url"; autoComplete?: string; requiredMark?: boolean } = {}) => (
    <TextField
      id={id(name)}
      name={name}
      label={t(label)}
      value={values[name] ?? ""}
      onChange={set(name)}
      error={error(name)}
      helpText={opts.help}
      type={opts.type ?? "text"}
      autoComplete={opts.autoComplete ?? "off"}
      requiredIndicator={opts.requiredMark}
    />
  );

  const d = PROVIDERS[provider];
  const has = (field: (typeof d.connection.fields)[number]) => d.connection.fields.includes(field);
  const environments = d.connection.environments;
  const labelFormats = d.capabilities.labelFormats;
  const credentialLabel: MessageKey = `connection.credential.${provider}`;
  const assumed = new Set((values.assumedCapabilities ?? "").split(",").filter(Boolean));
  const toggleAssumed = (name: AssumedCapability, on: boolean) => {
    const next = new Set(assumed);
    if (on) next.add(name);
    else next.delete(name);
    set("assumedCapabilities")([...next].sort().join(","));
  };
  const credentialHelp = view?.hasCredential ? t("connection.credential.saved", { hint: view.credentialHint ?? "" }) : t("connection.credential.new");

  return (
    <Form method="post" aria-label={t("connection.formLabel", { provider: t(`provider.${provider}`) })} ref={form}>
      <UnsavedChangesBar id={`save-bar-${intent}-${provider}-${sections.join("-")}`} open={dirty} saving={saving} onSave={() => form.current?.requestSubmit()} onDiscard={() => setValues(initialValues(provider, view))} />
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="provider" value={provider} />
      {Object.entries(hidden).map(([k, v]) => (
        <input key={k} type="hidden" name={k} value={v} />
      ))}
      {carried.map((name) =>
        SWITCHES.includes(name as (typeof SWITCHES)[number]) ? saved[name] ? <input key={name} type="hidden" name={name} value="on" /> : null : <input key={name} type="hidden" name={name} value={saved[name] ?? ""} />,
      )}
      <BlockStack gap="400">
        {error("form") ? (
          <Text as="p" tone="critical">
            {error("form")}
          </Text>
        ) : null}
        {sections.includes("connection") ? (
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                {t("connection.section.connection")}
              </Text>
              <FormLayout>
                <Select
                  id={id("environment")}
                  name="environment"
                  label={t("connection.environment")}
                  options={environments.map((e) => ({ value: e, label: t.dynamic(`connection.environment.${e}`, e) }))}
                  value={values.environment}
                  onChange={set("environment")}
                  error={error("environment")}
                />
                {values.environment === "custom" ? text("baseUrl", "connection.baseUrl", { type: "url", help: t("connection.baseUrl.help"), requiredMark: true }) : null}
                {text("credential", credentialLabel, { type: "password", autoComplete: "new-password", help: credentialHelp, requiredMark: !view?.hasCredential })}
                {values.environment !== "custom" && d.connection.servers[values.environment] && !d.connection.servers[values.environment].documented ? (
                  <Text as="p" tone="caution">
                    {t("connection.environment.fromOperator")}
                  </Text>
                ) : null}
                {has("shopCode") ? text("shopCode", "connection.shopCode", { help: t("connection.shopCode.help") }) : null}
                {has("ecommerceId") ? (
                  <FormLayout.Group>
                    {text("ecommerceId", "connection.ecommerceId", { requiredMark: true, help: t("connection.ecommerceId.help") })}
                    {has("ecommerceGroup") ? text("ecommerceGroup", "connection.ecommerceGroup", { help: t("connection.ecommerceGroup.help") }) : null}
                  </FormLayout.Group>
                ) : null}
                {has("logisticsProvider") ? text("logisticsProvider", "connection.logisticsProvider", { help: t("connection.logisticsProvider.help") }) : null}
              </FormLayout>
            </BlockStack>
          </Card>
        ) : null}
        {sections.includes("warehouse") ? (
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                {t("connection.section.warehouse")}
              </Text>
              <Text as="p" tone="subdued">
                {t("connection.warehouse.help")}
              </Text>
              <FormLayout>
                <FormLayout.Group>
                  {text("warehouseAddress.name", "address.name", { autoComplete: "organization", requiredMark: true })}
                  {text("warehouseAddress.company", "address.company")}
                </FormLayout.Group>
                <FormLayout.Group>
                  {text("warehouseAddress.email", "address.email", { type: "email", autoComplete: "email", requiredMark: d.connection.warehouseContactRequired })}
                  {text("warehouseAddress.phone", "address.phone", { type: "tel", autoComplete: "tel", requiredMark: d.connection.warehouseContactRequired })}
                </FormLayout.Group>
                {text("warehouseAddress.line1", "address.line1", { autoComplete: "address-line1", requiredMark: true })}
                {text("warehouseAddress.line2", "address.line2", { autoComplete: "address-line2" })}
                <FormLayout.Group condensed>
                  {text("warehouseAddress.postalCode", "address.postalCode", { autoComplete: "postal-code", requiredMark: true })}
                  {text("warehouseAddress.city", "address.city", { autoComplete: "address-level2", requiredMark: true })}
                  {text("warehouseAddress.region", "address.region", { autoComplete: "address-level1" })}
                  {text("warehouseAddress.countryCode", "address.countryCode", { autoComplete: "country", requiredMark: true, help: t("address.countryCode.help") })}
                </FormLayout.Group>
              </FormLayout>
            </BlockStack>
          </Card>
        ) : null}
        {sections.includes("defaults") ? (
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                {t("connection.section.defaults")}
              </Text>
              <FormLayout>
                <FormLayout.Group>
                  {d.connection.carrierKind === "service-code"
                    ? text("defaultCarrierService", "connection.defaultCarrierService", { help: t("connection.defaultCarrierService.help") })
                    : text("defaultCarrierService", "connection.defaultCarrier", { help: t("connection.defaultCarrier.help") })}
                  <Select
                    id={id("defaultLabelFormat")}
                    name="defaultLabelFormat"
                    label={t("connection.defaultLabelFormat")}
                    options={labelFormats.map((f) => ({ value: f, label: f }))}
                    value={values.defaultLabelFormat}
                    onChange={set("defaultLabelFormat")}
                    error={error("defaultLabelFormat")}
                  />
                </FormLayout.Group>
                {has("carrierServices") ? text("carrierServices", "connection.carrierServices", { help: t("connection.carrierServices.help") }) : null}
                <Text as="h3" variant="headingSm">
                  {t("connection.defaultParcel")}
                </Text>
                <FormLayout.Group condensed>
                  {text("defaultParcel.weightGrams", "parcel.weightGrams", { type: "number" })}
                  {text("defaultParcel.lengthCm", "parcel.lengthCm", { type: "number" })}
                  {text("defaultParcel.widthCm", "parcel.widthCm", { type: "number" })}
                  {text("defaultParcel.heightCm", "parcel.heightCm", { type: "number" })}
                </FormLayout.Group>
              </FormLayout>
            </BlockStack>
          </Card>
        ) : null}
        {sections.includes("sync") ? (
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                {t("connection.section.sync")}
              </Text>
              <BlockStack gap="200">
                {SWITCHES.map((name) => (
                  <Checkbox
                    key={name}
                    id={id(name)}
                    name={name}
                    value="on"
                    label={t(`connection.${name}`)}
                    helpText={t(`connection.${name}.help`)}
                    checked={values[name] === "on"}
                    onChange={(checked) => set(name)(checked ? "on" : "")}
                    error={error(name)}
                  />
                ))}
              </BlockStack>
              <FormLayout>{text("requestsPerSecond", "connection.requestsPerSecond", { type: "number", help: t("connection.requestsPerSecond.help") })}</FormLayout>
            </BlockStack>
          </Card>
        ) : null}
        {sections.includes("assumptions") ? (
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                {t("connection.section.assumptions")}
              </Text>
              <Text as="p" tone="subdued">
                {t("connection.assumptions.help", { provider: t(`provider.${provider}`) })}
              </Text>
              <input type="hidden" name="assumedCapabilities" value={values.assumedCapabilities ?? ""} />
              <BlockStack gap="200">
                {d.assumedCapabilities.map((name) => (
                  <Checkbox
                    key={name}
                    id={id(`assumed.${name}`)}
                    label={t(`assumption.${name}`)}
                    helpText={`${t(`assumption.${name}.help`)} ${t("assumption.unverified")} (${ASSUMED_CAPABILITY_INFO[name].what})`}
                    checked={assumed.has(name)}
                    onChange={(checked) => toggleAssumed(name, checked)}
                    error={error(`assumedCapabilities.${name}`) ?? error("assumedCapabilities")}
                  />
                ))}
              </BlockStack>
            </BlockStack>
          </Card>
        ) : null}
        <InlineStack align="end">
          <Button submit variant="primary" loading={saving}>
            {submitLabel ?? t("common.save")}
          </Button>
        </InlineStack>
      </BlockStack>
    </Form>
  );
}

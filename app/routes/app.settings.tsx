import { useState } from "react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useLocation, useNavigate, useNavigation } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, InlineStack, Layout, Page, Tabs, Text } from "@shopify/polaris";
import { requireAdmin } from "../auth.server";
import { readForm } from "../http/request-body.server";
import { ConnectionForm } from "../components/connection-form";
import { ShopRulesForm } from "../components/shop-rules-form";
import { TestConnectionCard } from "../components/test-connection-card";
import { useAppUrl } from "../i18n/locale-url";
import { useT } from "../i18n/use-t";
import { PROVIDER_IDS, type ProviderId } from "../platforms/types";
import { listProviderConnectionViews } from "../settings/provider-connections.server";
import { runtimeOf } from "../runtime/load-context.server";
import { getShopSettings, runSettingsAction } from "../settings/shop-settings.server";

const TABS = [...PROVIDER_IDS, "rules"] as const;
type Tab = (typeof TABS)[number];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const rt = runtimeOf(context);
  const { shop } = await requireAdmin(rt, request);
  const database = rt.db;
  const [connections, settings] = await Promise.all([listProviderConnectionViews(database, shop), getShopSettings(database, shop)]);
  const asked = new URL(request.url).searchParams.get("tab");
  const tab: Tab = (TABS as readonly string[]).includes(asked ?? "") ? (asked as Tab) : (connections[0]?.provider ?? "IFRETURNS");
  return { connections, settings, tab, now: new Date().toISOString() };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { ctx } = await requireAdmin(runtimeOf(context), request);
  // Read with a cap: 413 past it, 400 for a body that is not a form.
  const form = await readForm(request);
  return runSettingsAction(ctx, form);
}

export default function Settings() {
  const { connections, settings, tab, now } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const url = useAppUrl();
  const navigate = useNavigate();
  const location = useLocation();
  const selected = TABS.indexOf(tab);
  const select = (i: number) => {
    const params = new URLSearchParams(location.search);
    params.set("tab", TABS[i]);
    navigate(`?${params.toString()}`, { replace: true, preventScrollReset: true });
  };
  const tabs = TABS.map((id) => ({
    id: `settings-${id}`,
    content: id === "rules" ? t("settings.tab.rules") : t(`provider.${id}`),
    badge: id !== "rules" && connections.some((c) => c.provider === id) ? t("settings.tab.connected") : undefined,
    panelID: `settings-panel-${id}`,
  }));

  return (
    <Page title={t("settings.title")} subtitle={t("settings.subtitle")} backAction={{ content: t("nav.home"), url: url("/app") }}>
      <BlockStack gap="400">
        <Tabs tabs={tabs} selected={selected} onSelect={select} />
        <div id={`settings-panel-${tab}`} role="tabpanel" aria-labelledby={`settings-${tab}`}>
          {tab === "rules" ? (
            <Layout>
              {result?.intent === "save-rules" ? (
                <Layout.Section>
                  {result.ok ? <Banner tone="success" title={t("settings.rules.saved")} /> : <Banner tone="critical" title={t("settings.fixErrors")} />}
                </Layout.Section>
              ) : null}
              <Layout.Section>
                <ShopRulesForm settings={settings} connected={connections.map((c) => c.provider)} fieldErrors={result?.intent === "save-rules" ? result.fieldErrors : null} />
              </Layout.Section>
            </Layout>
          ) : (
            <ProviderPanel key={`${tab}-${connections.find((c) => c.provider === tab)?.id ?? "new"}`} provider={tab} result={result} now={now} />
          )}
        </div>
      </BlockStack>
    </Page>
  );
}

function ProviderPanel({ provider, result, now }: { provider: ProviderId; result: ReturnType<typeof useActionData<typeof action>>; now: string }) {
  const { connections } = useLoaderData<typeof loader>();
  const t = useT();
  const navigation = useNavigation();
  const [confirming, setConfirming] = useState(false);
  const view = connections.find((c) => c.provider === provider) ?? null;
  const mine = result && "provider" in result && result.provider === provider ? result : null;
  return (
    <Layout>
      {mine?.intent === "save-connection" ? (
        <Layout.Section>
          {mine.ok ? (
            <Banner tone="success" title={t("settings.connection.saved", { provider: t(`provider.${provider}`) })}>
              <Text as="p">{t("settings.connection.savedHint")}</Text>
            </Banner>
          ) : (
            <Banner tone="critical" title={t("settings.fixErrors")} />
          )}
        </Layout.Section>
      ) : null}
      {mine?.intent === "delete-connection" ? (
        <Layout.Section>
          <Banner tone="info" title={t("settings.connection.deleted", { provider: t(`provider.${provider}`) })} />
        </Layout.Section>
      ) : null}
      <Layout.Section>
        <ConnectionForm provider={provider} view={view} fieldErrors={mine?.intent === "save-connection" ? mine.fieldErrors : null} />
      </Layout.Section>
      <Layout.Section variant="oneThird">
        <BlockStack gap="400">
          <TestConnectionCard provider={provider} view={view} outcome={mine?.intent === "test-connection" ? mine.outcome : null} now={now} />
          {view ? (
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  {t("settings.disconnect.title")}
                </Text>
                <Text as="p" tone="subdued">
                  {t("settings.disconnect.help")}
                </Text>
                {confirming ? (
                  <Form method="post">
                    <input type="hidden" name="intent" value="delete-connection" />
                    <input type="hidden" name="provider" value={provider} />
                    <InlineStack gap="200">
                      <Button submit tone="critical" variant="primary" loading={navigation.state === "submitting" && navigation.formData?.get("intent") === "delete-connection"}>
                        {t("settings.disconnect.confirm", { provider: t(`provider.${provider}`) })}
                      </Button>
                      <Button onClick={() => setConfirming(false)}>{t("common.cancel")}</Button>
                    </InlineStack>
                  </Form>
                ) : (
                  <InlineStack>
                    <Button tone="critical" onClick={() => setConfirming(true)}>
                      {t("settings.disconnect.button")}
                    </Button>
                  </InlineStack>
                )}
              </BlockStack>
            </Card>
          ) : null}
        </BlockStack>
      </Layout.Section>
    </Layout>
  );
}

import { useEffect, useState, type ReactNode } from "react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useLocation, useNavigate, useNavigation, useRevalidator } from "@remix-run/react";
import { Badge, Banner, BlockStack, Box, Button, Card, InlineStack, Layout, Link, Page, ProgressBar, Select, Text } from "@shopify/polaris";
import { requireAdmin } from "../auth.server";
import { readForm } from "../http/request-body.server";
import { ConnectionForm } from "../components/connection-form";
import { RelativeTime } from "../components/relative-time";
import { ShopRulesForm } from "../components/shop-rules-form";
import { TestConnectionCard } from "../components/test-connection-card";
import { localizedPath, useAppUrl } from "../i18n/locale-url";
import { useT } from "../i18n/use-t";
import { isProviderId } from "../platforms/registry.server";
import { PROVIDER_IDS, type ProviderId } from "../platforms/types";
import { listProviderConnectionViews } from "../settings/provider-connections.server";
import { runtimeOf } from "../runtime/load-context.server";
import { getOnboardingState, getShopSettings, runSettingsAction } from "../settings/shop-settings.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const rt = runtimeOf(context);
  const { shop } = await requireAdmin(rt, request);
  const database = rt.db;
  const [state, connections, settings] = await Promise.all([getOnboardingState(database, shop), listProviderConnectionViews(database, shop), getShopSettings(database, shop)]);
  const asked = new URL(request.url).searchParams.get("provider");
  const provider: ProviderId = isProviderId(asked) ? asked : (connections[0]?.provider ?? "IFRETURNS");
  return { state, connections, settings, provider, now: new Date().toISOString() };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { ctx } = await requireAdmin(runtimeOf(context), request);
  // Read with a cap: 413 past it, 400 for a body that is not a form.
  const form = await readForm(request);
  const result = await runSettingsAction(ctx, form);
  if (result.intent === "complete-onboarding") throw redirect(localizedPath(request, "/app"));
  return result;
}

/** How often the last step looks for the first return while the merchant waits on this page. */
const WAIT_POLL_MS = 10_000;

function Step({ n, total, title, done, optional, children }: { n: number; total: number; title: string; done: boolean; optional?: boolean; children: ReactNode }) {
  const t = useT();
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center" gap="200">
          <BlockStack gap="050">
            <Text as="span" variant="bodySm" tone="subdued">
              {t("onboarding.stepOf", { n, total })}
            </Text>
            <Text as="h2" variant="headingMd">
              {title}
            </Text>
          </BlockStack>
          {optional ? <Badge>{t("onboarding.optional")}</Badge> : done ? <Badge tone="success" progress="complete">{t("onboarding.done")}</Badge> : <Badge progress="incomplete">{t("onboarding.todo")}</Badge>}
        </InlineStack>
        {children}
      </BlockStack>
    </Card>
  );
}

export default function Onboarding() {
  const { state, connections, settings, provider, now } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const url = useAppUrl();
  const navigate = useNavigate();
  const location = useLocation();
  const navigation = useNavigation();
  const revalidator = useRevalidator();
  const view = connections.find((c) => c.provider === provider) ?? null;
  const [editing, setEditing] = useState(false);

  const steps = state.steps;
  // Four steps are needed; the rules step (4) is optional: its defaults are sensible.
  const required = [steps.connect, steps.test, steps.warehouse && steps.defaults, steps.firstReturn];
  const doneCount = required.filter(Boolean).length;
  const total = 5;

  useEffect(() => {
    if (steps.firstReturn) return;
    const timer = setInterval(() => revalidator.state === "idle" && revalidator.revalidate(), WAIT_POLL_MS);
    return () => clearInterval(timer);
  }, [steps.firstReturn, revalidator]);

  const chooseProvider = (p: string) => {
    const params = new URLSearchParams(location.search);
    params.set("provider", p);
    navigate(`?${params.toString()}`, { replace: true, preventScrollReset: true });
    setEditing(false);
  };
  const mine = result && "provider" in result && result.provider === provider ? result : null;
  // A saved connection folds step 1 back to its summary.
  useEffect(() => {
    if (result?.intent === "save-connection" && result.ok) setEditing(false);
  }, [result]);
  const saveErrors = mine?.intent === "save-connection" ? mine.fieldErrors : null;
  const hidden = { provider };

  return (
    <Page title={t("onboarding.title")} subtitle={t("onboarding.subtitle")} backAction={{ content: t("nav.home"), url: url("/app") }}>
      <Layout>
        <Layout.Section>
          <BlockStack gap="200">
            <Text as="p" tone="subdued">
              {t("onboarding.progress", { done: doneCount, total: required.length })}
            </Text>
            <ProgressBar progress={Math.round((doneCount / required.length) * 100)} size="small" tone="primary" ariaLabelledBy="onboarding-progress" />
            <span id="onboarding-progress" hidden>
              {t("onboarding.progress", { done: doneCount, total: required.length })}
            </span>
          </BlockStack>
        </Layout.Section>

        <Layout.Section>
          <Step n={1} total={total} title={t("onboarding.connect.title")} done={!!view}>
            <Text as="p">{t("onboarding.connect.body")}</Text>
            <Box maxWidth="24rem">
              <Select
                id="onboarding-provider"
                label={t("onboarding.connect.provider")}
                options={PROVIDER_IDS.map((p) => ({ value: p, label: `${t(`provider.${p}`)}${connections.some((c) => c.provider === p) ? ` (${t("settings.tab.connected")})` : ""}` }))}
                value={provider}
                onChange={chooseProvider}
              />
            </Box>
            {mine?.intent === "save-connection" && mine.ok ? <Banner tone="success" title={t("settings.connection.saved", { provider: t(`provider.${provider}`) })} /> : null}
            {mine?.intent === "save-connection" && !mine.ok ? <Banner tone="critical" title={t("settings.fixErrors")} /> : null}
            {view && !editing ? (
              <InlineStack gap="200" blockAlign="center">
                <Text as="p">{t("onboarding.connect.connected", { provider: t(`provider.${provider}`), hint: view.credentialHint ?? "" })}</Text>
                <Button variant="plain" onClick={() => setEditing(true)}>
                  {t("onboarding.connect.edit")}
                </Button>
              </InlineStack>
            ) : (
              <ConnectionForm
                key={`${provider}-${view?.id ?? "new"}`}
                provider={provider}
                view={view}
                fieldErrors={saveErrors}
                sections={view ? ["connection"] : ["connection", "warehouse"]}
                submitLabel={t("onboarding.connect.save")}
              />
            )}
          </Step>
        </Layout.Section>

        <Layout.Section>
          <Step n={2} total={total} title={t("onboarding.test.title")} done={!!view && view.lastTestResult === "OK"}>
            <Text as="p">{t("onboarding.test.body")}</Text>
            <TestConnectionCard provider={provider} view={view} outcome={mine?.intent === "test-connection" ? mine.outcome : null} now={now} hidden={hidden} />
          </Step>
        </Layout.Section>

        <Layout.Section>
          <Step n={3} total={total} title={t("onboarding.defaults.title")} done={steps.warehouse && steps.defaults}>
            <Text as="p">{t("onboarding.defaults.body")}</Text>
            {view ? (
              <ConnectionForm key={`defaults-${provider}-${view.id}`} provider={provider} view={view} fieldErrors={saveErrors} sections={["warehouse", "defaults", "sync"]} submitLabel={t("onboarding.defaults.save")} />
            ) : (
              <Text as="p" tone="subdued">
                {t("onboarding.defaults.connectFirst")}
              </Text>
            )}
          </Step>
        </Layout.Section>

        <Layout.Section>
          <Step n={4} total={total} title={t("onboarding.rules.title")} done={false} optional>
            <Text as="p">{t("onboarding.rules.body")}</Text>
            {result?.intent === "save-rules" && result.ok ? <Banner tone="success" title={t("settings.rules.saved")} /> : null}
            <ShopRulesForm settings={settings} connected={connections.map((c) => c.provider)} fieldErrors={result?.intent === "save-rules" ? result.fieldErrors : null} />
          </Step>
        </Layout.Section>

        <Layout.Section>
          <Step n={5} total={total} title={t("onboarding.first.title")} done={steps.firstReturn}>
            {state.firstReturn ? (
              <Banner tone="success" title={t("onboarding.first.arrived", { name: state.firstReturn.returnName, order: state.firstReturn.orderName })}>
                <BlockStack gap="200">
                  <Text as="p">
                    {t("onboarding.first.arrivedAt")} <RelativeTime iso={state.firstReturn.createdAt} now={now} />
                  </Text>
                  <InlineStack>
                    <Link url={url(`/app/returns/${state.firstReturn.id}`)}>{t("onboarding.first.open")}</Link>
                  </InlineStack>
                </BlockStack>
              </Banner>
            ) : (
              <BlockStack gap="200">
                <Text as="p">{t("onboarding.first.waiting")}</Text>
                <Text as="p" tone="subdued">
                  {t("onboarding.first.how")}
                </Text>
              </BlockStack>
            )}
          </Step>
        </Layout.Section>

        <Layout.Section>
          <Form method="post">
            <input type="hidden" name="intent" value="complete-onboarding" />
            <InlineStack align="end" gap="200">
              <Button submit variant="primary" loading={navigation.state === "submitting" && navigation.formData?.get("intent") === "complete-onboarding"}>
                {steps.connect ? t("onboarding.finish") : t("onboarding.skip")}
              </Button>
            </InlineStack>
          </Form>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

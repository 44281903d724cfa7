import { useEffect, useMemo, useState } from "react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, InlineStack, Layout, Page, Text } from "@shopify/polaris";
import { requireAdmin } from "../auth.server";
import { emptyRule, MAX_RULES, type AutomationRuleView } from "../automation/rule-types";
import { listAutomationRules, saveAutomationRules } from "../automation/rules.server";
import { AutomationRuleCard, type RuleDraft, type RuleOptions } from "../components/automation-rule-card";
import { UnsavedChangesBar } from "../components/unsaved-changes-bar";
import { readForm } from "../http/request-body.server";
import { useAppUrl } from "../i18n/locale-url";
import type { MessageKey } from "../i18n/messages";
import { useT } from "../i18n/use-t";
import { runtimeOf } from "../runtime/load-context.server";
import { fetchRestockLocations, fetchReturnReasons } from "../shopify/graphql/automation-options.server";

// Settings > Automation: the shop's rules, edited as a list and saved at once from the contextual save bar.

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { shop, ctx } = await requireAdmin(runtimeOf(context), request);
  const admin = await ctx.admin();
  const problem = (err: unknown) => (err instanceof Error ? err.message : String(err)).slice(0, 300);
  const [rules, providers, reasons, locations] = await Promise.all([
    listAutomationRules(ctx.db, shop),
    ctx.connectedProviders(),
    fetchReturnReasons(admin).then((r) => ({ list: r.filter((x) => !x.deleted), problem: null }), (err: unknown) => ({ list: [], problem: problem(err) })),
    fetchRestockLocations(admin).then((l) => ({ list: l.filter((x) => x.isActive), problem: null }), (err: unknown) => ({ list: [], problem: problem(err) })),
  ]);
  const options: RuleOptions = {
    providers,
    reasons: reasons.list.map((r) => ({ handle: r.handle, name: r.name })),
    reasonsProblem: reasons.problem,
    locations: locations.list.map((l) => ({ id: l.id, name: l.name })),
    locationsProblem: locations.problem,
  };
  return { rules, options };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { ctx } = await requireAdmin(runtimeOf(context), request);
  // Read with a cap: 413 past it, 400 for a body that is not a form.
  const form = await readForm(request);
  let rules: unknown;
  try {
    rules = JSON.parse(String(form.get("rules") ?? ""));
  } catch {
    return { ok: false as const, fieldErrors: { form: "automation.error.form" } as Record<string, MessageKey>, at: Date.now() };
  }
  const saved = await saveAutomationRules(ctx, rules);
  return saved.ok ? { ok: true as const, rules: saved.rules, at: Date.now() } : { ok: false as const, fieldErrors: saved.fieldErrors, at: Date.now() };
}

const split = (text: string) => text.split(",").map((s) => s.trim()).filter(Boolean);
let keys = 0;
const toDraft = (r: AutomationRuleView): RuleDraft => ({ ...r, key: r.id ?? `new-${++keys}`, countries: r.countries.join(", "), orderTags: r.orderTags.join(", ") });
const toView = ({ key: _key, ...d }: RuleDraft): AutomationRuleView => ({ ...d, countries: split(d.countries), orderTags: split(d.orderTags) });

export default function Automation() {
  const { rules, options } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const url = useAppUrl();
  const submit = useSubmit();
  const navigation = useNavigation();
  // The saved rules as drafts: rebuilt only when what is saved changed, so a refused save keeps the merchant's edits.
  const savedJson = JSON.stringify(rules);
  const saved = useMemo(() => (JSON.parse(savedJson) as AutomationRuleView[]).map(toDraft), [savedJson]);
  const [drafts, setDrafts] = useState<RuleDraft[]>(saved);
  useEffect(() => setDrafts(saved), [saved]);
  const dirty = JSON.stringify(drafts.map(toView)) !== JSON.stringify(saved.map(toView));
  const saving = navigation.state === "submitting";
  const errors = result && !result.ok ? result.fieldErrors : {};

  const update = (i: number, next: RuleDraft) => setDrafts((all) => all.map((d, j) => (j === i ? next : d)));
  const move = (i: number, by: -1 | 1) =>
    setDrafts((all) => {
      const next = [...all];
      [next[i], next[i + by]] = [next[i + by], next[i]];
      return next;
    });
  const save = () => submit({ rules: JSON.stringify(drafts.map(toView)) }, { method: "post" });

  return (
    <Page title={t("automation.title")} subtitle={t("automation.subtitle")} backAction={{ content: t("nav.home"), url: url("/app") }}>
      <BlockStack gap="400">
        <UnsavedChangesBar id="save-bar-automation" open={dirty} saving={saving} onSave={save} onDiscard={() => setDrafts(saved)} />
        <Layout>
          {result ? (
            <Layout.Section>{result.ok ? <Banner tone="success" title={t("automation.saved")} /> : <Banner tone="critical" title={t(errors.form ?? "settings.fixErrors")} />}</Layout.Section>
          ) : null}
          <Layout.Section>
            <BlockStack gap="400">
              <Card>
                <Text as="p">{t("automation.help")}</Text>
              </Card>
              {drafts.length ? null : (
                <Text as="p" tone="subdued">
                  {t("automation.empty")}
                </Text>
              )}
              {drafts.map((d, i) => (
                <AutomationRuleCard
                  key={d.key}
                  draft={d}
                  index={i}
                  count={drafts.length}
                  options={options}
                  errors={errors}
                  onChange={(next) => update(i, next)}
                  onMove={(by) => move(i, by)}
                  onRemove={() => setDrafts((all) => all.filter((_, j) => j !== i))}
                />
              ))}
              <InlineStack>
                <Button onClick={() => setDrafts((all) => [...all, toDraft({ ...emptyRule(all.length), name: t("automation.rule.heading", { position: all.length + 1 }) })])} disabled={drafts.length >= MAX_RULES}>
                  {t("automation.add")}
                </Button>
              </InlineStack>
            </BlockStack>
          </Layout.Section>
        </Layout>
      </BlockStack>
    </Page>
  );
}

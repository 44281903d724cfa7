import { useRef, useState } from "react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import { Layout, Page } from "@shopify/polaris";
import { requireAdmin } from "../../auth.server";
import { automationStages } from "../../automation/attention.server";
import { isAutomationIntent, runAutomationAction, type AutomationActionResult } from "../../automation/return-page-actions.server";
import { AutomationCard } from "../../components/automation-card";
import { originFieldsOf } from "../../components/origin-fields";
import { ReturnStatusBadge } from "../../components/status-badges";
import { readForm } from "../../http/request-body.server";
import { useAppUrl } from "../../i18n/locale-url";
import { useT } from "../../i18n/use-t";
import { loadReturnDetails } from "../../returns/return-details.server";
import { runtimeOf } from "../../runtime/load-context.server";
import { runReturnAction, type ReturnActionResult } from "./actions.server";
import { DropOffCard } from "./components/drop-off-card";
import { LabelsCard } from "./components/labels-card";
import { LastErrorBanner } from "./components/last-error-banner";
import { ManualLinkCard } from "./components/manual-link-card";
import { PickupsCard } from "./components/pickups-card";
import { ProviderCard } from "./components/provider-card";
import { ResultBanner } from "./components/result-banner";
import { ReturnSummaryCard } from "./components/return-summary-card";
import { TimelineCard } from "./components/timeline-card";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { shop, ctx } = await requireAdmin(runtimeOf(context), request);
  const details = await loadReturnDetails(ctx.db, shop, params.id ?? "");
  if (!details) throw new Response("Not found", { status: 404 });
  return { ...details, automation: await automationStages(ctx.db, shop, details.link.id) };
}

export async function action({ request, params, context }: ActionFunctionArgs): Promise<ReturnActionResult | AutomationActionResult> {
  const { shop, ctx } = await requireAdmin(runtimeOf(context), request);
  // Another shop's (or an unknown) return is a 404 here too, as in the loader.
  if (!(await ctx.db.returnLink.findFirst({ where: { id: params.id ?? "", shop }, select: { id: true } }))) throw new Response("Not found", { status: 404 });
  // Read with a cap: 413 past it, 400 for a body that is not a form.
  const form = await readForm(request);
  const intent = form.get("intent");
  if (isAutomationIntent(intent)) return runAutomationAction(ctx, params.id ?? "", intent);
  return runReturnAction(ctx, params.id ?? "", form);
}

export default function ReturnPage() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const url = useAppUrl();
  const submit = useSubmit();
  const navigation = useNavigation();
  const { link } = d;
  const lastForm = useRef<FormData | null>(null);
  if (navigation.state === "submitting" && navigation.formData) lastForm.current = navigation.formData;
  const [hidden, setHidden] = useState<ReturnActionResult | AutomationActionResult | undefined>(undefined);
  const shown = result && result !== hidden ? result : undefined;

  const connection = d.connections.find((c) => c.provider === link.provider) ?? null;
  const providerName = link.provider ? t(`provider.${link.provider}`) : null;
  const canLabel = !!connection?.capabilities.labels;
  // One label per return: once one exists (or is being made) the form gives way to its download and print.
  const hasLabel = d.shipments.some((s) => s.source === "APP" && s.state !== "FAILED" && s.state !== "UNCONFIRMED");
  const needsApproval = link.status === "REQUESTED" && !d.approveBeforeLabel;
  const fieldError = (name: string) => (shown && !shown.ok ? shown.error.fields?.[name] : undefined);
  // What the last label attempt said Shopify did not share: the merchant types it in the label form.
  const originMissing = shown && !shown.ok && shown.intent === "create-label" ? originFieldsOf(shown.error.fields) : [];

  return (
    <Page
      title={link.returnName}
      titleMetadata={<ReturnStatusBadge status={link.status} />}
      subtitle={t("return.subtitle", { order: link.orderName, customer: link.customerName ?? t("common.none") })}
      backAction={{ content: t("nav.home"), url: url("/app") }}
      secondaryActions={[
        { content: t("return.action.retrySync"), onAction: () => submit({ intent: "retry-sync" }, { method: "post" }) },
        ...(link.trackingNumber && link.provider ? [{ content: t("return.action.pushTracking"), onAction: () => submit({ intent: "push-tracking" }, { method: "post" }) }] : []),
      ]}
    >
      <Layout>
        {shown ? (
          <Layout.Section>
            <ResultBanner result={shown} onDismiss={() => setHidden(shown)} onRetry={lastForm.current ? () => lastForm.current && submit(lastForm.current, { method: "post" }) : null} />
          </Layout.Section>
        ) : null}
        {link.lastError ? (
          <Layout.Section>
            <LastErrorBanner error={link.lastError} at={link.lastErrorAt} now={d.now} />
          </Layout.Section>
        ) : null}

        <Layout.Section variant="oneHalf">
          <ReturnSummaryCard link={link} now={d.now} needsApproval={needsApproval} />
        </Layout.Section>

        <Layout.Section variant="oneHalf">
          <ProviderCard link={link} providerName={providerName} hasConnections={d.connections.length > 0} now={d.now} />
        </Layout.Section>

        <Layout.Section>
          <LabelsCard
            link={link}
            shipments={d.shipments}
            now={d.now}
            connection={connection}
            canCreate={canLabel && !hasLabel && link.status !== "CLOSED" && link.status !== "CANCELED" && link.status !== "DECLINED"}
            needsApproval={needsApproval}
            error={fieldError}
            originMissing={originMissing}
          />
        </Layout.Section>

        <Layout.Section variant="oneHalf">
          <PickupsCard pickups={d.pickups} canBook={!!connection?.capabilities.pickups} linked={!!link.provider} providerName={providerName} error={fieldError} />
        </Layout.Section>

        <Layout.Section variant="oneHalf">
          <DropOffCard chosen={link.dropOffPoint} canSearch={!!connection?.capabilities.dropOffPoints} found={shown?.ok && shown.intent === "find-drop-off-points" ? shown : null} />
        </Layout.Section>

        <Layout.Section>
          <ManualLinkCard providers={d.connections.map((c) => c.provider)} current={link.provider} reference={link.reference?.value ?? null} error={fieldError} />
        </Layout.Section>

        <Layout.Section>
          <AutomationCard stages={d.automation} canMarkReceived={link.status === "OPEN"} now={d.now} />
        </Layout.Section>

        <Layout.Section>
          <TimelineCard items={d.timeline} total={d.timelineTotal} now={d.now} />
        </Layout.Section>
      </Layout>
    </Page>
  );
}

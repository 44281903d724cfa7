import { useEffect, useRef, useState } from "react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import {
  Badge,
  Banner,
  BlockStack,
  Box,
  Button,
  Card,
  Divider,
  FormLayout,
  InlineGrid,
  InlineStack,
  Layout,
  Link,
  Page,
  Select,
  Text,
  TextField,
} from "@shopify/polaris";
import { requireAdmin } from "../auth.server";
import { automationStages } from "../automation/attention.server";
import { isAutomationIntent, runAutomationAction, type AutomationActionResult } from "../automation/return-page-actions.server";
import { AutomationCard } from "../components/automation-card";
import { readForm } from "../http/request-body.server";
import { HumanErrorBanner } from "../components/human-error-banner";
import { OriginFields, originFieldsOf } from "../components/origin-fields";
import { RelativeTime } from "../components/relative-time";
import { ProgressStateBadge, ProviderStatusBadge, ReturnStatusBadge } from "../components/status-badges";
import { Timeline } from "../components/timeline";
import { TrackingLink } from "../components/tracking-link";
import { pickupWindow } from "../i18n/format";
import { useAppUrl } from "../i18n/locale-url";
import type { MessageKey } from "../i18n/messages";
import { useT } from "../i18n/use-t";
import { PROVIDERS } from "../platforms/descriptors";
import type { DropOffPoint, ProviderId } from "../platforms/types";
import { loadReturnDetails, runReturnAction, type ReturnActionResult, type ShipmentView } from "../returns/return-details.server";
import { runtimeOf } from "../runtime/load-context.server";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { shop, ctx } = await requireAdmin(runtimeOf(context), request);
  const details = await loadReturnDetails(ctx.db, shop, params.id ?? "");
  if (!details) throw new Response("Not found", { status: 404 });
  return { ...details, automation: await automationStages(ctx.db, shop, details.link.id) };
}

export async function action({ request, params, context }: ActionFunctionArgs): Promise<ReturnActionResult | AutomationActionResult> {
  const { shop, ctx } = await requireAdmin(runtimeOf(context), request);
  const database = ctx.db;
  // Another shop's (or an unknown) return is a 404 here too, as in the loader.
  if (!(await database.returnLink.findFirst({ where: { id: params.id ?? "", shop }, select: { id: true } }))) throw new Response("Not found", { status: 404 });
  // Read with a cap: 413 past it, 400 for a body that is not a form.
  const form = await readForm(request);
  const intent = form.get("intent");
  if (isAutomationIntent(intent)) return runAutomationAction(ctx, params.id ?? "", intent);
  return runReturnAction(ctx, params.id ?? "", form);
}

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <InlineGrid columns={{ xs: 1, sm: ["oneThird", "twoThirds"] }} gap="200">
      <Text as="dt" tone="subdued">
        {label}
      </Text>
      <dd style={{ margin: 0 }}>{children}</dd>
    </InlineGrid>
  );
}

function Intent({ intent, label, variant, tone, disabled }: { intent: string; label: string; variant?: "primary" | "secondary" | "plain"; tone?: "critical"; disabled?: boolean }) {
  const navigation = useNavigation();
  const busy = navigation.state === "submitting" && navigation.formData?.get("intent") === intent;
  return (
    <Form method="post">
      <input type="hidden" name="intent" value={intent} />
      <Button submit variant={variant} tone={tone} loading={busy} disabled={disabled}>
        {label}
      </Button>
    </Form>
  );
}

const SUCCESS: Record<string, MessageKey> = {
  "retry-sync": "return.done.retry-sync",
  "push-tracking": "return.done.push-tracking",
  approve: "return.done.approve",
  "create-label": "return.done.create-label",
  "schedule-pickup": "return.done.schedule-pickup",
  "choose-drop-off-point": "return.done.choose-drop-off-point",
  link: "return.done.link",
  unlink: "return.done.unlink",
  "retry-automation": "automation.done.retry",
  "mark-received": "automation.done.markReceived",
};

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
  const hasLabel = d.shipments.some((s) => s.source === "APP" && s.state !== "FAILED");
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
            {shown.ok ? (
              shown.intent in SUCCESS ? (
                <Banner tone="success" title={t("labelState" in shown && shown.labelState === "REQUESTED" ? "return.done.label-requested" : SUCCESS[shown.intent])} onDismiss={() => setHidden(shown)}>
                  {"tracking" in shown && shown.intent === "create-label" && shown.tracking ? <Text as="p">{t("return.done.tracking", { tracking: shown.tracking })}</Text> : null}
                  {"detail" in shown && shown.intent === "create-label" && shown.detail ? <Text as="p">{shown.detail}</Text> : null}
                </Banner>
              ) : null
            ) : (
              <HumanErrorBanner
                error={shown.error}
                onDismiss={() => setHidden(shown)}
                retry={
                  shown.error.retryable && lastForm.current ? (
                    <InlineStack>
                      <Button onClick={() => lastForm.current && submit(lastForm.current, { method: "post" })}>{t("common.retry")}</Button>
                    </InlineStack>
                  ) : undefined
                }
              />
            )}
          </Layout.Section>
        ) : null}
        {link.lastError ? (
          <Layout.Section>
            <Banner tone="critical" title={t("return.lastError.title")}>
              <BlockStack gap="200">
                <Text as="p">
                  {t("error.reason")} <Text as="span" fontWeight="semibold">{link.lastError}</Text>
                </Text>
                {link.lastErrorAt ? (
                  <Text as="p" tone="subdued">
                    <RelativeTime iso={link.lastErrorAt} now={d.now} />
                  </Text>
                ) : null}
                <Text as="p">{t("return.lastError.hint")}</Text>
                <InlineStack>
                  <Intent intent="retry-sync" label={t("return.action.retrySync")} />
                </InlineStack>
              </BlockStack>
            </Banner>
          </Layout.Section>
        ) : null}

        <Layout.Section variant="oneHalf">
          <Card>
            <BlockStack gap="300">
              <InlineStack align="space-between" blockAlign="center">
                <Text as="h2" variant="headingMd">
                  {t("return.shopify.title")}
                </Text>
                <ReturnStatusBadge status={link.status} />
              </InlineStack>
              <dl style={{ margin: 0 }}>
                <BlockStack gap="200">
                  <Field label={t("return.field.returnName")}>{link.returnName}</Field>
                  <Field label={t("return.field.order")}>{link.orderName}</Field>
                  <Field label={t("return.field.customer")}>
                    {link.customerName ?? t("common.none")}
                    {link.customerEmail ? (
                      <Text as="span" tone="subdued">
                        {" "}
                        {link.customerEmail}
                      </Text>
                    ) : null}
                  </Field>
                  <Field label={t("return.field.lastEvent")}>
                    <RelativeTime iso={link.lastEventAt} now={d.now} />
                  </Field>
                  <Field label={t("return.field.created")}>
                    <RelativeTime iso={link.createdAt} now={d.now} />
                  </Field>
                </BlockStack>
              </dl>
              {needsApproval ? (
                <BlockStack gap="200">
                  <Divider />
                  <Text as="p">{t("return.approve.hint")}</Text>
                  <InlineStack>
                    <Intent intent="approve" label={t("return.action.approve")} variant="primary" />
                  </InlineStack>
                </BlockStack>
              ) : null}
            </BlockStack>
          </Card>
        </Layout.Section>

        <Layout.Section variant="oneHalf">
          <Card>
            <BlockStack gap="300">
              <InlineStack align="space-between" blockAlign="center">
                <Text as="h2" variant="headingMd">
                  {providerName ?? t("return.provider.title")}
                </Text>
                {link.provider ? <ProviderStatusBadge status={link.providerStatus} /> : <Badge>{t("provider.none")}</Badge>}
              </InlineStack>
              {link.provider ? (
                <dl style={{ margin: 0 }}>
                  <BlockStack gap="200">
                    <ReferenceField link={link} />
                    {link.ifClientReference ? <Field label={t("return.field.ifClientReference")}>{link.ifClientReference}</Field> : null}
                    <Field label={t("return.field.linkSource")}>{t.dynamic(`return.linkSource.${link.linkSource}`, link.linkSource)}</Field>
                    <Field label={t("return.field.tracking")}>
                      {link.trackingNumber ? (
                        <TrackingLink number={link.trackingNumber} url={link.trackingUrl} />
                      ) : (
                        t("common.none")
                      )}
                    </Field>
                    {link.providerStatusReported === false ? (
                      <Text as="p" tone="subdued">
                        {t("return.status.notReported", { provider: providerName ?? "" })}
                      </Text>
                    ) : null}
                    <Field label={t("return.field.lastSync")}>
                      <RelativeTime iso={link.lastSyncedAt} now={d.now} />
                    </Field>
                    <Field label={t("return.field.lastChange")}>{link.lastSyncChange ?? t("common.none")}</Field>
                  </BlockStack>
                </dl>
              ) : (
                <Text as="p" tone="subdued">
                  {d.connections.length ? t("return.notLinked") : t("return.noConnection")}
                </Text>
              )}
            </BlockStack>
          </Card>
        </Layout.Section>

        <Layout.Section>
          <Card>
            <BlockStack gap="400">
              <Text as="h2" variant="headingMd">
                {t("return.labels.title")}
              </Text>
              {d.shipments.length ? (
                <BlockStack gap="300">
                  {d.shipments.map((s) => (
                    <ShipmentRow key={s.id} shipment={s} linkId={link.id} now={d.now} />
                  ))}
                </BlockStack>
              ) : (
                <Text as="p" tone="subdued">
                  {t("return.labels.empty")}
                </Text>
              )}
              {link.provider && canLabel && !hasLabel && link.status !== "CLOSED" && link.status !== "CANCELED" && link.status !== "DECLINED" ? (
                <>
                  <Divider />
                  <Form method="post" aria-label={t("return.label.create")}>
                    <input type="hidden" name="intent" value="create-label" />
                    <input type="hidden" name="provider" value={link.provider} />
                    <BlockStack gap="300">
                      <CreateLabelFields connection={connection!} error={fieldError} />
                      <OriginFields fields={originMissing} />
                      <InlineStack gap="200" blockAlign="center">
                        <Button submit variant="primary" loading={navigation.state === "submitting" && navigation.formData?.get("intent") === "create-label"}>
                          {t("return.label.create")}
                        </Button>
                        {needsApproval ? (
                          <Text as="span" tone="subdued">
                            {t("return.label.needsApproval")}
                          </Text>
                        ) : null}
                      </InlineStack>
                    </BlockStack>
                  </Form>
                </>
              ) : null}
            </BlockStack>
          </Card>
        </Layout.Section>

        <Layout.Section variant="oneHalf">
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                {t("return.pickups.title")}
              </Text>
              {d.pickups.length ? (
                <BlockStack gap="200">
                  {d.pickups.map((p) => (
                    <BlockStack key={p.id} gap="100">
                      <InlineStack gap="200" blockAlign="center">
                        <ProgressStateBadge kind="pickup" state={p.state} />
                        <Text as="span">{p.windows.map((w) => pickupWindow(t.locale, w)).join(" · ") || t("common.none")}</Text>
                        {p.carrier ? (
                          <Text as="span" tone="subdued">
                            {p.carrier}
                          </Text>
                        ) : null}
                      </InlineStack>
                      {p.error ? (
                        <Text as="p" tone="critical">
                          {p.error}
                        </Text>
                      ) : null}
                    </BlockStack>
                  ))}
                </BlockStack>
              ) : (
                <Text as="p" tone="subdued">
                  {t("return.pickups.empty")}
                </Text>
              )}
              {connection?.capabilities.pickups ? (
                <Form method="post" aria-label={t("return.pickup.book")}>
                  <input type="hidden" name="intent" value="schedule-pickup" />
                  <PickupFields error={fieldError} />
                </Form>
              ) : link.provider ? (
                <Text as="p" tone="subdued">
                  {t("return.pickups.unsupported", { provider: providerName ?? "" })}
                </Text>
              ) : null}
            </BlockStack>
          </Card>
        </Layout.Section>

        <Layout.Section variant="oneHalf">
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                {t("return.dropOff.title")}
              </Text>
              {link.dropOffPoint ? <DropOffPointView point={link.dropOffPoint} /> : <Text as="p" tone="subdued">{t("return.dropOff.empty")}</Text>}
              {connection?.capabilities.dropOffPoints ? (
                <Form method="post">
                  <input type="hidden" name="intent" value="find-drop-off-points" />
                  <Button submit loading={navigation.state === "submitting" && navigation.formData?.get("intent") === "find-drop-off-points"}>
                    {t("return.dropOff.find")}
                  </Button>
                </Form>
              ) : null}
              {shown?.ok && shown.intent === "find-drop-off-points" ? (
                shown.points?.length ? (
                  <BlockStack gap="200">
                    <Text as="p" tone="subdued">
                      {t("return.dropOff.near", { place: shown.detail ?? "" })}
                    </Text>
                    {shown.points.map((p, i) => (
                      <Box key={p.id ?? i} padding="200" borderWidth="025" borderColor="border" borderRadius="200">
                        <InlineStack align="space-between" blockAlign="center" gap="200">
                          <DropOffPointView point={p} />
                          <Form method="post">
                            <input type="hidden" name="intent" value="choose-drop-off-point" />
                            <input type="hidden" name="point" value={JSON.stringify(p)} />
                            <Button submit size="slim">
                              {t("return.dropOff.choose")}
                            </Button>
                          </Form>
                        </InlineStack>
                      </Box>
                    ))}
                  </BlockStack>
                ) : (
                  <Text as="p" tone="subdued">
                    {t("return.dropOff.none")}
                  </Text>
                )
              ) : null}
            </BlockStack>
          </Card>
        </Layout.Section>

        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                {t("return.link.title")}
              </Text>
              <Text as="p" tone="subdued">
                {t("return.link.help")}
              </Text>
              {d.connections.length ? (
                <Form method="post" aria-label={t("return.link.title")}>
                  <input type="hidden" name="intent" value="link" />
                  <ManualLinkFields providers={d.connections.map((c) => c.provider)} current={link.provider} reference={link.reference?.value ?? null} error={fieldError} />
                </Form>
              ) : (
                <Link url={url("/app/onboarding")}>{t("home.empty.action")}</Link>
              )}
              {link.provider ? (
                <InlineStack>
                  <Intent intent="unlink" label={t("return.action.unlink")} variant="plain" tone="critical" />
                </InlineStack>
              ) : null}
            </BlockStack>
          </Card>
        </Layout.Section>

        <Layout.Section>
          <AutomationCard stages={d.automation} canMarkReceived={link.status === "OPEN"} now={d.now} />
        </Layout.Section>

        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                {t("return.timeline.title")}
              </Text>
              <Timeline items={d.timeline} total={d.timelineTotal} now={d.now} />
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

/** The label types the page opens (a download may also be ZPL); any other answer is not a label file. */
const OPENABLE_TYPES = ["application/pdf", "image/png", "image/jpeg"];
function printableType(header: string | null, download: boolean): string | null {
  const type = header?.split(";")[0].trim().toLowerCase() ?? "";
  return OPENABLE_TYPES.includes(type) || (download && type === "application/x-zpl") ? type : null;
}

function ShipmentRow({ shipment: s, linkId, now }: { shipment: ShipmentView; linkId: string; now: string }) {
  const t = useT();
  const url = useAppUrl();
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState<"download" | "print" | null>(null);
  const fileUrl = (download: boolean) => url(`/app/returns/${linkId}/label-file?shipmentId=${encodeURIComponent(s.id)}${download ? "&download=1" : ""}`);

  // fetch (not a plain link): inside the Shopify admin, App Bridge adds the session token to fetch calls.
  const fetchFile = async (download: boolean): Promise<string | null> => {
    const res = await fetch(fileUrl(download));
    const type = printableType(res.headers.get("content-type"), download);
    if (!res.ok || !type) {
      const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
      setProblem(body?.error?.message ?? t("return.label.fileFailed"));
      return null;
    }
    // The blob gets the app's origin: its type is one the server vouched for, never what the bytes might say.
    return URL.createObjectURL(new Blob([await res.arrayBuffer()], { type }));
  };
  const download = async () => {
    setBusy("download");
    setProblem(null);
    const href = await fetchFile(true);
    setBusy(null);
    if (!href) return;
    const a = document.createElement("a");
    a.href = href;
    a.download = `${s.id}-label.${(s.labelFormat ?? "pdf").toLowerCase()}`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(href), 60_000);
  };
  const print = async () => {
    setBusy("print");
    setProblem(null);
    const href = await fetchFile(false);
    setBusy(null);
    if (!href) return;
    // noopener: the label's window gets no handle on this page (still within the click's activation).
    window.open(href, "_blank", "noopener,noreferrer");
    setTimeout(() => URL.revokeObjectURL(href), 60_000);
  };

  return (
    <Box padding="300" borderWidth="025" borderColor="border" borderRadius="200">
      <BlockStack gap="200">
        <InlineStack align="space-between" blockAlign="center" gap="200">
          <InlineStack gap="200" blockAlign="center">
            <ProgressStateBadge kind="shipment" state={s.state} />
            <Text as="span" fontWeight="semibold">
              {[s.carrier, s.carrierService].filter(Boolean).join(" · ") || t(`provider.${s.provider}`)}
            </Text>
            {s.trackingNumber ? <TrackingLink number={s.trackingNumber} url={s.trackingUrl} /> : null}
            {s.labelFormat ? <Badge>{s.labelFormat}</Badge> : null}
            <Text as="span" tone="subdued">
              {t.dynamic(`shipment.source.${s.source}`, s.source)} · <RelativeTime iso={s.createdAt} now={now} />
            </Text>
          </InlineStack>
          {s.hasLabelFile ? (
            <InlineStack gap="200">
              <Button onClick={download} loading={busy === "download"} accessibilityLabel={t("return.label.downloadFor", { tracking: s.trackingNumber ?? s.id })}>
                {t("return.label.download")}
              </Button>
              {s.labelFormat !== "ZPL" ? (
                <Button onClick={print} loading={busy === "print"} accessibilityLabel={t("return.label.printFor", { tracking: s.trackingNumber ?? s.id })}>
                  {t("return.label.print")}
                </Button>
              ) : null}
            </InlineStack>
          ) : null}
        </InlineStack>
        {s.attachedToShopify ? (
          <Text as="p" tone="subdued">
            {t("return.label.attached")}
          </Text>
        ) : null}
        {s.state === "REQUESTED" ? (
          <Text as="p" tone="caution">
            {t("return.label.requested", { provider: t(`provider.${s.provider}`) })}
          </Text>
        ) : null}
        {s.error ? (
          <Text as="p" tone="critical">
            {s.error}
          </Text>
        ) : null}
        {problem ? (
          <div role="alert">
            <Text as="p" tone="critical">
              {problem}
            </Text>
          </div>
        ) : null}
      </BlockStack>
    </Box>
  );
}

function CreateLabelFields({ connection, error }: { connection: { provider: ProviderId; defaultLabelFormat: string; defaultCarrierService: string | null; carrierServices: string[]; defaultWeightGrams: number | null; capabilities: { labelFormats: readonly string[] } }; error: (name: string) => string | undefined }) {
  const t = useT();
  const [carrier, setCarrier] = useState(connection.defaultCarrierService ?? "");
  const [format, setFormat] = useState(connection.defaultLabelFormat);
  const [weight, setWeight] = useState(connection.defaultWeightGrams ? String(connection.defaultWeightGrams) : "");
  const services = [...new Set([connection.defaultCarrierService, ...connection.carrierServices].filter((s): s is string => !!s))];
  return (
    <FormLayout>
      <FormLayout.Group condensed>
        {services.length ? (
          <Select id="label-carrierService" name="carrierService" label={t("return.label.carrierService")} options={services.map((s) => ({ value: s, label: s }))} value={carrier} onChange={setCarrier} error={error("carrierService")} />
        ) : (
          <TextField id="label-carrierService" name="carrierService" label={t("return.label.carrierService")} value={carrier} onChange={setCarrier} autoComplete="off" error={error("carrierService")} />
        )}
        <Select id="label-labelFormat" name="labelFormat" label={t("return.label.format")} options={connection.capabilities.labelFormats.map((f) => ({ value: f, label: f }))} value={format} onChange={setFormat} error={error("labelFormat")} />
        <TextField id="label-weightGrams" name="weightGrams" type="number" label={t("return.label.weight")} value={weight} onChange={setWeight} autoComplete="off" error={error("weightGrams")} />
      </FormLayout.Group>
    </FormLayout>
  );
}

function PickupFields({ error }: { error: (name: string) => string | undefined }) {
  const t = useT();
  const navigation = useNavigation();
  const [date, setDate] = useState("");
  const [start, setStart] = useState("9");
  const [end, setEnd] = useState("14");
  const hours = Array.from({ length: 15 }, (_, i) => String(i + 7)).map((h) => ({ value: h, label: `${h.padStart(2, "0")}:00` }));
  return (
    <BlockStack gap="200">
      <FormLayout>
        <FormLayout.Group condensed>
          <TextField id="pickup-date" name="date" type="date" label={t("return.pickup.date")} value={date} onChange={setDate} autoComplete="off" error={error("date")} />
          <Select id="pickup-start" name="startHour" label={t("return.pickup.from")} options={hours} value={start} onChange={setStart} error={error("startHour")} />
          <Select id="pickup-end" name="endHour" label={t("return.pickup.to")} options={hours} value={end} onChange={setEnd} error={error("endHour")} />
        </FormLayout.Group>
      </FormLayout>
      <InlineStack>
        <Button submit loading={navigation.state === "submitting" && navigation.formData?.get("intent") === "schedule-pickup"}>
          {t("return.pickup.book")}
        </Button>
      </InlineStack>
    </BlockStack>
  );
}

function ManualLinkFields({ providers, current, reference, error }: { providers: ProviderId[]; current: ProviderId | null; reference: string | null; error: (name: string) => string | undefined }) {
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

/** The provider's reference of the return, what is missing about it, and where it came from. */
function ReferenceField({ link }: { link: { provider: ProviderId | null; reference: { value: string | null; state: string } | null; referenceSource: string | null } }) {
  const t = useT();
  if (!link.provider || !link.reference) return null;
  const kind = t(`reference.kind.${PROVIDERS[link.provider].reference.kind}`);
  const provider = t(`provider.${link.provider}`);
  const { value, state } = link.reference;
  return (
    <Field label={kind.charAt(0).toUpperCase() + kind.slice(1)}>
      <BlockStack gap="100">
        <Text as="span">{value ?? t("return.reference.pending")}</Text>
        {state === "CHECK" ? (
          <Text as="span" tone="critical">
            {t("return.reference.check", { provider, value: value ?? "", kind })}
          </Text>
        ) : !value ? (
          <Text as="span" tone="caution">
            {t("return.reference.needed", { kind })}
          </Text>
        ) : link.referenceSource ? (
          <Text as="span" tone={link.referenceSource === "DERIVED" ? "caution" : "subdued"}>
            {t.dynamic(`return.reference.source.${link.referenceSource}`, link.referenceSource, { provider })}
          </Text>
        ) : null}
      </BlockStack>
    </Field>
  );
}

function DropOffPointView({ point }: { point: DropOffPoint }) {
  const t = useT();
  return (
    <BlockStack gap="050">
      <Text as="span" fontWeight="semibold">
        {point.name}
      </Text>
      <Text as="span">{[point.address, point.postalCode, point.city, point.countryCode].filter(Boolean).join(", ")}</Text>
      <Text as="span" tone="subdued">
        {[point.carrierCode, point.distanceKm !== undefined ? t("return.dropOff.distance", { km: Math.round(point.distanceKm * 10) / 10 }) : null, point.openingHours].filter(Boolean).join(" · ")}
      </Text>
    </BlockStack>
  );
}

import { useState } from "react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData, useNavigation } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, Card, EmptyState, IndexTable, InlineStack, Page, Text } from "@shopify/polaris";
import { requireAdmin } from "../auth.server";
import { RelativeTime } from "../components/relative-time";
import { useAppUrl } from "../i18n/locale-url";
import { useT } from "../i18n/use-t";
import { listDataRequests, markDataRequestDelivered } from "../privacy/data-requests.server";
import { runtimeOf } from "../runtime/load-context.server";

// Customer data requests (customers/data_request): what Shopify asked for, the export to download and hand over,
// and whether the merchant has delivered it.

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { shop, ctx } = await requireAdmin(runtimeOf(context), request);
  return { requests: await listDataRequests(ctx.db, shop), now: new Date().toISOString() };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { ctx } = await requireAdmin(runtimeOf(context), request);
  const form = await request.formData().catch(() => {
    throw new Response("The form could not be read", { status: 400 });
  });
  const ok = await markDataRequestDelivered(ctx, String(form.get("id") ?? ""), form.get("delivered") === "1");
  if (!ok) throw new Response("Not found", { status: 404 });
  return { ok };
}

// An all-transparent pixel: Polaris' EmptyState wants an image and the app ships no illustrations.
const NO_IMAGE = "data:image/gif;base64,R0lGODlhAQABAAAAACH5BAEKAAEALAAAAAABAAEAAAICTAEAOw==";

export default function DataRequests() {
  const { requests, now } = useLoaderData<typeof loader>();
  const t = useT();
  const url = useAppUrl();
  const navigation = useNavigation();
  const [problem, setProblem] = useState<string | null>(null);

  // fetch (not a plain link): inside the Shopify admin, App Bridge adds the session token to fetch calls.
  const download = async (id: string) => {
    setProblem(null);
    const res = await fetch(url(`/app/data-requests/${id}/export`));
    if (!res.ok) return setProblem(t("dataRequests.downloadFailed"));
    const href = URL.createObjectURL(await res.blob());
    const a = document.createElement("a");
    a.href = href;
    a.download = `data-request-${id}.json`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(href), 60_000);
  };

  return (
    <Page title={t("dataRequests.title")} subtitle={t("dataRequests.subtitle")} backAction={{ content: t("nav.home"), url: url("/app") }}>
      <BlockStack gap="400">
        {problem ? <Banner tone="critical" title={problem} onDismiss={() => setProblem(null)} /> : null}
        <Card padding="0">
          {requests.length ? (
            <IndexTable
              resourceName={{ singular: t("dataRequests.singular"), plural: t("dataRequests.plural") }}
              itemCount={requests.length}
              selectable={false}
              headings={[{ title: t("dataRequests.col.received") }, { title: t("dataRequests.col.customer") }, { title: t("dataRequests.col.returns") }, { title: t("dataRequests.col.status") }, { title: t("dataRequests.col.actions") }]}
            >
              {requests.map((r, i) => (
                <IndexTable.Row id={r.id} key={r.id} position={i}>
                  <IndexTable.Cell>
                    <RelativeTime iso={r.createdAt} now={now} />
                  </IndexTable.Cell>
                  <IndexTable.Cell>{r.email ?? r.customerId ?? t("common.none")}</IndexTable.Cell>
                  <IndexTable.Cell>{r.returns}</IndexTable.Cell>
                  <IndexTable.Cell>{r.deliveredAt ? <Badge tone="success">{t("dataRequests.delivered")}</Badge> : <Badge tone="attention">{t("dataRequests.pending")}</Badge>}</IndexTable.Cell>
                  <IndexTable.Cell>
                    <InlineStack gap="200">
                      <Button onClick={() => void download(r.id)} accessibilityLabel={t("dataRequests.downloadFor", { customer: r.email ?? r.customerId ?? r.id })}>
                        {t("dataRequests.download")}
                      </Button>
                      <Form method="post">
                        <input type="hidden" name="id" value={r.id} />
                        <input type="hidden" name="delivered" value={r.deliveredAt ? "0" : "1"} />
                        <Button submit variant="plain" loading={navigation.state === "submitting" && navigation.formData?.get("id") === r.id}>
                          {r.deliveredAt ? t("dataRequests.markPending") : t("dataRequests.markDelivered")}
                        </Button>
                      </Form>
                    </InlineStack>
                  </IndexTable.Cell>
                </IndexTable.Row>
              ))}
            </IndexTable>
          ) : (
            <EmptyState heading={t("dataRequests.empty.heading")} image={NO_IMAGE}>
              <Text as="p">{t("dataRequests.empty.body")}</Text>
            </EmptyState>
          )}
        </Card>
      </BlockStack>
    </Page>
  );
}

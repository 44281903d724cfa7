import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useNavigate } from "@remix-run/react";
import { Badge, BlockStack, Card, EmptyState, IndexTable, Layout, Page, Text } from "@shopify/polaris";
import { requireAdmin } from "../auth.server";
import { db } from "../db.server";
import { listReturnLinks } from "../returns/return-links.server";
import { useT } from "../i18n/use-t";
import type { MessageKey } from "../i18n/messages";

export async function loader({ request }: LoaderFunctionArgs) {
  const { shop } = await requireAdmin(request);
  const cursor = new URL(request.url).searchParams.get("cursor");
  return listReturnLinks(await db(), shop, { cursor, take: 50 });
}

const statusTone: Record<string, "info" | "success" | "attention" | "critical" | undefined> = {
  REQUESTED: "attention",
  OPEN: "info",
  CLOSED: "success",
  DECLINED: "critical",
  CANCELED: undefined,
};

export default function ReturnsHome() {
  const { links } = useLoaderData<typeof loader>();
  const t = useT();
  const navigate = useNavigate();
  const dateFmt = new Intl.DateTimeFormat(t.locale, { dateStyle: "medium", timeStyle: "short" });
  return (
    <Page title={t("home.title")} subtitle={t("home.subtitle")}>
      <Layout>
        <Layout.Section>
          {links.length === 0 ? (
            <Card>
              <EmptyState
                heading={t("home.empty.heading")}
                action={{ content: t("home.empty.action"), onAction: () => navigate("/app/settings") }}
                image="data:image/gif;base64,R0lGODlhAQABAAAAACH5BAEKAAEALAAAAAABAAEAAAICTAEAOw=="
              >
                <p>{t("home.empty.body")}</p>
              </EmptyState>
            </Card>
          ) : (
            <Card padding="0">
              <IndexTable
                resourceName={{ singular: t("home.col.return"), plural: t("home.title") }}
                itemCount={links.length}
                selectable={false}
                headings={[
                  { title: t("home.col.return") },
                  { title: t("home.col.order") },
                  { title: t("home.col.customer") },
                  { title: t("home.col.provider") },
                  { title: t("home.col.status") },
                  { title: t("home.col.tracking") },
                  { title: t("home.col.lastSync") },
                ]}
              >
                {links.map((l, i) => (
                  <IndexTable.Row id={l.id} key={l.id} position={i}>
                    <IndexTable.Cell>
                      <Text as="span" fontWeight="semibold">
                        {l.returnName}
                      </Text>
                    </IndexTable.Cell>
                    <IndexTable.Cell>{l.orderName}</IndexTable.Cell>
                    <IndexTable.Cell>{l.customerName ?? t("common.none")}</IndexTable.Cell>
                    <IndexTable.Cell>{t((l.provider ? `provider.${l.provider}` : "provider.none") as MessageKey)}</IndexTable.Cell>
                    <IndexTable.Cell>
                      <Badge tone={statusTone[l.status]}>{t(`status.${l.status}` as MessageKey)}</Badge>
                    </IndexTable.Cell>
                    <IndexTable.Cell>{l.trackingNumber ?? t("common.none")}</IndexTable.Cell>
                    <IndexTable.Cell>{l.lastSyncedAt ? dateFmt.format(new Date(l.lastSyncedAt)) : t("common.never")}</IndexTable.Cell>
                  </IndexTable.Row>
                ))}
              </IndexTable>
            </Card>
          )}
        </Layout.Section>
        <Layout.Section>
          <BlockStack>
            <Text as="p" tone="subdued">
              {t("home.count", { count: links.length })}
            </Text>
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

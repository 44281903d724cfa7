import type { LoaderFunctionArgs } from "@remix-run/node";
import { Card, Layout, Page, Text } from "@shopify/polaris";
import { requireAdmin } from "../auth.server";
import { useT } from "../i18n/use-t";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  return null;
}

export default function Settings() {
  const t = useT();
  return (
    <Page title={t("settings.title")} backAction={{ url: "/app" }}>
      <Layout>
        <Layout.Section>
          <Card>
            <Text as="p">{t("settings.subtitle")}</Text>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

import { useState } from "react";
import { Form, useNavigation } from "@remix-run/react";
import { Badge, BlockStack, Button, Card, DataTable, InlineStack, Text, TextField } from "@shopify/polaris";
import { useT } from "../i18n/use-t";
import type { LinkImportResult } from "../returns/import-links.server";

// The dashboard's "link many returns at once": a CSV file (or pasted lines), and what happened to each line.

export function LinkImportCard({ result, error }: { result: LinkImportResult | null; error: string | null }) {
  const t = useT();
  const navigation = useNavigation();
  const [pasted, setPasted] = useState("");
  const busy = navigation.state === "submitting" && navigation.formData?.get("intent") === "import-links";
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t("home.import.title")}
        </Text>
        <Text as="p" tone="subdued">
          {t("home.import.help")}
        </Text>
        <Form method="post" encType="multipart/form-data" aria-label={t("home.import.title")}>
          <input type="hidden" name="intent" value="import-links" />
          <BlockStack gap="200">
            <label>
              <Text as="span">{t("home.import.file")}</Text> <input type="file" name="file" accept=".csv,text/csv,text/plain" />
            </label>
            <TextField label={t("home.import.paste")} name="csv" value={pasted} onChange={setPasted} multiline={3} autoComplete="off" error={error ?? undefined} />
            <InlineStack>
              <Button submit loading={busy}>
                {t("home.import.submit")}
              </Button>
            </InlineStack>
          </BlockStack>
        </Form>
        {result ? (
          <BlockStack gap="200">
            <Text as="p" fontWeight="semibold">
              {t("home.import.done", { linked: result.linked, failed: result.failed })}
            </Text>
            <DataTable
              columnContentTypes={["numeric", "text", "text", "text"]}
              headings={[t("home.import.col.line"), t("home.import.col.return"), t("home.import.col.reference"), t("home.import.col.result")]}
              rows={result.rows.map((r) => [
                r.line,
                r.returnName,
                r.reference,
                <InlineStack key={r.line} gap="100" blockAlign="center" wrap={false}>
                  <Badge tone={r.ok ? "success" : "critical"}>{t(r.ok ? "home.import.ok" : "home.import.failed")}</Badge>
                  <Text as="span">{r.message}</Text>
                </InlineStack>,
              ])}
            />
          </BlockStack>
        ) : null}
      </BlockStack>
    </Card>
  );
}

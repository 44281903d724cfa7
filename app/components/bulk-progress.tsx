import { useEffect, useRef, useState } from "react";
import { useFetcher, useRevalidator } from "@remix-run/react";
import { Badge, BlockStack, Button, Card, DataTable, InlineStack, ProgressBar, Text } from "@shopify/polaris";
import type { BulkRunView } from "../bulk/bulk-labels.server";
import { useAppUrl } from "../i18n/locale-url";
import { useT } from "../i18n/use-t";

// The progress of a bulk label run: a bar, the counts, and each return's result; polled every second until done.

const POLL_MS = 1000;
/** Runs whose end already refreshed the page (a remounted card must not refresh it again). */
const refreshed = new Set<string>();

export function BulkProgressCard({ runId, initial }: { runId: string; initial: BulkRunView | null }) {
  const t = useT();
  const url = useAppUrl();
  const fetcher = useFetcher<BulkRunView>();
  const [showRows, setShowRows] = useState(false);
  const view = fetcher.data?.id === runId ? fetcher.data : initial?.id === runId ? initial : null;
  const finished = view?.finished ?? false;
  const { revalidate } = useRevalidator();
  const sawRunning = useRef(false);
  if (view && !finished) sawRunning.current = true;
  // The table under the card shows the new tracking numbers once a run this card watched is over (once per run).
  useEffect(() => {
    if (!finished || !sawRunning.current || refreshed.has(runId)) return;
    refreshed.add(runId);
    revalidate();
  }, [finished, runId, revalidate]);
  useEffect(() => {
    if (finished) return;
    if (!view) fetcher.load(url(`/app/bulk-runs/${runId}`));
    const timer = setInterval(() => fetcher.state === "idle" && fetcher.load(url(`/app/bulk-runs/${runId}`)), POLL_MS);
    return () => clearInterval(timer);
    // Polling restarts only for another run, and stops once it is finished (the fetcher is the card's own).
  }, [runId, finished]);
  if (!view) return null;
  const progress = view.total ? Math.round(((view.done + view.failed) / view.total) * 100) : 100;
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h2" variant="headingMd">
            {t("bulk.title")}
          </Text>
          {view.finished ? <Badge tone={view.failed ? "warning" : "success"}>{t("bulk.finished")}</Badge> : <Badge tone="info">{t("bulk.running")}</Badge>}
        </InlineStack>
        <div role="progressbar" aria-label={t("bulk.progressLabel")} aria-valuemin={0} aria-valuemax={100} aria-valuenow={progress}>
          <ProgressBar progress={progress} tone={view.failed ? "critical" : "primary"} animated={!view.finished} />
        </div>
        <div data-testid="bulk-counts">
          <Text as="p">{t("bulk.progress", { done: view.done, total: view.total, failed: view.failed })}</Text>
        </div>
        <InlineStack>
          <Button variant="plain" onClick={() => setShowRows((v) => !v)}>
            {showRows ? t("bulk.hideResults") : t("bulk.showResults")}
          </Button>
        </InlineStack>
        {showRows ? (
          <DataTable
            columnContentTypes={["text", "text", "text"]}
            headings={[t("bulk.col.return"), t("bulk.col.result"), t("bulk.col.detail")]}
            rows={view.items.map((i) => [i.returnName, t.dynamic(`bulk.state.${i.state}`, i.state), i.detail ?? t("common.none")])}
          />
        ) : null}
      </BlockStack>
    </Card>
  );
}

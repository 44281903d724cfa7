import { useEffect, useMemo, useRef, useState } from "react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData, useLocation, useNavigate, useNavigation, useSubmit } from "@remix-run/react";
import {
  Banner,
  BlockStack,
  Box,
  Card,
  ChoiceList,
  EmptyState,
  IndexFilters,
  IndexFiltersMode,
  IndexTable,
  InlineStack,
  Layout,
  Link,
  Page,
  Text,
  useIndexResourceState,
  useSetIndexFiltersMode,
  type IndexFiltersProps,
  type IndexTableProps,
} from "@shopify/polaris";
import { requireAdmin } from "../auth.server";
import { listNeedsAttention } from "../automation/attention.server";
import { runDashboardAutomation } from "../automation/dashboard-actions.server";
import { recentBulkRunId, bulkRunView } from "../bulk/bulk-labels.server";
import { AttentionBanner } from "../components/attention-banner";
import { BulkProgressCard } from "../components/bulk-progress";
import { DisconnectedBanner, RejectedWebhooksBanner } from "../components/dashboard-banners";
import { LinkImportCard } from "../components/link-import-card";
import { FORM_MAX_BYTES, readForm } from "../http/request-body.server";
import { RelativeTime } from "../components/relative-time";
import { REPORT_FILTER_KEYS, reportFilterChips } from "../components/report-filter-chips";
import { ProviderLinkCell, ReturnStatusBadge } from "../components/status-badges";
import { useAppUrl } from "../i18n/locale-url";
import { useT } from "../i18n/use-t";
import { RETURN_STATUSES, SORT_FIELDS, type SortField } from "../returns/dashboard-options";
import { loadDashboard, parseDashboardQuery } from "../returns/dashboard.server";
import { MAX_IMPORT_BYTES, runLinkImport } from "../returns/import-links.server";
import { runLinkSyncForm } from "../returns/request-link-sync.server";
import { PROVIDER_IDS } from "../platforms/types";
import { runtimeOf } from "../runtime/load-context.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const rt = runtimeOf(context);
  const { shop } = await requireAdmin(rt, request);
  const [dashboard, attention, runId] = await Promise.all([loadDashboard(rt.db, shop, parseDashboardQuery(new URL(request.url).searchParams)), listNeedsAttention(rt.db, shop), recentBulkRunId(rt.db, shop)]);
  return { ...dashboard, attention, bulk: runId ? await bulkRunView(rt.db, shop, runId) : null };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const rt = runtimeOf(context);
  const { shop, ctx } = await requireAdmin(rt, request);
  // Read with a cap: 413 past it, 400 for a body that is not a form. This form may carry the link import's CSV file.
  const form = await readForm(request, FORM_MAX_BYTES + MAX_IMPORT_BYTES);
  const intent = form.get("intent");
  if (intent === "import-links") return runLinkImport(rt.shop(shop), form);
  if (intent === "create-labels" || intent === "retry-automation") return runDashboardAutomation(ctx, intent, form);
  if (intent === "retry-sync" || intent === "push-tracking") return runLinkSyncForm(rt, shop, intent, form);
  return { ok: false as const, intent: null, accepted: 0 };
}

// An all-transparent pixel: Polaris' EmptyState wants an image and the app ships no illustrations.
const NO_IMAGE = "data:image/gif;base64,R0lGODlhAQABAAAAACH5BAEKAAEALAAAAAABAAEAAAICTAEAOw==";

const SORTABLE: Record<number, SortField> = { 0: "return", 1: "order", 4: "status", 6: "lastSync", 7: "lastError" };

export default function Dashboard() {
  const { page, counts, rejectedWebhooks, setup, query, filterLabels, now, attention, bulk } = useLoaderData<typeof loader>();
  const done = useActionData<typeof action>();
  const t = useT();
  const url = useAppUrl();
  const navigate = useNavigate();
  const navigation = useNavigation();
  const location = useLocation();
  const submit = useSubmit();
  const [dismissed, setDismissed] = useState<string | null>(null);

  // Every control writes the URL; the loader reads it. Cursors are dropped whenever the view changes.
  const go = (changes: Record<string, string | null>, opts: { keepCursor?: boolean; replace?: boolean } = {}) => {
    const params = new URLSearchParams(location.search);
    if (!opts.keepCursor) {
      params.delete("after");
      params.delete("before");
    }
    for (const [k, v] of Object.entries(changes)) {
      if (v === null || v === "") params.delete(k);
      else params.set(k, v);
    }
    const search = params.toString();
    navigate(search ? `?${search}` : "?", { replace: opts.replace, preventScrollReset: true });
  };

  const [queryValue, setQueryValue] = useState(query.q);
  const debounce = useRef<ReturnType<typeof setTimeout>>();
  useEffect(() => setQueryValue(query.q), [query.q]);
  const onQueryChange = (value: string) => {
    setQueryValue(value);
    clearTimeout(debounce.current);
    debounce.current = setTimeout(() => go({ q: value.trim() || null }, { replace: true }), 300);
  };
  useEffect(() => () => clearTimeout(debounce.current), []);

  const reportChips = reportFilterChips(t, query, filterLabels, (changes) => go(changes));
  const clearAll = { q: null, provider: null, hasError: null, needsLink: null, ...Object.fromEntries(REPORT_FILTER_KEYS.map((k) => [k, null])) };
  const filtered = !!(query.q || query.provider || query.hasError || query.needsLink || reportChips.length);
  const { mode, setMode } = useSetIndexFiltersMode(filtered ? IndexFiltersMode.Filtering : IndexFiltersMode.Default);

  const rows = page.rows;
  const resource = useMemo(() => rows.map((r) => ({ id: r.id })), [rows]);
  const { selectedResources, allResourcesSelected, handleSelectionChange, clearSelection } = useIndexResourceState(resource);
  useEffect(() => clearSelection(), [rows, clearSelection]);

  const tabStatuses = [null, ...RETURN_STATUSES] as const;
  const tabs: IndexFiltersProps["tabs"] = tabStatuses.map((s, i) => ({
    id: `status-${s ?? "all"}`,
    index: i,
    content: s ? t.dynamic(`status.${s}`, s) : t("home.tabs.all"),
    badge: String(s ? counts[s] : counts.all),
    isLocked: true,
    onAction: () => go({ status: s }),
  }));
  const selectedTab = Math.max(0, tabStatuses.indexOf(query.status));

  const providerLabel = (p: string) => (p === "NONE" ? t("provider.none") : t.dynamic(`provider.${p}`, p));
  const filters: IndexFiltersProps["filters"] = [
    {
      key: "provider",
      label: t("home.filter.provider"),
      pinned: true,
      filter: (
        <ChoiceList
          title={t("home.filter.provider")}
          titleHidden
          choices={[...PROVIDER_IDS, "NONE"].map((p) => ({ label: providerLabel(p), value: p }))}
          selected={query.provider ? [query.provider] : []}
          onChange={(v) => go({ provider: v[0] ?? null })}
        />
      ),
    },
    {
      key: "hasError",
      label: t("home.filter.hasError"),
      pinned: true,
      filter: (
        <ChoiceList
          title={t("home.filter.hasError")}
          titleHidden
          allowMultiple
          choices={[{ label: t("home.filter.hasError.only"), value: "1" }]}
          selected={query.hasError ? ["1"] : []}
          onChange={(v) => go({ hasError: v.length ? "1" : null })}
        />
      ),
    },
    {
      key: "needsLink",
      label: t("home.filter.needsLink"),
      pinned: true,
      filter: (
        <ChoiceList
          title={t("home.filter.needsLink")}
          titleHidden
          allowMultiple
          choices={[{ label: t("home.filter.needsLink.only"), value: "1" }]}
          selected={query.needsLink ? ["1"] : []}
          onChange={(v) => go({ needsLink: v.length ? "1" : null })}
        />
      ),
    },
  ];
  const appliedFilters: IndexFiltersProps["appliedFilters"] = [
    ...(query.provider ? [{ key: "provider", label: t("home.filter.provider.applied", { provider: providerLabel(query.provider) }), onRemove: () => go({ provider: null }) }] : []),
    ...(query.hasError ? [{ key: "hasError", label: t("home.filter.hasError.applied"), onRemove: () => go({ hasError: null }) }] : []),
    ...(query.needsLink ? [{ key: "needsLink", label: t("home.filter.needsLink.applied"), onRemove: () => go({ needsLink: null }) }] : []),
    ...reportChips,
  ];

  const sortOptions: IndexFiltersProps["sortOptions"] = SORT_FIELDS.flatMap((f) => [
    { label: t(`home.sort.${f}`), value: `${f} asc` as const, directionLabel: t(f === "created" || f === "lastSync" || f === "lastError" ? "home.sort.oldest" : "home.sort.az") },
    { label: t(`home.sort.${f}`), value: `${f} desc` as const, directionLabel: t(f === "created" || f === "lastSync" || f === "lastError" ? "home.sort.newest" : "home.sort.za") },
  ]);
  const sortColumn = Object.entries(SORTABLE).find(([, f]) => f === query.sort)?.[0];

  const headings: IndexTableProps["headings"] = [
    { title: t("home.col.return") },
    { title: t("home.col.order") },
    { title: t("home.col.customer") },
    { title: t("home.col.provider") },
    { title: t("home.col.status") },
    { title: t("home.col.tracking") },
    { title: t("home.col.lastSync") },
    { title: t("home.col.error") },
  ];

  const bulkAction = (intent: "retry-sync" | "push-tracking") => () => {
    const ids = allResourcesSelected ? rows.map((r) => r.id) : selectedResources;
    submit({ intent, ids: JSON.stringify(ids) }, { method: "post" });
  };
  // "Select all" beyond this page means the whole filter: the server finds its returns.
  const createLabels = () =>
    allResourcesSelected && page.nextCursor
      ? submit({ intent: "create-labels", scope: "filter", filter: JSON.stringify({ status: query.status, provider: query.provider, hasError: query.hasError, q: query.q }) }, { method: "post" })
      : submit({ intent: "create-labels", ids: JSON.stringify(allResourcesSelected ? rows.map((r) => r.id) : selectedResources) }, { method: "post" });
  const runId = done && "runId" in done && done.runId ? done.runId : (bulk?.id ?? null);

  const noLinksYet = counts.all === 0;
  const notConnected = setup.connectedProviders.length === 0;
  const doneKey = done && "at" in done ? `${done.intent}-${done.at}` : null;
  const imported = (done && "imported" in done ? done.imported : null) ?? null;
  const importError = (done && "importError" in done ? done.importError : null) ?? null;
  const syncDone = done?.ok && (done.intent === "retry-sync" || done.intent === "push-tracking") ? done : null;

  return (
    <Page title={t("home.title")} subtitle={t("home.subtitle")} fullWidth>
      <Layout>
        <DisconnectedBanner disconnected={setup.disconnected} now={now} />
        {notConnected && !noLinksYet ? (
          <Layout.Section>
            <Banner tone="warning" title={t("home.setup.title")} action={{ content: t("home.setup.action"), url: url("/app/onboarding") }}>
              <Text as="p">{t("home.setup.body")}</Text>
            </Banner>
          </Layout.Section>
        ) : null}
        {syncDone && doneKey !== dismissed ? (
          <Layout.Section>
            <Banner tone="success" onDismiss={() => setDismissed(doneKey)} title={t(syncDone.intent === "retry-sync" ? "home.bulk.syncRequested" : "home.bulk.pushRequested", { count: syncDone.accepted })}>
              <Text as="p">{t("home.bulk.requestedBody")}</Text>
            </Banner>
          </Layout.Section>
        ) : null}
        {attention.total ? (
          <Layout.Section>
            <AttentionBanner rows={attention.rows} total={attention.total} />
          </Layout.Section>
        ) : null}
        {runId ? (
          <Layout.Section>
            <BulkProgressCard runId={runId} initial={bulk} />
          </Layout.Section>
        ) : null}
        <RejectedWebhooksBanner rejected={rejectedWebhooks} now={now} />
        {counts.needsLink > 0 && !query.needsLink ? (
          <Layout.Section>
            <Banner tone="warning" title={t("home.needsLink.title", { count: counts.needsLink })} action={{ content: t("home.needsLink.action"), onAction: () => go({ needsLink: "1" }) }}>
              <Text as="p">{t("home.needsLink.body")}</Text>
            </Banner>
          </Layout.Section>
        ) : null}
        {counts.withErrors > 0 && !query.hasError ? (
          <Layout.Section>
            <Banner tone="critical" title={t("home.errors.title", { count: counts.withErrors })} action={{ content: t("home.errors.action"), onAction: () => go({ hasError: "1" }) }}>
              <Text as="p">{t("home.errors.body")}</Text>
            </Banner>
          </Layout.Section>
        ) : null}
        <Layout.Section>
          {noLinksYet ? (
            <Card>
              {notConnected ? (
                <EmptyState
                  heading={t("home.empty.heading")}
                  action={{ content: t("home.empty.action"), url: url("/app/onboarding") }}
                  secondaryAction={{ content: t("home.empty.secondary"), url: url("/app/settings") }}
                  image={NO_IMAGE}
                >
                  <p>{t("home.empty.body")}</p>
                </EmptyState>
              ) : (
                <EmptyState heading={t("home.waiting.heading")} action={{ content: t("home.waiting.action"), url: url("/app/onboarding") }} image={NO_IMAGE}>
                  <p>{t("home.waiting.body", { providers: setup.connectedProviders.map((p) => t(`provider.${p}`)).join(" + ") })}</p>
                </EmptyState>
              )}
            </Card>
          ) : (
            <Card padding="0">
              <IndexFilters
                tabs={tabs}
                selected={selectedTab}
                onSelect={() => undefined}
                queryValue={queryValue}
                queryPlaceholder={t("home.search.placeholder")}
                onQueryChange={onQueryChange}
                onQueryClear={() => onQueryChange("")}
                filters={filters}
                appliedFilters={appliedFilters}
                onClearAll={() => go(clearAll)}
                sortOptions={sortOptions}
                sortSelected={[`${query.sort} ${query.dir}`]}
                onSort={(v) => {
                  const [field, dir] = (v[0] ?? "created desc").split(" ");
                  go({ sort: field === "created" ? null : field, dir: dir === "asc" ? "asc" : null });
                }}
                mode={mode}
                setMode={setMode}
                cancelAction={{ onAction: () => undefined }}
                canCreateNewView={false}
                loading={navigation.state === "loading" && navigation.location?.pathname === location.pathname}
                filteringAccessibilityLabel={t("home.search.open")}
                disableStickyMode
              />
              <IndexTable
                resourceName={{ singular: t("home.resource.one"), plural: t("home.resource.other") }}
                itemCount={rows.length}
                selectedItemsCount={allResourcesSelected ? "All" : selectedResources.length}
                onSelectionChange={handleSelectionChange}
                headings={headings}
                sortable={headings.map((_, i) => i in SORTABLE)}
                sortColumnIndex={sortColumn === undefined ? undefined : Number(sortColumn)}
                sortDirection={query.dir === "asc" ? "ascending" : "descending"}
                onSort={(index, direction) => go({ sort: SORTABLE[index] ?? null, dir: direction === "ascending" ? "asc" : null })}
                hasMoreItems={!!page.nextCursor}
                promotedBulkActions={[
                  { content: t("home.bulk.createLabels"), onAction: createLabels },
                  { content: t("home.bulk.retrySync"), onAction: bulkAction("retry-sync") },
                  { content: t("home.bulk.pushTracking"), onAction: bulkAction("push-tracking") },
                ]}
                emptyState={
                  <Box padding="600">
                    <BlockStack gap="200" inlineAlign="center">
                      <Text as="h2" variant="headingMd">
                        {t("home.noResults.heading")}
                      </Text>
                      <Text as="p" tone="subdued">
                        {t("home.noResults.body")}
                      </Text>
                      <Link onClick={() => go({ ...clearAll, status: null })}>{t("home.noResults.action")}</Link>
                    </BlockStack>
                  </Box>
                }
                pagination={{
                  hasNext: !!page.nextCursor,
                  hasPrevious: !!page.previousCursor,
                  onNext: () => go({ after: page.nextCursor, before: null }, { keepCursor: true }),
                  onPrevious: () => go({ before: page.previousCursor, after: null }, { keepCursor: true }),
                  accessibilityLabels: { previous: t("home.pagination.previous"), next: t("home.pagination.next") },
                }}
              >
                {rows.map((r, i) => (
                  <IndexTable.Row id={r.id} key={r.id} position={i} selected={selectedResources.includes(r.id)}>
                    <IndexTable.Cell>
                      <Link url={url(`/app/returns/${r.id}`)} dataPrimaryLink monochrome removeUnderline accessibilityLabel={t("home.row.open", { name: r.returnName })}>
                        <Text as="span" fontWeight="semibold">
                          {r.returnName}
                        </Text>
                      </Link>
                    </IndexTable.Cell>
                    <IndexTable.Cell>{r.orderName}</IndexTable.Cell>
                    <IndexTable.Cell>{r.customerName ?? t("common.none")}</IndexTable.Cell>
                    <IndexTable.Cell>
                      <ProviderLinkCell provider={r.provider} referenceState={r.referenceState} />
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      <ReturnStatusBadge status={r.status} />
                    </IndexTable.Cell>
                    <IndexTable.Cell>{r.trackingNumber ?? t("common.none")}</IndexTable.Cell>
                    <IndexTable.Cell>
                      <RelativeTime iso={r.lastSyncedAt} now={now} />
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      {r.lastError ? (
                        <InlineStack gap="100" wrap={false}>
                          <span title={r.lastError} style={{ display: "inline-block", maxWidth: "22rem", overflow: "hidden", textOverflow: "ellipsis", whiteSpace: "nowrap", color: "var(--p-color-text-critical)" }}>
                            {r.lastError}
                          </span>
                        </InlineStack>
                      ) : (
                        <Text as="span" tone="subdued">
                          {t("common.none")}
                        </Text>
                      )}
                    </IndexTable.Cell>
                  </IndexTable.Row>
                ))}
              </IndexTable>
            </Card>
          )}
        </Layout.Section>
        {!noLinksYet && !notConnected ? (
          <Layout.Section>
            <LinkImportCard result={imported} error={importError} />
          </Layout.Section>
        ) : null}
        {!noLinksYet ? (
          <Layout.Section>
            <Text as="p" tone="subdued">
              {t("home.count", { count: rows.length, total: query.status ? counts[query.status] : counts.all })}
            </Text>
          </Layout.Section>
        ) : null}
      </Layout>
    </Page>
  );
}

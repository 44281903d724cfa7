import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Banner, BlockStack, Card, EmptyState, InlineGrid, Layout, Page, Text } from "@shopify/polaris";
import { loadAnalytics } from "../../analytics/analytics.server";
import { addDays, dayOf } from "../../analytics/days";
import { formatDuration, longDay } from "../../analytics/format";
import { parseAnalyticsQuery } from "../../analytics/query";
import { refreshAnalytics } from "../../analytics/refresh.server";
import type { AnalyticsView } from "../../analytics/view";
import { requireAdmin } from "../../auth.server";
import { useAppUrl } from "../../i18n/locale-url";
import { useT } from "../../i18n/use-t";
import { ANALYTICS_REFRESH_JOB } from "../../jobs/analytics-jobs.server";
import { runtimeOf } from "../../runtime/load-context.server";
import { DurationsCard } from "./durations";
import { FailuresCard } from "./failures";
import { AnalyticsFilters } from "./filters";
import { CountLink } from "./number-link";
import { WeeklyCard } from "./weekly";

// The analytics page: returns per week by status and platform, how long each step takes, the top failure
// reasons and the share handled without a click, for a period and a platform. Every figure links to the
// returns list filtered to what it counts.

export async function loader({ request, context }: LoaderFunctionArgs) {
  const rt = runtimeOf(context);
  const { shop } = await requireAdmin(rt, request);
  const today = dayOf(new Date());
  const query = parseAnalyticsQuery(new URL(request.url).searchParams, today);
  // What changed since the roll-up last looked is counted before answering (a few returns at most); a first
  // build of a large shop continues in the background.
  const refreshed = await refreshAnalytics(rt.db, shop);
  if (refreshed.more) await rt.jobs.send(ANALYTICS_REFRESH_JOB.name, { shop }, { shop });
  return { view: await loadAnalytics(rt.db, shop, query), today };
}

// An all-transparent pixel: Polaris' EmptyState wants an image and the app ships no illustrations.
const NO_IMAGE = "data:image/gif;base64,R0lGODlhAQABAAAAACH5BAEKAAEALAAAAAABAAEAAAICTAEAOw==";

function Tile({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <Card>
      <BlockStack gap="200">
        <Text as="h2" variant="headingSm" tone="subdued">
          {title}
        </Text>
        <Text as="p" variant="headingLg">
          {children}
        </Text>
      </BlockStack>
    </Card>
  );
}

function Tiles({ view }: { view: AnalyticsView }) {
  const t = useT();
  const o = view.durations.overall;
  const share = view.automation.known ? Math.round((100 * view.automation.handled) / view.automation.known) : 0;
  const median = (s: typeof o.label) => (!s.reported ? t("analytics.durations.notReported") : s.median === null ? t("analytics.durations.noData") : formatDuration(t, s.median));
  return (
    <InlineGrid columns={{ xs: 1, sm: 2, md: 4 }} gap="400">
      <Tile title={t("analytics.tile.returns")}>
        <CountLink count={view.total} what={t("analytics.tile.returns")} query={view.query} />
      </Tile>
      <Tile title={t("analytics.tile.labelTime")}>
        <CountLink count={o.returns} what={t("analytics.tile.labelTime")} query={view.query}>
          {median(o.label)}
        </CountLink>
      </Tile>
      <Tile title={t("analytics.tile.arrivalTime")}>
        <CountLink count={o.returns} what={t("analytics.tile.arrivalTime")} query={view.query}>
          {median(o.arrival)}
        </CountLink>
      </Tile>
      <Tile title={t("analytics.tile.automation")}>
        {view.automation.available ? (
          t("analytics.automation.share", { share, count: view.automation.known })
        ) : (
          <span title={t("analytics.automation.notYetBody")}>{t("analytics.automation.notYet")}</span>
        )}
      </Tile>
    </InlineGrid>
  );
}

function Empty({ view, today }: { view: AnalyticsView; today: string }) {
  const t = useT();
  const url = useAppUrl();
  if (!view.hasReturns && view.connected.length === 0) {
    return (
      <EmptyState heading={t("analytics.empty.connect.heading")} action={{ content: t("analytics.empty.connect.action"), url: url("/app/onboarding") }} image={NO_IMAGE}>
        <p>{t("analytics.empty.connect.body")}</p>
      </EmptyState>
    );
  }
  if (!view.hasReturns) {
    return (
      <EmptyState heading={t("analytics.empty.none.heading")} action={{ content: t("analytics.empty.none.action"), url: url("/app") }} image={NO_IMAGE}>
        <p>{t("analytics.empty.none.body")}</p>
      </EmptyState>
    );
  }
  return (
    <EmptyState heading={t("analytics.empty.range.heading")} action={{ content: t("analytics.empty.range.action"), url: url(`/app/analytics?from=${addDays(today, -89)}&to=${today}`) }} image={NO_IMAGE}>
      <p>{t("analytics.empty.range.body", { from: longDay(t.locale, view.query.from), to: longDay(t.locale, view.query.to) })}</p>
    </EmptyState>
  );
}

export default function AnalyticsPage() {
  const { view, today } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <Page title={t("analytics.title")} subtitle={t("analytics.subtitle", { from: longDay(t.locale, view.query.from), to: longDay(t.locale, view.query.to) })}>
      <Layout>
        <Layout.Section>
          <AnalyticsFilters query={view.query} today={today} />
        </Layout.Section>
        {view.freshness.catchingUp ? (
          <Layout.Section>
            <Banner tone="info" title={t("analytics.catchingUp.title")}>
              <p>{t("analytics.catchingUp.body")}</p>
            </Banner>
          </Layout.Section>
        ) : null}
        {view.total === 0 ? (
          <Layout.Section>
            <Card>
              <Empty view={view} today={today} />
            </Card>
          </Layout.Section>
        ) : (
          <>
            <Layout.Section>
              <Tiles view={view} />
            </Layout.Section>
            <Layout.Section>
              <WeeklyCard view={view} />
            </Layout.Section>
            <Layout.Section>
              <DurationsCard view={view} />
            </Layout.Section>
            <Layout.Section>
              <FailuresCard view={view} />
            </Layout.Section>
          </>
        )}
      </Layout>
    </Page>
  );
}

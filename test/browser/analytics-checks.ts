import type { Page } from "playwright-core";
import { expect } from "vitest";
import { translate, type Locale, type MessageKey } from "../../app/i18n/messages";

// The analytics page against the demo's database: what the charts and the tables say is recomputed here from
// the app's own tables with plain SQL (independently of the roll-up that feeds the page).

type ReadDb = <T>(sql: string, ...params: unknown[]) => T[];

/** The journey stage in SQL, spelled out from the definition in the decision record (0015). */
const STAGE_SQL = `CASE
  WHEN l.status IN ('REQUESTED', 'CLOSED', 'CANCELED', 'DECLINED') THEN l.status
  WHEN l.providerStatus = 'LABEL_CREATED' AND EXISTS (SELECT 1 FROM Pickup p WHERE p.returnLinkId = l.id AND p.state = 'SCHEDULED') THEN 'PICKUP_BOOKED'
  WHEN l.providerStatus = 'LABEL_CREATED' THEN 'LABEL_CREATED'
  WHEN l.providerStatus = 'PICKUP_IN_PROGRESS' THEN 'PICKUP_BOOKED'
  WHEN l.providerStatus IN ('PICKED_UP', 'IN_TRANSIT') THEN 'IN_TRANSIT'
  WHEN l.providerStatus = 'IN_WAREHOUSE' THEN 'IN_WAREHOUSE'
  WHEN l.providerStatus IN ('PICKUP_FAILED', 'PICKUP_CANCELED', 'FAILED', 'CANCELED') THEN 'PROBLEM'
  ELSE 'APPROVED' END`;

/** Monday of the UTC week of a stored timestamp. */
const WEEK_SQL = `date(substr(l.createdAt, 1, 10), '-6 days', 'weekday 1')`;

export interface AnalyticsCheckContext {
  page: Page;
  locale: Locale;
  shop: string;
  readDb: ReadDb;
  open(path: string): Promise<void>;
}

const number = (text: string) => Number(text.replace(/[^\d]/g, ""));

/** The Monday of every week that overlaps [from, to] (UTC days). */
function mondays(from: string, to: string): string[] {
  const day = 86_400_000;
  const start = new Date(`${from}T00:00:00Z`);
  const out: string[] = [];
  for (let d = start.getTime() - ((start.getUTCDay() + 6) % 7) * day; new Date(d).toISOString().slice(0, 10) <= to; d += 7 * day) out.push(new Date(d).toISOString().slice(0, 10));
  return out;
}

/**
 * The polaris-viz bar chart as a screen reader gets it: one list per week whose items are labelled
 * "<series>-<index> <value>". Series name -> its values, week by week.
 */
export async function chartSeries(page: Page, label: string): Promise<Map<string, number[]>> {
  const figure = page.getByRole("figure", { name: label });
  await figure.locator('svg [role="list"] [role="listitem"]').first().waitFor({ state: "attached" });
  const weeks = await figure.locator('svg [role="list"][aria-label]').evaluateAll((lists) =>
    lists.map((l) => [...l.querySelectorAll('[role="listitem"]')].map((i) => i.getAttribute("aria-label") ?? "")),
  );
  const out = new Map<string, number[]>();
  for (const items of weeks) {
    for (const label of items) {
      const m = /^(.*)-\d+ (-?[\d.,]+)$/.exec(label);
      if (!m) throw new Error(`unexpected chart item label: ${label}`);
      out.set(m[1], [...(out.get(m[1]) ?? []), Number(m[2].replace(/,/g, ""))]);
    }
  }
  return out;
}

export async function checkAnalytics(c: AnalyticsCheckContext): Promise<void> {
  const t = (key: MessageKey, vars?: Record<string, string | number>) => translate(c.locale, key, vars);
  const { page, readDb, shop } = c;
  await c.open("/app/analytics");
  const from = await page.locator('input[name="from"]').inputValue();
  const to = await page.locator('input[name="to"]').inputValue();
  const inRange = `l.shop = ? AND substr(l.createdAt, 1, 10) BETWEEN ? AND ?`;

  // The tile: every return received in the period.
  const [{ total }] = readDb<{ total: number }>(`SELECT count(*) AS total FROM ReturnLink l WHERE ${inRange}`, shop, from, to);
  expect(total).toBeGreaterThan(40);
  const tile = page.getByRole("link", { name: t("analytics.link.count", { count: total, what: t("analytics.tile.returns") }), exact: true });
  expect(number(await tile.innerText())).toBe(total);

  // Returns per week by status: the chart's values are the database's counts.
  const rows = readDb<{ week: string; stage: string; n: number }>(`SELECT ${WEEK_SQL} AS week, ${STAGE_SQL} AS stage, count(*) AS n FROM ReturnLink l WHERE ${inRange} GROUP BY 1, 2`, shop, from, to);
  const weeks = mondays(from, to);
  const chart = await chartSeries(page, `${t("analytics.weekly.title")}: ${t("analytics.weekly.byStage")}`);
  const stages = [...new Set(rows.map((r) => r.stage))];
  expect([...chart.keys()].sort()).toEqual(stages.map((s) => t(`analytics.stage.${s}` as MessageKey)).sort());
  for (const stage of stages) {
    const shown = chart.get(t(`analytics.stage.${stage}` as MessageKey))!;
    expect(shown, stage).toEqual(weeks.map((w) => rows.find((r) => r.week === w && r.stage === stage)?.n ?? 0));
  }

  // By platform, after switching the tab.
  await page.getByRole("tab", { name: t("analytics.weekly.byProvider") }).click();
  const byProvider = await chartSeries(page, `${t("analytics.weekly.title")}: ${t("analytics.weekly.byProvider")}`);
  for (const [provider, name] of [["IFRETURNS", t("provider.IFRETURNS")], ["REVER", t("provider.REVER")]] as const) {
    const expected = weeks.map((w) => readDb<{ n: number }>(`SELECT count(*) AS n FROM ReturnLink l WHERE ${inRange} AND ${WEEK_SQL} = ? AND l.provider = ?`, shop, from, to, w, provider)[0].n);
    expect(byProvider.get(name), provider).toEqual(expected);
  }

  // Request -> label: how many returns it was measured on, per platform, as the timeline has them.
  const labelled = readDb<{ provider: string; n: number }>(
    `SELECT l.provider, count(*) AS n FROM ReturnLink l WHERE ${inRange}
       AND EXISTS (SELECT 1 FROM TrackingEvent e WHERE e.returnLinkId = l.id AND e.kind IN ('label', 'tracking') AND e.result = 'OK') GROUP BY 1`,
    shop,
    from,
    to,
  );
  expect(labelled.length).toBe(2);
  // iF returns reports no carrier events: its row says so.
  const ifRow = page.locator("tr", { has: page.getByText(t("provider.IFRETURNS"), { exact: true }) }).last();
  await expect.poll(() => ifRow.innerText()).toContain(t("analytics.durations.notReported"));

  // The top failure reason, and its number opens exactly those returns in the list.
  const reasons = page.getByTestId("failure-reasons").locator("li");
  expect(await reasons.count()).toBeGreaterThan(1);
  const first = reasons.first();
  const count = number(await first.getByRole("link").innerText());
  expect(count).toBeGreaterThan(0);
  await first.getByRole("link").click();
  await page.waitForURL(/\/app\?.*failure=/);
  await page.waitForLoadState("networkidle");
  await expect.poll(() => page.locator(".Polaris-IndexTable__TableRow").count()).toBe(count);
}

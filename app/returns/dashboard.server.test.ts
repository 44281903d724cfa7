import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, testEngines, type TestDb } from "../../test/db";
import {
  countByStatus,
  listDashboardPage,
  listRejectedWebhooks,
  loadDashboard,
  parseDashboardQuery,
  requestLinkSync,
  SORT_FIELDS,
  type DashboardQuery,
  type DashboardRow,
  type SortField,
} from "./dashboard.server";

const SHOP = "dash.myshopify.com";
const OTHER = "other.myshopify.com";
const STATUSES = ["REQUESTED", "OPEN", "OPEN", "CLOSED", "DECLINED", "CANCELED"];

interface Seeded {
  id: string;
  normalizedName: string;
  orderName: string;
  status: string;
  provider: string | null;
  referenceState: string;
  trackingNumber: string | null;
  lastSyncedAt: Date | null;
  lastErrorAt: Date | null;
}

function query(overrides: Partial<DashboardQuery> = {}): DashboardQuery {
  return { ...parseDashboardQuery(new URLSearchParams()), ...overrides };
}

const VALUE: Record<SortField, (s: Seeded) => string | null> = {
  created: () => null,
  return: (s) => s.normalizedName,
  order: (s) => s.orderName,
  status: (s) => s.status,
  lastSync: (s) => s.lastSyncedAt?.toISOString() ?? null,
  lastError: (s) => s.lastErrorAt?.toISOString() ?? null,
};

/** The documented order: value in the chosen direction with empty values last, then id in the same direction. */
function expectedOrder(rows: Seeded[], sort: SortField, dir: "asc" | "desc"): string[] {
  const sign = dir === "asc" ? 1 : -1;
  return [...rows]
    .sort((a, b) => {
      const va = VALUE[sort](a);
      const vb = VALUE[sort](b);
      if (va !== vb) {
        if (va === null) return 1;
        if (vb === null) return -1;
        return (va < vb ? -1 : 1) * sign;
      }
      return (a.id < b.id ? -1 : 1) * sign;
    })
    .map((r) => r.id);
}

describe.each(testEngines())("dashboard read model on %s", (engine) => {
  let t: TestDb;
  const seeded: Seeded[] = [];

  beforeAll(async () => {
    t = await createTestDb(engine);
    const base = Date.UTC(2026, 5, 1);
    for (let i = 0; i < 30; i++) {
      const order = 64200 + i;
      const status = STATUSES[i % STATUSES.length];
      const provider = i % 3 === 2 ? null : i % 2 === 0 ? "IFRETURNS" : "REVER";
      const tracked = status === "OPEN" || status === "CLOSED";
      // Several links share one sync time, so ties are broken by id.
      const lastSyncedAt = i % 4 === 0 ? null : new Date(base + (i % 5) * 3_600_000);
      const lastErrorAt = i % 7 === 3 ? new Date(base + i * 60_000) : null;
      const referenceState = i % 5 === 0 ? "CHECK" : i % 4 === 1 ? "PENDING" : "KNOWN";
      const row = await t.db.returnLink.create({
        data: {
          shop: SHOP,
          returnGid: `gid://shopify/Return/${order}`,
          returnName: `#${order}-R1`,
          normalizedName: `${order}-R1`,
          orderGid: `gid://shopify/Order/${order}`,
          orderName: `#${order}`,
          customerName: `Customer ${i}`,
          status,
          provider,
          referenceState,
          trackingNumber: tracked ? `1ZTRACK${order}` : null,
          lastSyncedAt,
          lastError: lastErrorAt ? "REVER answered code 3" : null,
          lastErrorAt,
        },
      });
      seeded.push({ id: row.id, normalizedName: row.normalizedName, orderName: row.orderName, status, provider, referenceState, trackingNumber: row.trackingNumber, lastSyncedAt, lastErrorAt });
    }
    for (let i = 0; i < 5; i++) {
      await t.db.returnLink.create({
        data: { shop: OTHER, returnGid: `gid://shopify/Return/${i}`, returnName: `#6420${i}-R1`, normalizedName: `6420${i}-R1`, orderGid: "gid://shopify/Order/1", orderName: `#6420${i}`, status: "OPEN", provider: "REVER", lastErrorAt: new Date() },
      });
    }
  }, 60_000);

  afterAll(async () => {
    await t?.cleanup();
  });

  async function walk(q: DashboardQuery): Promise<{ forward: string[]; backward: string[] }> {
    const forward: string[] = [];
    const pages: DashboardRow[][] = [];
    let page = await listDashboardPage(t.db, SHOP, q);
    expect(page.previousCursor).toBeNull();
    for (;;) {
      pages.push(page.rows);
      forward.push(...page.rows.map((r) => r.id));
      if (!page.nextCursor) break;
      page = await listDashboardPage(t.db, SHOP, { ...q, after: page.nextCursor });
    }
    // Back from the last page with each page's previous cursor: the same pages, in reverse.
    const backward: string[] = [];
    let cursor = page.previousCursor;
    backward.unshift(...page.rows.map((r) => r.id));
    while (cursor) {
      const prev = await listDashboardPage(t.db, SHOP, { ...q, before: cursor });
      backward.unshift(...prev.rows.map((r) => r.id));
      expect(prev.nextCursor).not.toBeNull();
      cursor = prev.previousCursor;
    }
    return { forward, backward };
  }

  it.each(SORT_FIELDS.flatMap((s) => [[s, "asc"], [s, "desc"]] as const))("walks every link once, in order, sorted by %s %s, forwards and back", async (sort, dir) => {
    const { forward, backward } = await walk(query({ sort, dir, take: 4 }));
    const expected = expectedOrder(seeded, sort, dir);
    expect(forward).toEqual(expected);
    expect(backward).toEqual(expected);
  });

  it("walks filtered and searched results the same way (the search is sorted from its candidates)", async () => {
    const q = query({ q: "642", provider: "REVER", sort: "lastSync", dir: "desc", take: 2 });
    const { forward, backward } = await walk(q);
    const expected = expectedOrder(seeded.filter((s) => s.provider === "REVER"), "lastSync", "desc");
    expect(forward).toEqual(expected);
    expect(backward).toEqual(expected);
  });

  it("filters by status, provider, not linked and has-error, and never shows another shop's links", async () => {
    const ids = async (over: Partial<DashboardQuery>) => (await listDashboardPage(t.db, SHOP, query({ take: 250, ...over }))).rows.map((r) => r.id).sort();
    const expectIds = (f: (s: Seeded) => boolean) => seeded.filter(f).map((s) => s.id).sort();
    expect(await ids({ status: "OPEN" })).toEqual(expectIds((s) => s.status === "OPEN"));
    expect(await ids({ provider: "REVER" })).toEqual(expectIds((s) => s.provider === "REVER"));
    expect(await ids({ provider: "NONE" })).toEqual(expectIds((s) => s.provider === null));
    expect(await ids({ hasError: true })).toEqual(expectIds((s) => s.lastErrorAt !== null));
    expect(await ids({ status: "CLOSED", provider: "IFRETURNS" })).toEqual(expectIds((s) => s.status === "CLOSED" && s.provider === "IFRETURNS"));
    expect(await ids({})).toHaveLength(30);
  });

  it("filters the links that need a provider link (missing or to check), alone, with a provider and in a search", async () => {
    const ids = async (over: Partial<DashboardQuery>) => (await listDashboardPage(t.db, SHOP, query({ take: 250, ...over }))).rows.map((r) => r.id).sort();
    const needs = (s: Seeded) => s.provider !== null && s.referenceState !== "KNOWN";
    const expectIds = (f: (s: Seeded) => boolean) => seeded.filter(f).map((s) => s.id).sort();
    expect(await ids({ needsLink: true })).toEqual(expectIds(needs));
    expect(await ids({ needsLink: true, provider: "REVER" })).toEqual(expectIds((s) => needs(s) && s.provider === "REVER"));
    expect(await ids({ needsLink: true, q: "642" })).toEqual(expectIds(needs));
    expect(parseDashboardQuery(new URLSearchParams("needsLink=1")).needsLink).toBe(true);
    expect((await countByStatus(t.db, SHOP)).needsLink).toBe(seeded.filter(needs).length);
    const rows = (await listDashboardPage(t.db, SHOP, query({ needsLink: true, take: 250 }))).rows;
    expect(new Set(rows.map((r) => r.referenceState))).toEqual(new Set(["PENDING", "CHECK"]));
  });

  it("finds a return by its name, its order name or its tracking number, with or without # and in any case", async () => {
    const names = async (q: string) => (await listDashboardPage(t.db, SHOP, query({ q }))).rows.map((r) => r.returnName).sort();
    expect(await names("#64207-R1")).toEqual(["#64207-R1"]);
    expect(await names("64207-r1")).toEqual(["#64207-R1"]);
    expect(await names("#64207")).toEqual(["#64207-R1"]);
    expect(await names("1ztrack64207")).toEqual(["#64207-R1"]);
    expect(await names("6421")).toEqual(Array.from({ length: 10 }, (_, i) => `#6421${i}-R1`));
    expect(await names("no-such-return")).toEqual([]);
  });

  it("counts the shop's links per status and those carrying an error", async () => {
    const counts = await countByStatus(t.db, SHOP);
    expect(counts.all).toBe(30);
    expect(counts.OPEN).toBe(seeded.filter((s) => s.status === "OPEN").length);
    expect(counts.CANCELED).toBe(5);
    expect(counts.withErrors).toBe(seeded.filter((s) => s.lastErrorAt).length);
  });

  it("ignores unknown parameters and a malformed cursor instead of failing the page", async () => {
    const q = parseDashboardQuery(new URLSearchParams("status=LOST&provider=UPS&sort=price&dir=up&take=-3&hasError=maybe"));
    expect(q).toMatchObject({ status: null, provider: null, sort: "created", dir: "desc", take: 50, hasError: false });
    const page = await listDashboardPage(t.db, SHOP, query({ after: "not-a-cursor", take: 3 }));
    expect(page.rows.map((r) => r.id)).toEqual(expectedOrder(seeded, "created", "desc").slice(0, 3));
  });

  it("shows the shop's rejected webhooks newest first with the reason recorded at ingest", async () => {
    const at = (m: number) => new Date(Date.UTC(2026, 5, 2, 10, m));
    await t.db.webhookDelivery.createMany({
      data: [
        { shop: SHOP, eventId: "e1", topic: "returns/request", payload: "{}", state: "REJECTED", reason: "admin_graphql_api_id: Required", receivedAt: at(1) },
        { shop: SHOP, eventId: "e2", topic: "returns/close", payload: "{}", state: "REJECTED", reason: "status: Invalid enum value", receivedAt: at(2) },
        { shop: SHOP, eventId: "e3", topic: "returns/close", payload: "{}", state: "PROCESSED", receivedAt: at(3) },
        { shop: OTHER, eventId: "e4", topic: "returns/close", payload: "{}", state: "REJECTED", reason: "other shop", receivedAt: at(4) },
      ],
    });
    const rejected = await listRejectedWebhooks(t.db, SHOP);
    expect(rejected.total).toBe(2);
    expect(rejected.rows.map((r) => [r.topic, r.reason])).toEqual([
      ["returns/close", "status: Invalid enum value"],
      ["returns/request", "admin_graphql_api_id: Required"],
    ]);
  });

  it("records a retry request on the timeline of the shop's own links only", async () => {
    const foreign = await t.db.returnLink.findFirstOrThrow({ where: { shop: OTHER } });
    const mine = seeded.slice(0, 2).map((s) => s.id);
    const result = await requestLinkSync(t.db, SHOP, [...mine, foreign.id, mine[0]], "push-tracking");
    expect(result.accepted.sort()).toEqual([...mine].sort());
    const events = await t.db.trackingEvent.findMany({ where: { returnLinkId: { in: [...mine, foreign.id] } } });
    expect(events).toHaveLength(2);
    expect(events.every((e) => e.source === "MERCHANT" && e.kind === "push" && e.status === "PUSH_TRACKING_REQUESTED" && e.shop === SHOP)).toBe(true);
  });

  it("loads the whole dashboard: page, counts, rejected webhooks and whether the shop is set up", async () => {
    const d = await loadDashboard(t.db, SHOP, query({ take: 5 }));
    expect(d.page.rows).toHaveLength(5);
    expect(d.counts.all).toBe(30);
    expect(d.setup).toEqual({ connectedProviders: [], onboarded: false, disconnected: null });
    expect(Date.parse(d.now)).not.toBeNaN();
  });

  it("says when Shopify disconnected the shop, and why", async () => {
    const at = new Date("2026-12-01T10:00:00Z");
    await t.db.shopSettings.upsert({ where: { shop: SHOP }, create: { shop: SHOP, disconnectedAt: at, disconnectedReason: "Shopify refused the refresh token (401)" }, update: { disconnectedAt: at, disconnectedReason: "Shopify refused the refresh token (401)" } });
    const d = await loadDashboard(t.db, SHOP, query({ take: 1 }));
    expect(d.setup.disconnected).toEqual({ at: at.toISOString(), reason: "Shopify refused the refresh token (401)" });
    expect((await loadDashboard(t.db, OTHER, query({ take: 1 }))).setup.disconnected).toBeNull();
    await t.db.shopSettings.update({ where: { shop: SHOP }, data: { disconnectedAt: null, disconnectedReason: null } });
  });
});

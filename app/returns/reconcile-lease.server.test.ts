import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { shopsDueForReconcile } from "../jobs/reconcile-jobs.server";
import { seedShop } from "../../sandbox/shopify/seed";
import { startAppHarness, type AppHarness } from "../../test/app-harness";
import { testEngines } from "../../test/db";
import { acquireLease, readLeaseState } from "./reconcile-lease.server";
import { reconcileShop } from "./reconcile-shop.server";

// One reconciliation pass per shop at a time, and a pass whose process died is taken over within one lease,
// continuing after the last page it finished.

const order = (n: number) => ({
  customer: { firstName: "Ana", lastName: "Santos", email: `ana${n}@example.com` },
  shippingAddress: { firstName: "Ana", lastName: "Santos", address1: "Rua Augusta 100", city: "Lisboa", zip: "1100-053", countryCode: "PT", phone: "+351912345678" },
  lineItems: [{ title: "Wool scarf", quantity: 1, price: "24.50", sku: `RB-${n}` }],
  returns: [{ status: "OPEN" as const }],
});

const statusQueries = (h: AppHarness) => h.shopify.calls.filter((c) => c.operationName === "ReturnStatuses").length;

describe.each(testEngines())("reconciliation lease on %s", (kind) => {
  let h: AppHarness;
  let ids: string[];

  beforeAll(async () => {
    h = await startAppHarness({ kind, providers: ["IFRETURNS"] });
    await seedShop(h.merchant, { orders: [1, 2, 3, 4, 5, 6].map(order) });
    await h.settle();
    ids = (await h.t.db.returnLink.findMany({ where: { shop: h.shop }, orderBy: { id: "asc" }, select: { id: true } })).map((l) => l.id);
    expect(ids).toHaveLength(6);
  }, 60_000);
  afterAll(async () => h?.close());

  it("skips a pass while another live pass holds the shop, without reading Shopify", async () => {
    await h.t.db.shopSettings.upsert({ where: { shop: h.shop }, create: { shop: h.shop }, update: { lastReconciledAt: null } });
    const other = await acquireLease(h.t.db, h.shop, "other-worker", 60_000);
    expect(other).not.toBeNull();
    const before = statusQueries(h);
    const report = await reconcileShop(h.rt.shop(h.shop));
    expect(report).toMatchObject({ skipped: true, links: 0 });
    expect(statusQueries(h)).toBe(before);
    expect((await readLeaseState(h.t.db, h.shop)).kind).toBe("held");
    // Never reconciled, so due but for the live pass.
    expect(await shopsDueForReconcile(h.t.db)).not.toContain(h.shop);
    await other!.release(null);
    expect((await readLeaseState(h.t.db, h.shop)).kind).toBe("free");
    expect(await shopsDueForReconcile(h.t.db)).toContain(h.shop);
  });

  it("leaves a shop Shopify disconnected out of the passes until it is reconnected", async () => {
    await h.t.db.shopSettings.upsert({ where: { shop: h.shop }, create: { shop: h.shop }, update: { lastReconciledAt: null } });
    expect(await shopsDueForReconcile(h.t.db)).toContain(h.shop);
    await h.t.db.shopSettings.update({ where: { shop: h.shop }, data: { disconnectedAt: new Date(), disconnectedReason: "Shopify refused the refresh token (401)" } });
    expect(await shopsDueForReconcile(h.t.db)).not.toContain(h.shop);
    await h.t.db.shopSettings.update({ where: { shop: h.shop }, data: { disconnectedAt: null, disconnectedReason: null } });
    expect(await shopsDueForReconcile(h.t.db)).toContain(h.shop);
  });

  it("lets only one of two passes starting at once take the lease", async () => {
    const [a, b] = await Promise.all([acquireLease(h.t.db, h.shop, "a", 60_000), acquireLease(h.t.db, h.shop, "b", 60_000)]);
    expect([a, b].filter(Boolean)).toHaveLength(1);
    await (a ?? b)!.release(null);
  });

  it("resumes a pass whose process died after the last page it finished, at the next tick, and then frees the shop", async () => {
    await h.t.db.shopSettings.update({ where: { shop: h.shop }, data: { lastReconciledAt: new Date(), reconcileIntervalMinutes: 60 } });
    expect(await shopsDueForReconcile(h.t.db)).not.toContain(h.shop);

    // A pass finished the first two links, recorded it, and its process was killed: the lease lapses unreleased.
    const dead = await acquireLease(h.t.db, h.shop, "killed-worker", 60_000);
    expect(await dead!.renew(ids[1])).toBe(true);
    await h.t.db.shopSettings.update({ where: { shop: h.shop }, data: { reconcileLeaseUntil: new Date(Date.now() - 1000) } });
    expect(await readLeaseState(h.t.db, h.shop)).toEqual({ kind: "abandoned", cursor: ids[1] });
    expect(await shopsDueForReconcile(h.t.db)).toContain(h.shop);

    const report = await reconcileShop(h.rt.shop(h.shop), { pageSize: 2 });
    expect(report).toMatchObject({ skipped: false, resumedAfter: ids[1], links: 4, errors: 0 });
    const synced = await h.t.db.returnLink.findMany({ where: { shop: h.shop }, orderBy: { id: "asc" }, select: { lastSyncedAt: true } });
    expect(synced.map((l) => l.lastSyncedAt !== null)).toEqual([false, false, true, true, true, true]);

    expect((await readLeaseState(h.t.db, h.shop)).kind).toBe("free");
    expect(await shopsDueForReconcile(h.t.db)).not.toContain(h.shop);
    // The dead pass, should its process come back, finds the lease gone and stops.
    expect(await dead!.renew(ids[3])).toBe(false);
  });

  it("starts the next pass from the first link once a pass finished", async () => {
    const report = await reconcileShop(h.rt.shop(h.shop), { pageSize: 2 });
    expect(report).toMatchObject({ resumedAfter: null, links: 6 });
  });

  it("stops a pass whose lease another pass took over, and leaves that pass's lease alone", async () => {
    // Shopify's bucket nearly empty: each page's status read waits for it to refill, so the pass outlives a renewal.
    const throttle = h.shopify.throttleStatus();
    h.shopify.setThrottle({ currentlyAvailable: 0, restoreRate: 5 });
    const before = statusQueries(h);
    try {
      const pass = reconcileShop(h.rt.shop(h.shop), { pageSize: 1, concurrency: 1, leaseMs: 1000, owner: "stalled" }).then(
        () => null,
        (err: Error) => err,
      );
      await expect.poll(async () => (await h.t.db.shopSettings.findUniqueOrThrow({ where: { shop: h.shop } })).reconcileLeaseOwner).toBe("stalled");
      // The process stalled past its lease and another pass took the shop over.
      await h.t.db.shopSettings.update({ where: { shop: h.shop }, data: { reconcileLeaseOwner: "successor", reconcileLeaseUntil: new Date(Date.now() + 60_000) } });
      expect((await pass)?.message).toMatch(/lease lost/);
      expect(statusQueries(h) - before).toBeLessThan(ids.length);
      expect(await readLeaseState(h.t.db, h.shop)).toMatchObject({ kind: "held", owner: "successor" });
    } finally {
      h.shopify.setThrottle({ currentlyAvailable: throttle.maximumAvailable, restoreRate: throttle.restoreRate });
      await h.t.db.shopSettings.update({ where: { shop: h.shop }, data: { reconcileLeaseOwner: null, reconcileLeaseUntil: null, reconcileCursor: null } });
    }
  });

  it("frees the shop when a pass fails, leaving it due for the retry", async () => {
    // An open link of a shop without an offline session: reading its Shopify status fails for want of a token.
    const shop = "no-session.myshopify.com";
    await h.t.db.returnLink.create({ data: { shop, returnGid: "gid://shopify/Return/1", returnName: "#1-R1", normalizedName: "1-R1", orderGid: "gid://shopify/Order/1", orderName: "#1", status: "OPEN" } });
    await expect(reconcileShop(h.rt.shop(shop))).rejects.toThrow(/no offline session/);
    expect((await readLeaseState(h.t.db, shop)).kind).toBe("free");
    expect((await h.t.db.shopSettings.findUniqueOrThrow({ where: { shop } })).lastReconciledAt).toBeNull();
  });
});

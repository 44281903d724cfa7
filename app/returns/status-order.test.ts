import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedShop } from "../../sandbox/shopify/seed";
import { startAppHarness, type AppHarness } from "../../test/app-harness";
import { fromReverSummaryStatus, isForward, isTerminalStatus, statusRank, toIfStatus, toReverLkss, toReverSummaryStatus } from "../platforms/status-map";
import { NORMALISED_STATUSES, type NormalisedStatus } from "../platforms/types";
import { listDashboardPage, parseDashboardQuery } from "./dashboard.server";
import { linkReturn } from "./manual-link.server";
import { pushStatusToProvider } from "./push-status.server";
import { loadReturnDetails } from "./return-details.server";
import { pushTrackingToProvider } from "./push-tracking.server";
import { syncLink } from "./sync-link.server";

// Statuses only move forward, for every pair: a push never takes the provider back, a read-back never takes the
// link back, an end stays an end (docs/status-map.md). Table-driven over all 10 x 10 pairs, against the simulators.

const order = (n: number) => ({
  customer: { firstName: "Ana", lastName: "Santos", email: `ana${n}@example.com` },
  shippingAddress: { firstName: "Ana", lastName: "Santos", address1: "Rua Augusta 100", city: "Lisboa", zip: "1100-053", countryCode: "PT", phone: "+351912345678" },
  lineItems: [{ title: "Wool scarf", quantity: 1, price: "24.50", sku: `RB-${n}` }],
  returns: [{ status: "OPEN" as const }],
});

const PAIRS = NORMALISED_STATUSES.flatMap((from) => NORMALISED_STATUSES.map((to) => [from, to] as const));
const noRegression = (from: NormalisedStatus, after: NormalisedStatus) => statusRank(after) >= statusRank(from) && (!isTerminalStatus(from) || after === from);

describe("statuses only move forward", () => {
  let h: AppHarness;
  let reverLink: string;
  let ifLink: string;
  const processId = "proc_status_order";

  beforeAll(async () => {
    h = await startAppHarness({ providers: ["IFRETURNS", "REVER"] });
    const [a, b] = await seedShop(h.merchant, { orders: [order(1), order(2)] });
    await h.settle();
    h.rever.createProcess({ processId, orderNumber: a.name.replace("#", "") });
    const ra = await h.t.db.returnLink.findFirstOrThrow({ where: { returnGid: a.returns[0].id } });
    await h.t.db.returnLink.update({ where: { id: ra.id }, data: { provider: "REVER", reverProcessId: processId, ifReturnName: null, referenceState: "KNOWN" } });
    reverLink = ra.id;
    const merchantName = b.returns[0].name.replace("#", "");
    h.ifreturns.registerReturn({ merchantReturnName: merchantName, returnName: "R1-status" });
    const rb = await h.t.db.returnLink.findFirstOrThrow({ where: { returnGid: b.returns[0].id } });
    await h.t.db.returnLink.update({ where: { id: rb.id }, data: { provider: "IFRETURNS", ifReturnName: "R1-status", referenceState: "KNOWN" } });
    ifLink = rb.id;
    // A parcel exists for both (a closed return then means "arrived"), and iF has a transport to update.
    for (const [id, provider] of [[reverLink, "REVER"], [ifLink, "IFRETURNS"]] as const) {
      await h.t.db.shipment.create({ data: { shop: h.shop, returnLinkId: id, provider, idempotencyKey: `parcel-${id}`, state: "ATTACHED", source: "EXTERNAL", trackingNumber: `T-${id}` } });
    }
  }, 60_000);
  afterAll(async () => h?.close());

  it.each([
    ["REVER", () => reverLink, () => h.rever.requests.filter((r) => r.path.endsWith("/shipping_status")).map((r) => (r.body as { lkss: string }).lkss), toReverLkss],
    ["iF returns", () => ifLink, () => h.ifreturns.requests.filter((r) => r.path.endsWith("/shipping_trackings")).map((r) => (r.body as { trackingStatus: string }).trackingStatus), toIfStatus],
  ] as const)("never pushes %s behind its status, for every pair of statuses", async (_name, linkId, sent, vendorWord) => {
    let i = 0;
    for (const [from, to] of PAIRS) {
      await h.t.db.returnLink.update({ where: { id: linkId() }, data: { providerStatus: from } });
      const before = sent().length;
      const eventId = `pair-${i++}`;
      const outcome = await pushStatusToProvider(h.rt.shop(h.shop), { linkId: linkId(), status: to, reason: "test", eventId });
      const after = (await h.t.db.returnLink.findUniqueOrThrow({ where: { id: linkId() } })).providerStatus as NormalisedStatus;
      const pushed = sent().slice(before);
      expect(noRegression(from, after), `${from} -> ${to}: link at ${after}`).toBe(true);
      expect(pushed.length > 0, `${from} -> ${to} (${outcome})`).toBe(outcome === "pushed");
      if (isTerminalStatus(from)) expect(pushed, `${from} is an end`).toEqual([]);
      if (outcome === "pushed") {
        // What reached the provider is the status recorded, one that is forward of where the provider was.
        const event = await h.t.db.trackingEvent.findFirstOrThrow({ where: { shop: h.shop, dedupeKey: { startsWith: `push:${eventId}:` } } });
        const status = event.status as NormalisedStatus;
        expect(isForward(from, status), `${from} -> ${to}: sent ${status}`).toBe(true);
        expect(pushed).toEqual([vendorWord(status)]);
        expect(after).toBe(status);
      }
    }
  });

  it("never reads a REVER status back behind the link's, for every pair", async () => {
    const ctx = h.rt.shop(h.shop);
    const platform = await ctx.platform("REVER");
    const link = await h.t.db.returnLink.findUniqueOrThrow({ where: { id: reverLink } });
    if (!(await platform.findLabel({ normalizedName: link.normalizedName, orderName: link.orderName, reverProcessId: processId }, ""))) {
      await platform.createLabel({ idempotencyKey: "k", ref: { normalizedName: "x", orderName: link.orderName, reverProcessId: processId }, origin: { name: "Ana Santos", line1: "Rua Augusta 100", city: "Lisboa", postalCode: "1100-053", countryCode: "PT" }, destination: { name: "W", line1: "C 1", city: "Madrid", postalCode: "28020", countryCode: "ES" }, parcels: [{ weightGrams: 500 }], labelFormat: "PDF" });
    }
    for (const [from, to] of PAIRS) {
      if (to === "NONE") continue;
      const summary = toReverSummaryStatus(to);
      const read = fromReverSummaryStatus(summary)!;
      h.rever.advanceTracking(processId, summary);
      await h.t.db.returnLink.update({ where: { id: reverLink }, data: { providerStatus: from, status: "OPEN" } });
      await syncLink(ctx, await h.t.db.returnLink.findUniqueOrThrow({ where: { id: reverLink } }), "OPEN");
      const after = (await h.t.db.returnLink.findUniqueOrThrow({ where: { id: reverLink } })).providerStatus as NormalisedStatus;
      expect(noRegression(from, after), `${from} read ${summary}: link at ${after}`).toBe(true);
      expect(after, `${from} read ${summary}`).toBe(statusRank(read) >= statusRank(from) && !isTerminalStatus(from) ? read : from);
    }
  });

  it("sends a tracking push's LABEL_CREATED only while it is ahead of the provider's status", async () => {
    const shipment = await h.t.db.shipment.findFirstOrThrow({ where: { returnLinkId: reverLink, source: "EXTERNAL" } });
    const lkss = () => h.rever.requests.filter((r) => r.path.endsWith("/shipping_status")).map((r) => (r.body as { lkss: string }).lkss);
    for (const [from, expected] of [["NONE", ["CREATED"]], ["PICKED_UP", []], ["IN_WAREHOUSE", []]] as const) {
      await h.t.db.returnLink.update({ where: { id: reverLink }, data: { providerStatus: from } });
      const before = lkss().length;
      await pushTrackingToProvider(h.rt.shop(h.shop), { linkId: reverLink, shipmentId: shipment.id, force: true });
      expect(lkss().slice(before), from).toEqual(expected);
      expect((await h.t.db.returnLink.findUniqueOrThrow({ where: { id: reverLink } })).providerStatus).toBe(from === "NONE" ? "LABEL_CREATED" : from);
    }
  });

  it("cancels the pickup before the carrier has the parcel, and the shipment after it", async () => {
    const sentIf = () => h.ifreturns.requests.filter((r) => r.path.endsWith("/shipping_trackings")).map((r) => (r.body as { trackingStatus: string }).trackingStatus);
    for (const [from, expected] of [["LABEL_CREATED", "PICK_UP_CANCELLED"], ["IN_TRANSIT", "SHIPPING_CANCELLED"]] as const) {
      await h.t.db.returnLink.update({ where: { id: ifLink }, data: { providerStatus: from } });
      await pushStatusToProvider(h.rt.shop(h.shop), { linkId: ifLink, status: "CANCELED", reason: "Return canceled in Shopify", eventId: `cancel-${from}` });
      expect(sentIf().at(-1)).toBe(expected);
    }
  });

  it("turns iF's 404 for a return name it does not know into 'check iF's return name', shown and not retried", async () => {
    await h.t.db.returnLink.update({ where: { id: ifLink }, data: { ifReturnName: "R9-wrong", referenceSource: "DERIVED", referenceState: "KNOWN", providerStatus: "LABEL_CREATED" } });
    const calls = () => h.ifreturns.requests.filter((r) => r.path.endsWith("/shipping_trackings")).length;
    const before = calls();
    const outcome = await pushStatusToProvider(h.rt.shop(h.shop), { linkId: ifLink, status: "CANCELED", reason: "Return canceled in Shopify", eventId: "wrong-name" });
    expect(outcome).toBe("check-reference");
    expect(calls()).toBe(before + 1);
    const link = await h.t.db.returnLink.findUniqueOrThrow({ where: { id: ifLink } });
    expect(link).toMatchObject({ referenceState: "CHECK", lastError: expect.stringMatching(/iF returns does not know the iF return name R9-wrong: check/) });
    // The next push waits for the merchant instead of asking iF again.
    expect(await pushStatusToProvider(h.rt.shop(h.shop), { linkId: ifLink, status: "CANCELED", reason: "again", eventId: "wrong-name-2" })).toBe("waiting");
    expect(calls()).toBe(before + 1);
    const needing = await listDashboardPage(h.t.db, h.shop, parseDashboardQuery(new URLSearchParams("needsLink=1")));
    expect(needing.rows.find((r) => r.id === ifLink)).toMatchObject({ referenceState: "CHECK" });
    const details = await loadReturnDetails(h.t.db, h.shop, ifLink);
    expect(details!.link.reference).toEqual({ value: "R9-wrong", state: "CHECK" });
    // The merchant enters the right name: the link is addressable again.
    await linkReturn(h.rt.shop(h.shop), { returnGid: link.returnGid, provider: "IFRETURNS", reference: "R1-status" });
    expect(await h.t.db.returnLink.findUniqueOrThrow({ where: { id: ifLink } })).toMatchObject({ referenceState: "KNOWN", referenceSource: "MERCHANT", lastError: null });
  });

  it("does not report a closed refund-only return (no parcel, no reverse delivery) as arrived", async () => {
    const [c] = await seedShop(h.merchant, { orders: [order(3)] });
    await h.settle();
    const link = await h.t.db.returnLink.findFirstOrThrow({ where: { returnGid: c.returns[0].id } });
    await h.t.db.returnLink.update({ where: { id: link.id }, data: { provider: "REVER", reverProcessId: processId, referenceState: "KNOWN", providerStatus: "LABEL_CREATED" } });
    const before = h.rever.requests.length;
    const outcome = await pushStatusToProvider(h.rt.shop(h.shop), { linkId: link.id, status: "IN_WAREHOUSE", reason: "Return closed in Shopify", eventId: "close-refund-only" });
    expect(outcome).toBe("no-parcel");
    expect(h.rever.requests.length).toBe(before);
    const event = await h.t.db.trackingEvent.findFirstOrThrow({ where: { returnLinkId: link.id, dedupeKey: "push:close-refund-only:IN_WAREHOUSE" } });
    expect(event).toMatchObject({ result: "SKIPPED", detail: expect.stringMatching(/no parcel/) });
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedShop } from "../../sandbox/shopify/seed";
import { startAppHarness, type AppHarness } from "../../test/app-harness";
import { PROFILES } from "../../test/order-page-harness";
import { enqueueFollowUps } from "../jobs/follow-ups.server";
import { requestLinkSync, type LinkSyncAction } from "./dashboard.server";

// The dashboard's bulk "retry sync" and "push tracking" reach the job queue and do the work.

describe.each(PROFILES)("retry sync and push tracking from the dashboard against the %s simulators", (profile) => {
  let h: AppHarness;
  let linkId: string;

  /** What the dashboard's action does: record the request, then hand its follow-ups to the job layer. */
  async function requestAndEnqueue(ids: string[], action: LinkSyncAction) {
    const res = await requestLinkSync(h.t.db, h.shop, ids, action);
    await enqueueFollowUps(h.rt.jobs, h.shop, res.followUps);
    return res;
  }

  beforeAll(async () => {
    h = await startAppHarness({ providers: ["IFRETURNS"], profile });
    const [o] = await seedShop(h.merchant, {
      orders: [{ lineItems: [{ title: "Linen shirt", quantity: 1, price: "39.90" }], returns: [{ status: "REQUESTED" as const }] }],
    });
    await h.settle();
    linkId = (await h.t.db.returnLink.findFirstOrThrow({ where: { returnGid: o.returns[0].id } })).id;
    // The approval webhook is lost: only a sync can tell the app.
    h.loseWebhooks = true;
    await h.merchant.request(`#graphql
      mutation ReturnApproveRequest($input: ReturnApproveRequestInput!) { returnApproveRequest(input: $input) { return { id } userErrors { field message } } }`, { input: { id: o.returns[0].id, notifyCustomer: false } });
    await h.shopify.webhooks.flush();
    h.loseWebhooks = false;
  }, 60_000);
  afterAll(async () => h?.close());

  it("syncs the selected link at once and shows what changed", async () => {
    const res = await requestAndEnqueue([linkId, "someone-elses-link"], "sync");
    expect(res.accepted).toEqual([linkId]);
    await h.settle();
    const link = await h.t.db.returnLink.findUniqueOrThrow({ where: { id: linkId } });
    expect(link.status).toBe("OPEN");
    expect(link.lastSyncedAt).not.toBeNull();
    expect(link.lastSyncChange).toMatch(/REQUESTED -> OPEN/);
  });

  it("sends the latest tracking to the provider again when asked to push it", async () => {
    const link = await h.t.db.returnLink.findUniqueOrThrow({ where: { id: linkId } });
    h.ifreturns.registerReturn({ merchantReturnName: link.normalizedName, shopCode: "returnsbridgedemo" });
    await h.t.db.shipment.create({
      data: { shop: h.shop, returnLinkId: linkId, provider: "IFRETURNS", idempotencyKey: "external:x", source: "EXTERNAL", state: "ATTACHED", trackingNumber: "1ZPUSHAGAIN", trackingUrl: "https://www.ups.com/track?tracknum=1ZPUSHAGAIN", labelUrl: "https://cdn.example.com/l.pdf", labelFormat: "PDF" },
    });
    await requestAndEnqueue([linkId], "push-tracking");
    await h.settle();
    await requestAndEnqueue([linkId], "push-tracking");
    await h.settle();
    const puts = h.ifreturns.requests.filter((r) => r.method === "PUT" && (r.body as { shippingLabels?: Array<{ carrierTrackingCode: string }> }).shippingLabels?.[0]?.carrierTrackingCode === "1ZPUSHAGAIN");
    expect(puts).toHaveLength(2); // each merchant request sends once
  });
});

import { describe, expect, it } from "vitest";
import { testEngines } from "../../test/db";
import { runtimePerSuite } from "../../test/runtime-per-suite";
import { PROCESS_WEBHOOK } from "../webhooks/topics.server";
import { sweepWaitingDeliveries } from "./sweep-webhooks.server";

// The sweep re-sends the job of a stored delivery whose send was lost, and never a second job beside a live one.

describe.each(testEngines())("webhook sweep on %s", (kind) => {
  const suite = runtimePerSuite(kind);
  const shop = "sweep-shop.myshopify.com";
  const old = new Date(Date.now() - 5 * 60_000);
  const delivery = (eventId: string) =>
    suite.t.db.webhookDelivery.create({ data: { shop, eventId, topic: "returns/request", resourceGid: "gid://shopify/Return/1", payload: "{}", state: "RECEIVED", receivedAt: old } });


  it("re-sends the job of a waiting delivery that has none, once", async () => {
    const lost = await delivery("lost-send");
    expect(await suite.rt.jobs.liveKeys(PROCESS_WEBHOOK, [lost.id])).toEqual(new Set());
    expect(await sweepWaitingDeliveries(suite.rt)).toBe(1);
    expect(await suite.rt.jobs.liveKeys(PROCESS_WEBHOOK, [lost.id])).toEqual(new Set([lost.id]));
    // Its job now waits: a second sweep leaves it alone.
    expect(await sweepWaitingDeliveries(suite.rt)).toBe(0);
  });

  it("leaves a delivery whose job is still live (waiting for a retry) to that job", async () => {
    const waiting = await delivery("retrying");
    await suite.rt.jobs.send(PROCESS_WEBHOOK, { deliveryId: waiting.id }, { shop, startAfter: new Date(Date.now() + 60 * 60_000) });
    expect(await sweepWaitingDeliveries(suite.rt)).toBe(0);
  });
});

import { describe, expect, it } from "vitest";
import { TOPICS } from "../../app/webhooks/topics.server";
import { verifyShopifyHmac } from "../../app/webhooks/verify-hmac.server";
import { BENCH_SECRET, signedDelivery } from "./payload";

describe("benchmark deliveries", () => {
  it("are signed the way the app verifies and carry what the returns/request schema requires", () => {
    for (const seq of [0, 1, 2, 99]) {
      const d = signedDelivery(seq, "run");
      expect(verifyShopifyHmac(d.body, d.headers["x-shopify-hmac-sha256"], BENCH_SECRET)).toBe(true);
      expect(TOPICS["returns/request"].schema.safeParse(JSON.parse(d.body.toString())).success).toBe(true);
      expect(d.headers["content-length"]).toBe(String(d.body.length));
    }
  });

  it("give every delivery its own event id", () => {
    const ids = new Set(Array.from({ length: 50 }, (_, i) => signedDelivery(i, "run").headers["x-shopify-event-id"]));
    expect(ids.size).toBe(50);
    expect(signedDelivery(1, "a").headers["x-shopify-event-id"]).not.toBe(signedDelivery(1, "b").headers["x-shopify-event-id"]);
  });
});

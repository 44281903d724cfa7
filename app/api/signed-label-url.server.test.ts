import { describe, expect, it } from "vitest";
import { LABEL_URL_TTL_MS, signLabelUrl, verifyLabelUrl } from "./signed-label-url.server";

const secret = "label-url-secret-0123456789";
const now = Date.parse("2026-12-10T10:00:00Z");
const claims = { shop: "a-shop.myshopify.com", returnId: "123", shipmentId: "ship_1", download: false };
const url = () => new URL(signLabelUrl({ appUrl: "https://returns-bridge.example", secret, now, ...claims }));

describe("signed label URLs", () => {
  it("are absolute, carry no session token, and verify for the return, shop and shipment they were made for", () => {
    const u = url();
    expect(u.origin + u.pathname).toBe("https://returns-bridge.example/api/returns/123/label-file");
    expect([...u.searchParams.keys()].sort()).toEqual(["expires", "shipmentId", "shop", "signature"]);
    expect(verifyLabelUrl(u, "123", { secret, now })).toEqual({ ok: true, claims });
  });

  it("refuse another return, shop, shipment or download flag, and another secret", () => {
    expect(verifyLabelUrl(url(), "124", { secret, now })).toEqual({ ok: false, reason: "invalid" });
    for (const [key, value] of [["shop", "b-shop.myshopify.com"], ["shipmentId", "ship_2"], ["download", "1"], ["expires", String(Math.floor(now / 1000) + 86_400)]]) {
      const u = url();
      u.searchParams.set(key, value);
      expect(verifyLabelUrl(u, "123", { secret, now }), key).toEqual({ ok: false, reason: "invalid" });
    }
    expect(verifyLabelUrl(url(), "123", { secret: "another-secret-0123456789", now })).toEqual({ ok: false, reason: "invalid" });
  });

  it("expire after a few minutes", () => {
    expect(LABEL_URL_TTL_MS).toBeLessThanOrEqual(15 * 60 * 1000);
    expect(verifyLabelUrl(url(), "123", { secret, now: now + LABEL_URL_TTL_MS - 1000 }).ok).toBe(true);
    expect(verifyLabelUrl(url(), "123", { secret, now: now + LABEL_URL_TTL_MS })).toEqual({ ok: false, reason: "expired" });
  });
});

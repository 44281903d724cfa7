import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { TOPICS } from "../app/webhooks/topics.server";

// shopify.app.toml is the contract with Shopify: every subscription has its route, and the routes know it.
const root = path.resolve(import.meta.dirname, "..");
const toml = readFileSync(path.join(root, "shopify.app.toml"), "utf8");

function subscriptions() {
  const blocks = toml.split("[[webhooks.subscriptions]]").slice(1);
  const before = toml.split("[[webhooks.subscriptions]]");
  return blocks.map((block, i) => {
    const topics = /(?:compliance_)?topics\s*=\s*\[([^\]]*)\]/.exec(block)![1].match(/"([^"]+)"/g)!.map((s) => s.slice(1, -1));
    const uri = /uri\s*=\s*"([^"]+)"/.exec(block)![1];
    const handledBy = /# Handled by: (\S+)\s*$/.exec(before[i].trimEnd())?.[1];
    return { topics, uri, handledBy, compliance: /compliance_topics/.test(block) };
  });
}

describe("shopify.app.toml", () => {
  it("pins the webhooks API version to 2026-07 and asks only for the scopes the app uses", () => {
    expect(toml).toMatch(/\[webhooks\]\s*\napi_version = "2026-07"/);
    expect(toml).toMatch(/scopes = "read_orders,read_returns,write_returns"/);
    expect(toml).toMatch(/embedded = true/);
  });

  it("names an existing route for every subscription, and that route serves the same topic", () => {
    const subs = subscriptions();
    expect(subs.flatMap((s) => s.topics).sort()).toEqual(Object.keys(TOPICS).sort());
    for (const s of subs) {
      expect(s.handledBy, `Handled by comment for ${s.topics}`).toBeDefined();
      expect(existsSync(path.join(root, s.handledBy!)), s.handledBy).toBe(true);
      const route = readFileSync(path.join(root, s.handledBy!), "utf8");
      for (const topic of s.topics) {
        expect(route).toContain(`webhookAction("${topic}")`);
        expect(TOPICS[topic as keyof typeof TOPICS].path).toBe(s.uri);
      }
    }
  });

  it("declares the three mandatory compliance topics as compliance_topics", () => {
    const compliance = subscriptions().filter((s) => s.compliance).flatMap((s) => s.topics);
    expect(compliance.sort()).toEqual(["customers/data_request", "customers/redact", "shop/redact"]);
  });
});

import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ADMIN_API_VERSION } from "../app/shopify/api-version";
import { TOPIC_HANDLERS } from "../app/webhooks/topic-handlers.server";
import { TOPICS, topicForPath } from "../app/webhooks/topics.server";

// shopify.app.toml is the contract with Shopify: every subscription has its route, and the routes know it.
const root = path.resolve(import.meta.dirname, "..");
const toml = readFileSync(path.join(root, "shopify.app.toml"), "utf8");

function subscriptions() {
  const blocks = toml.split("[[webhooks.subscriptions]]").slice(1);
  return blocks.map((block) => {
    const topics = /(?:compliance_)?topics\s*=\s*\[([^\]]*)\]/.exec(block)![1].match(/"([^"]+)"/g)!.map((s) => s.slice(1, -1));
    const uri = /uri\s*=\s*"([^"]+)"/.exec(block)![1];
    return { topics, uri, compliance: /compliance_topics/.test(block) };
  });
}

describe("shopify.app.toml", () => {
  it("pins the webhooks API version to the one the gateway calls, and asks only for the scopes the app uses", () => {
    expect(toml).toContain(`[webhooks]\napi_version = "${ADMIN_API_VERSION}"`);
    expect(toml).toMatch(/scopes = "read_orders,read_all_orders,read_returns,write_returns,read_locations"/);
    expect(toml).toMatch(/embedded = true/);
  });

  it("subscribes to exactly the topics the app handles, each at the path the ingest maps to that topic", () => {
    const subs = subscriptions();
    expect(subs.flatMap((s) => s.topics).sort()).toEqual(Object.keys(TOPICS).sort());
    expect(Object.keys(TOPIC_HANDLERS).sort()).toEqual(Object.keys(TOPICS).sort());
    for (const s of subs) for (const topic of s.topics) expect(topicForPath(s.uri), `${topic} at ${s.uri}`).toBe(topic);
  });

  it("declares the three mandatory compliance topics as compliance_topics", () => {
    const compliance = subscriptions().filter((s) => s.compliance).flatMap((s) => s.topics);
    expect(compliance.sort()).toEqual(["customers/data_request", "customers/redact", "shop/redact"]);
  });
});

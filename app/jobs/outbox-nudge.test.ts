import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../../test/db";
import { createTestRuntime } from "../../test/runtime";
import type { Runtime } from "../runtime/runtime.server";
import { ingestWebhook } from "../webhooks/ingest.server";
import { PROCESS_WEBHOOK } from "../webhooks/topics.server";

// On SQLite a webhook's job is committed with its delivery by the outbox's own connection: the runner of the
// same process takes it at once, not at its next poll (up to half a second in production).

describe("the SQLite runner and the webhook outbox", () => {
  let t: TestDb;
  let rt: Runtime;

  beforeAll(async () => {
    t = await createTestDb("sqlite");
    // A poll an hour apart: only the outbox's nudge can start the job while the test waits.
    rt = await createTestRuntime(t, { runJobs: true, queue: { sqlite: { pollMs: 3_600_000 } } });
  });

  afterAll(async () => {
    await rt?.close();
    await t?.cleanup();
  });

  it("starts a stored webhook's job as soon as it is committed", async () => {
    // The jobs the runtime schedules at start have run: the runner now sleeps until its next poll.
    await expect.poll(() => t.db.job.count({ where: { state: { in: ["PENDING", "RUNNING"] } } }), { timeout: 20_000 }).toBe(0);
    const secret = rt.env.SHOPIFY_API_SECRET;
    const body = JSON.stringify({ id: 1, admin_graphql_api_id: "gid://shopify/Return/1", status: "requested" });
    const headers: Record<string, string> = {
      "x-shopify-hmac-sha256": createHmac("sha256", secret).update(body).digest("base64"),
      "x-shopify-shop-domain": "nudge.myshopify.com",
      "x-shopify-topic": "returns/request",
      "x-shopify-event-id": "nudge-1",
      "x-shopify-triggered-at": new Date().toISOString(),
      "x-shopify-api-version": "2026-07",
    };
    const res = await ingestWebhook({ jobs: rt.jobs, log: rt.log, secret, maxBytes: 64 * 1024 }, { topic: "returns/request", rawBody: Buffer.from(body), headers: { get: (n) => headers[n.toLowerCase()] ?? null } });
    expect(res.outcome).toBe("stored");
    await expect.poll(async () => (await t.db.job.findFirst({ where: { name: PROCESS_WEBHOOK } }))?.attempts ?? 0, { timeout: 10_000 }).toBeGreaterThan(0);
  });
});

import { describe, expect, it } from "vitest";
import { createTestDb, testEngines } from "../../test/db";
import { createTestRuntime } from "../../test/runtime";
import { runtimePerSuite } from "../../test/runtime-per-suite";
import type { Runtime } from "../runtime/runtime.server";
import { loader } from "./healthz";

const call = (rt: Runtime) => loader({ request: new Request("http://app.test/healthz"), params: {}, context: { runtime: rt } }) as Promise<Response>;

describe.each(testEngines())("GET /healthz on %s", (kind) => {
  const suite = runtimePerSuite(kind);

  it("answers 200 with the database and the queue named when both answer", async () => {
    const res = await call(suite.rt);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, database: "ok", queue: "ok" });
  });

  it("answers 503 naming the database when it stops answering", async () => {
    const broken = await createTestDb(kind);
    const down = await createTestRuntime(broken);
    await broken.cleanup();
    const res = await call(down);
    expect(res.status).toBe(503);
    // Public: the state only, never the database's own error text.
    expect(await res.json()).toEqual({ ok: false, database: "unavailable", queue: "unavailable" });
    await down.close().catch(() => {});
  });
});

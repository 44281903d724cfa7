import { afterAll, beforeAll } from "vitest";
import type { Runtime } from "../app/runtime/runtime.server";
import { createTestDb, type TestDb } from "./db";
import { createTestRuntime, type TestRuntimeOptions } from "./runtime";

// A fresh test database and the app's runtime on it for one describe block: made before its tests, closed after.

export function runtimePerSuite(kind: "sqlite" | "postgresql", opts: TestRuntimeOptions = {}): { readonly t: TestDb; readonly rt: Runtime } {
  let t: TestDb | undefined;
  let rt: Runtime | undefined;

  beforeAll(async () => {
    t = await createTestDb(kind);
    rt = await createTestRuntime(t, opts);
  });
  afterAll(async () => {
    await rt?.close();
    await t?.cleanup();
  });

  const started = () => {
    if (!t || !rt) throw new Error("The test runtime is used before its beforeAll ran");
    return { t, rt };
  };
  return {
    get t() {
      return started().t;
    },
    get rt() {
      return started().rt;
    },
  };
}

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startReverSimulator, type ReverSimulator } from "../../sandbox/rever";
import { redactText } from "../http/redact.server";
import { encryptJson } from "../security/encryption.server";
import { createTestDb, type TestDb } from "../../test/db";
import { ReverPlatform } from "./rever/adapter.server";
import { IfReturnsPlatform } from "./ifreturns/adapter.server";
import { connectionLimiter, createPlatform, derivedIfReturnName, loadPlatform, normalizeReturnName } from "./registry.server";

let t: TestDb;
let sim: ReverSimulator;
const apiKey = "rever-registry-test-key-5555";

beforeAll(async () => {
  t = await createTestDb();
  sim = await startReverSimulator({ credential: apiKey });
});
afterAll(async () => {
  await sim.close();
  await t.cleanup();
});

async function insert(shop: string, rps = 10) {
  return t.db.providerConnection.create({
    data: { shop, provider: "REVER", environment: "custom", baseUrl: sim.url, credentialsEncrypted: encryptJson({ apiKey }), reverEcommerceId: "returns-bridge-demo", reverProvider: "SendCloud", requestsPerSecond: rps },
  });
}

describe("platform registry", () => {
  it("builds each provider's adapter from the lookup table", () => {
    expect(createPlatform({ provider: "IFRETURNS", baseUrl: "https://x.example/", token: "t0ken-abcdef" })).toBeInstanceOf(IfReturnsPlatform);
    expect(createPlatform({ provider: "REVER", baseUrl: "https://x.example/", apiKey: "k3y-abcdef", ecommerceId: "e" })).toBeInstanceOf(ReverPlatform);
  });

  it("loads the shop's own connection, registers its secret, and shares one budget per connection", async () => {
    const row = await insert("a.myshopify.com", 7);
    const first = await loadPlatform(t.db, "a.myshopify.com", "REVER", { retry: { maxAttempts: 1 } });
    await expect(first.testConnection()).resolves.toBeUndefined();
    expect(redactText(`key=${apiKey}`)).toBe("key=[REDACTED]");
    expect(connectionLimiter(row.id, 7)).toBe(connectionLimiter(row.id, 7));
    const before = connectionLimiter(row.id, 7);
    expect(connectionLimiter(row.id, 3)).not.toBe(before);
    expect(connectionLimiter(row.id, 3).rate).toBe(3);
    await expect(loadPlatform(t.db, "b.myshopify.com", "REVER")).rejects.toThrow("REVER is not connected for this shop");
  });

  it("re-exports the return-name rules", () => {
    expect(normalizeReturnName("#64231-R1")).toBe("64231-R1");
    expect(derivedIfReturnName("64231-R1")).toBe("R1-64231");
  });
});

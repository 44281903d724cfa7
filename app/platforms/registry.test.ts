import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startReverSimulator, type ReverSimulator } from "../../sandbox/rever";
import { redactText } from "../http/redact.server";
import { createSecretBox } from "../security/encryption.server";
import { createTestDb, type TestDb } from "../../test/db";
import { TEST_ENV_DEFAULTS, testHttp, testLogger } from "../../test/runtime";
import { ProviderLimiters } from "./limiters.server";
import { ReverPlatform } from "./rever/adapter.server";
import { IfReturnsPlatform } from "./ifreturns/adapter.server";
import { createPlatform, credentialsSealContext, derivedIfReturnName, loadPlatform, normalizeReturnName } from "./registry.server";

let t: TestDb;
let sim: ReverSimulator;
const apiKey = "rever-registry-test-key-5555";
const secrets = createSecretBox(TEST_ENV_DEFAULTS.ENCRYPTION_KEY);
const http = testHttp();

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
    data: { shop, provider: "REVER", environment: "custom", baseUrl: sim.url, credentialsEncrypted: secrets.sealJson({ apiKey }, credentialsSealContext(shop, "REVER")), reverEcommerceId: "returns-bridge-demo", reverProvider: "SendCloud", requestsPerSecond: rps },
  });
}

describe("platform registry", () => {
  it("builds each provider's adapter from the lookup table", () => {
    expect(createPlatform({ provider: "IFRETURNS", baseUrl: "https://x.example/", token: "t0ken-abcdef", transport: { http } })).toBeInstanceOf(IfReturnsPlatform);
    expect(createPlatform({ provider: "REVER", baseUrl: "https://x.example/", apiKey: "k3y-abcdef", ecommerceId: "e", transport: { http } })).toBeInstanceOf(ReverPlatform);
  });

  it("loads the shop's own connection, tells the scope's logger its secret, and shares one budget per connection", async () => {
    const row = await insert("a.myshopify.com", 7);
    const log = testLogger();
    const limiters = new ProviderLimiters();
    const first = await loadPlatform({ db: t.db, shop: "a.myshopify.com", secrets }, "REVER", { http, log, limiters, retry: { maxAttempts: 1 } });
    await expect(first.testConnection()).resolves.toBeUndefined();
    expect(redactText(`key=${apiKey}`, log.secrets)).toBe("key=[REDACTED]");
    expect(limiters.for(row.id, 7)).toBe(limiters.for(row.id, 7));
    const before = limiters.for(row.id, 7);
    expect(limiters.for(row.id, 3)).not.toBe(before);
    expect(limiters.for(row.id, 3).rate).toBe(3);
    await expect(loadPlatform({ db: t.db, shop: "b.myshopify.com", secrets }, "REVER", { http, log, limiters })).rejects.toThrow("REVER is not connected for this shop");
  });

  it("opens a connection's credentials only for the shop they were sealed for", async () => {
    const row = await insert("c.myshopify.com");
    // The sealed credentials copied onto another shop's row do not open there.
    await t.db.providerConnection.create({ data: { ...row, id: undefined, shop: "d.myshopify.com" } });
    const scope = (shop: string) => ({ db: t.db, shop, secrets });
    const transport = { http, log: testLogger(), limiters: new ProviderLimiters() };
    await expect(loadPlatform(scope("c.myshopify.com"), "REVER", transport)).resolves.toBeInstanceOf(ReverPlatform);
    await expect(loadPlatform(scope("d.myshopify.com"), "REVER", transport)).rejects.toThrow(/unable to authenticate data/);
  });

  it("re-exports the return-name rules", () => {
    expect(normalizeReturnName("#64231-R1")).toBe("64231-R1");
    expect(derivedIfReturnName("64231-R1")).toBe("R1-64231");
  });
});

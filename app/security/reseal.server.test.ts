import { spawnSync } from "node:child_process";
import { createCipheriv, randomBytes } from "node:crypto";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, testEngines, type TestDb } from "../../test/db";
import { credentialsSealContext } from "../platforms/registry.server";
import { createSecretBox, keyId } from "./encryption.server";
import { resealAll } from "./reseal.server";

// Key rotation: `npm run secrets:reseal` moves every v1 value and every value an old key sealed to the current key,
// and leaves alone what no configured key opens.

const root = path.resolve(import.meta.dirname, "..", "..");
const OLD_KEY = randomBytes(32).toString("hex");
const NEW_KEY = randomBytes(32).toString("hex");

/** What earlier versions wrote: "v1:<iv>:<tag>:<ciphertext>" in standard base64, no associated data. */
function sealV1(plaintext: string, hexKey: string): string {
  const iv = randomBytes(12);
  const c = createCipheriv("aes-256-gcm", Buffer.from(hexKey, "hex"), iv);
  const ct = Buffer.concat([c.update(plaintext, "utf8"), c.final()]);
  return ["v1", iv.toString("base64"), c.getAuthTag().toString("base64"), ct.toString("base64")].join(":");
}

describe.each(testEngines())("resealing stored secrets on %s", (kind) => {
  let t: TestDb;
  const envelopes: Record<string, string> = {};

  async function connection(shop: string, provider: "IFRETURNS" | "REVER", credentialsEncrypted: string) {
    const row = await t.db.providerConnection.create({ data: { shop, provider, environment: "custom", baseUrl: "http://127.0.0.1:9/", credentialsEncrypted } });
    envelopes[shop] = credentialsEncrypted;
    return row;
  }

  beforeAll(async () => {
    t = await createTestDb(kind);
    const old = createSecretBox(OLD_KEY);
    await connection("v1.myshopify.com", "IFRETURNS", sealV1(JSON.stringify({ token: "v1-token-0001" }), OLD_KEY));
    await connection("old.myshopify.com", "REVER", old.sealJson({ apiKey: "old-key-0002" }, credentialsSealContext("old.myshopify.com", "REVER")));
    await connection("current.myshopify.com", "IFRETURNS", createSecretBox(NEW_KEY).sealJson({ token: "new-token-0003" }, credentialsSealContext("current.myshopify.com", "IFRETURNS")));
    await connection("lost.myshopify.com", "REVER", createSecretBox(randomBytes(32).toString("hex")).sealJson({ apiKey: "lost-0004" }, credentialsSealContext("lost.myshopify.com", "REVER")));
  });
  afterAll(async () => t?.cleanup());

  it("turns v1 rows into v2 and moves an old key's rows to the new key, opening to the same values", async () => {
    const box = createSecretBox(NEW_KEY, [OLD_KEY]);
    const [report] = await resealAll(t.db, box);
    const lost = await t.db.providerConnection.findFirstOrThrow({ where: { shop: "lost.myshopify.com" } });
    expect(report).toEqual({ column: "ProviderConnection.credentialsEncrypted", scanned: 4, resealed: 2, unreadable: [lost.id] });

    const rows = await t.db.providerConnection.findMany();
    const byShop = Object.fromEntries(rows.map((r) => [r.shop, r]));
    for (const shop of ["v1.myshopify.com", "old.myshopify.com"]) {
      expect(byShop[shop].credentialsEncrypted.startsWith(`v2:${keyId(Buffer.from(NEW_KEY, "hex"))}:`), shop).toBe(true);
      expect(box.needsReseal(byShop[shop].credentialsEncrypted)).toBe(false);
    }
    // The new key alone opens them now: the old key can go.
    const newOnly = createSecretBox(NEW_KEY);
    expect(newOnly.openJson(byShop["v1.myshopify.com"].credentialsEncrypted, credentialsSealContext("v1.myshopify.com", "IFRETURNS"))).toEqual({ token: "v1-token-0001" });
    expect(newOnly.openJson(byShop["old.myshopify.com"].credentialsEncrypted, credentialsSealContext("old.myshopify.com", "REVER"))).toEqual({ apiKey: "old-key-0002" });
    // Untouched: the one already current, and the one no configured key opens.
    expect(byShop["current.myshopify.com"].credentialsEncrypted).toBe(envelopes["current.myshopify.com"]);
    expect(byShop["lost.myshopify.com"].credentialsEncrypted).toBe(envelopes["lost.myshopify.com"]);

    expect((await resealAll(t.db, box))[0]).toMatchObject({ scanned: 4, resealed: 0 });
  });

  it("runs as `npm run secrets:reseal` with the app's configuration and says what it could not open", async () => {
    const fresh = sealV1(JSON.stringify({ token: "v1-token-0005" }), OLD_KEY);
    const row = await connection("script.myshopify.com", "IFRETURNS", fresh);
    const res = spawnSync(process.execPath, ["--import", "tsx", path.join(root, "scripts", "reseal-secrets.ts")], {
      cwd: root,
      env: {
        PATH: process.env.PATH,
        NODE_ENV: "development",
        DATABASE_URL: t.url,
        SHOPIFY_API_KEY: "reseal-test",
        SHOPIFY_API_SECRET: "reseal-test-secret-0123",
        SHOPIFY_APP_URL: "http://127.0.0.1:9",
        ENCRYPTION_KEY: NEW_KEY,
        ENCRYPTION_OLD_KEYS: OLD_KEY,
      },
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(res.stdout).toContain("ProviderConnection.credentialsEncrypted: 5 values, 1 sealed again with the current key");
    expect(res.stderr).toContain("1 no configured key opens");
    expect(res.status).toBe(2);
    const after = await t.db.providerConnection.findUniqueOrThrow({ where: { id: row.id } });
    expect(createSecretBox(NEW_KEY).openJson(after.credentialsEncrypted, credentialsSealContext("script.myshopify.com", "IFRETURNS"))).toEqual({ token: "v1-token-0005" });
  });
});

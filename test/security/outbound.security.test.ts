import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BlockedDestinationError } from "../../app/http/errors.server";
import { rejectionOf, standIn, type StandIn } from "../http/outbound-stand-ins";
import { credentialsSealContext, loadPlatform } from "../../app/platforms/registry.server";
import { saveProviderConnection, testProviderConnection } from "../../app/settings/provider-connections.server";
import { labelFileFor } from "../../app/returns/label-file.server";
import type { HostileBehaviour } from "../../sandbox/lib";
import { TEST_SHOP } from "../../sandbox/shopify/test-helpers";
import { startSecurityRig, type SecurityRig } from "./rig";

// A hostile provider cannot make the app reach inside: label URLs into internal addresses, redirect chains into
// them, names that resolve there, base URLs pointing elsewhere. Every refusal happens before a socket opens;
// nothing reaches the hostile simulator's canary (its stand-in for the metadata service); no packet leaves this
// machine (the rig's socket opener refuses every address that is not loopback, and only loopback is ever asked).

const SHOP = TEST_SHOP;
/** The only address the app may open sockets to in these tests: the simulators on loopback. */
const onlyLoopback = (attempts: string[]) => attempts.every((a) => a === "127.0.0.1");

describe.each<[HostileBehaviour, RegExp]>([
  ["metadata-url", /169\.254\.169\.254: only https is allowed/],
  ["loopback-url", /127\.0\.0\.1: only https is allowed/],
  ["private-url", /10\.0\.0\.1: only https is allowed/],
  ["rebinding-name", /returns-bridge-label\.localtest\.me: only https is allowed/],
  ["redirect-chain", /127\.0\.0\.1: only https is allowed/],
])("a label URL from the hostile profile's %s", (behaviour, refusal) => {
  let rig: SecurityRig;
  beforeAll(async () => {
    rig = await startSecurityRig({ hostile: [behaviour] });
  });
  afterAll(async () => rig?.close());

  it("is never fetched: the label is created, its download refused before any connection, the canary never reached", async () => {
    const ret = await rig.seedReturn();
    const err = await rig.createLabel(ret.id);
    expect(err).toBeInstanceOf(BlockedDestinationError);
    expect((err as Error).message).toMatch(refusal);
    const shipment = await rig.t.db.shipment.findFirstOrThrow({ where: { shop: SHOP } });
    expect(rig.ifSim.hostile.emitted).toContain(shipment.labelUrl);
    expect(shipment.error).toMatch(refusal);

    // The print action asks again: refused again, with the same reason.
    await expect(labelFileFor(rig.rt.shop(SHOP), { returnGid: ret.id })).rejects.toThrow(refusal);
    expect(rig.ifSim.hostile.canaryHits).toEqual([]);
    expect(onlyLoopback(rig.attempts)).toBe(true);
    // Refused on the URL alone: the hostile names were never even looked up.
    expect(rig.resolved.filter((n) => n !== "localhost")).toEqual([]);
  });
});

describe.each([
  ["a name the resolver answers with 127.0.0.1", "https://labels.evil.test/label.pdf", "loopback", "127.0.0.1"],
  ["a name the resolver answers with the metadata address", "https://metadata.evil.test/latest/meta-data/", "metadata", "169.254.169.254"],
  ["a name the resolver answers with a private address", "https://intranet.evil.test/label.pdf", "private", "10.0.0.1"],
])("a redirect chain ending at %s", (_what, target, reason, address) => {
  let rig: SecurityRig;
  beforeAll(async () => {
    rig = await startSecurityRig({ hostile: ["redirect-chain"], tuning: { redirectTarget: target } });
  });
  afterAll(async () => rig?.close());

  it("is followed hop by hop and refused at the connection, on the address the name resolved to", async () => {
    const ret = await rig.seedReturn();
    const before = rig.attempts.length;
    const err = await rig.createLabel(ret.id);
    expect(err).toBeInstanceOf(BlockedDestinationError);
    expect(err).toMatchObject({ reason, address, host: new URL(target).hostname });
    expect(rig.resolved).toContain(new URL(target).hostname);
    // Three hops on the provider's own simulator, then nothing: no socket to the resolved address.
    expect(rig.attempts.length - before).toBeGreaterThanOrEqual(1);
    expect(onlyLoopback(rig.attempts)).toBe(true);
    expect(rig.ifSim.hostile.canaryHits).toEqual([]);
  });
});

describe("a provider connection's endpoint", () => {
  let rig: SecurityRig;
  let elsewhere: StandIn;
  beforeAll(async () => {
    rig = await startSecurityRig();
    elsewhere = await standIn((_req, res) => res.writeHead(200, { "content-type": "application/json" }).end("[]"));
  });
  afterAll(async () => {
    await elsewhere?.close();
    await rig?.close();
  });

  const input = (over: Record<string, unknown>) => ({
    provider: "IFRETURNS",
    environment: "custom",
    baseUrl: rig.ifSim.url,
    shopCode: "returnsbridgedemo",
    warehouseAddress: { name: "W", email: "w@example.com", phone: "+34911222333", line1: "Calle 1", city: "Madrid", postalCode: "28001", countryCode: "ES" },
    defaultCarrierService: "IF-UPS-EXPRESS-SAVER",
    ...over,
  });

  it("cannot move to another host keeping the stored credential, so Test connection never sends it there", async () => {
    const before = await rig.t.db.providerConnection.findFirstOrThrow({ where: { shop: SHOP } });
    const moved = await saveProviderConnection(rig.rt.shop(SHOP), input({ baseUrl: `http://127.0.0.1:${elsewhere.port}/integration/v1/`, credential: "" }));
    expect(moved).toEqual({ ok: false, fieldErrors: { credential: "Enter the iF returns API token again: the endpoint changed" } });
    const staging = await saveProviderConnection(rig.rt.shop(SHOP), input({ environment: "staging", baseUrl: "", credential: "" }));
    expect(staging).toMatchObject({ ok: false, fieldErrors: { credential: expect.stringContaining("again") } });
    expect(await rig.t.db.providerConnection.findFirstOrThrow({ where: { shop: SHOP } })).toMatchObject({ baseUrl: before.baseUrl, credentialsEncrypted: before.credentialsEncrypted });

    expect(await testProviderConnection(rig.rt.shop(SHOP), "IFRETURNS")).toEqual({ ok: true });
    expect(elsewhere.connections).toBe(0);
  });

  it("refuses a custom base URL on a host that is not the provider's, even outside production", async () => {
    const saved = await saveProviderConnection(rig.rt.shop(SHOP), input({ baseUrl: "https://api.evil.test/integration/v1/", credential: "new-token-0123456789" }));
    expect(saved).toMatchObject({ ok: false, fieldErrors: { baseUrl: expect.stringContaining("provider's own API host") } });
  });

  it("never sends the stored credential to a row's base URL outside the provider's hosts (a row written before these rules)", async () => {
    await rig.t.db.providerConnection.updateMany({ where: { shop: SHOP }, data: { baseUrl: "https://api.evil.test/integration/v1/" } });
    const attempts = rig.attempts.length;
    const result = await testProviderConnection(rig.rt.shop(SHOP), "IFRETURNS");
    expect(result).toEqual({ ok: false, reason: expect.stringContaining("api.evil.test: the host is not on the allowed list") });
    expect(rig.attempts.length).toBe(attempts);
    expect(rig.resolved).not.toContain("api.evil.test");
  });
});

describe("in production", () => {
  let rig: SecurityRig;
  beforeAll(async () => {
    // A production configuration of the operator's own; the simulators stay on loopback, where production must not go.
    rig = await startSecurityRig({
      hostile: ["redirect-chain"],
      env: {
        NODE_ENV: "production",
        DEMO_MODE: "0",
        SHOPIFY_ADMIN_API_ORIGIN: undefined,
        SHOPIFY_API_KEY: randomBytes(16).toString("hex"),
        SHOPIFY_API_SECRET: randomBytes(24).toString("hex"),
        SHOPIFY_APP_URL: "https://returns-bridge.example.com",
        ENCRYPTION_KEY: randomBytes(32).toString("hex"),
      },
    });
  });
  afterAll(async () => rig?.close());

  async function platform() {
    const ctx = rig.rt.shop(SHOP);
    return loadPlatform({ db: rig.t.db, shop: SHOP, secrets: rig.rt.secrets }, "IFRETURNS", { http: rig.rt.http, log: ctx.log, limiters: rig.rt.limiters, allowedHosts: rig.rt.providerHosts.IFRETURNS, timeoutMs: 1000 });
  }

  it("reaches no loopback, private, link-local or metadata address by any path: base URL, label URL, redirect or DNS", async () => {
    const p = await platform();
    const attempts = rig.attempts.length;
    const requests = rig.ifSim.requests.length;
    // The base URL of a simulator saved in development.
    expect(await rejectionOf(p.testConnection())).toMatchObject({ kind: "blocked_destination", reason: "not_https" });
    // Label URLs, literal and named.
    for (const [url, reason] of [
      ["http://169.254.169.254/latest/meta-data/", "not_https"],
      ["https://169.254.169.254/latest/meta-data/", "metadata"],
      ["https://10.0.0.1/label.pdf", "private"],
      ["https://[::ffff:127.0.0.1]/label.pdf", "loopback"],
      ["https://2130706433/label.pdf", "loopback"],
      ["https://labels.evil.test/label.pdf", "loopback"],
      ["https://metadata.evil.test/latest/meta-data/", "metadata"],
      ["https://intranet.evil.test/label.pdf", "private"],
      [`${rig.ifSim.url}/hostile/redirect/3/x`, "not_https"],
    ] as const) {
      expect(await rejectionOf(p.downloadLabel(url)), url).toMatchObject({ kind: "blocked_destination", reason });
    }
    expect(rig.attempts.length).toBe(attempts);
    expect(rig.ifSim.requests.length).toBe(requests);
    expect(rig.ifSim.hostile.canaryHits).toEqual([]);
  });

  it("offers no custom environment to a merchant", async () => {
    const saved = await saveProviderConnection(rig.rt.shop(SHOP), { provider: "IFRETURNS", environment: "custom", baseUrl: "https://api.ifreturns.com/integration/v1/", credential: "t".repeat(20), warehouseAddress: { name: "W", email: "w@example.com", phone: "+34911222333", line1: "Calle 1", city: "Madrid", postalCode: "28001", countryCode: "ES" } });
    expect(saved).toMatchObject({ ok: false, fieldErrors: { environment: "The custom environment exists only in development and the sandbox" } });
    const row = await rig.t.db.providerConnection.findFirstOrThrow({ where: { shop: SHOP } });
    expect(rig.rt.secrets.openJson(row.credentialsEncrypted, credentialsSealContext(SHOP, "IFRETURNS"))).toEqual({ token: rig.ifSim.credential });
  });
});

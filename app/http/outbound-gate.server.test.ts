import { createServer } from "node:https";
import type { AddressInfo } from "node:net";
import { buildConnector } from "undici";
import { describe, expect, it } from "vitest";
import { AppError } from "./errors.server";
import { BlockedDestinationError, createOutboundGate, type OutboundGate, type OutboundGateOptions } from "./outbound-gate.server";
import { LOCALHOST_CERT, LOCALHOST_KEY } from "../../test/http/loopback-tls";
import { controlledResolver, guardedOpener, rejectionOf } from "../../test/http/outbound-stand-ins";
import { gatePerTest } from "../../test/http/gate-per-test";

// Every destination here is a loopback server or refused: the guarded socket opener turns any other address
// into an error, and the stand-ins count the connections they accepted.

const PUBLIC_A = "93.184.216.34";

const { server, track } = gatePerTest();

function makeGate(options: Partial<OutboundGateOptions> & Pick<OutboundGateOptions, "resolve" | "openSocket">): OutboundGate {
  return track(createOutboundGate({ production: true, api: { hosts: ["*.test"] }, ...options }));
}

async function blocked(p: Promise<unknown>): Promise<BlockedDestinationError> {
  const err = await rejectionOf(p);
  expect(err).toBeInstanceOf(BlockedDestinationError);
  return err as BlockedDestinationError;
}

describe("a name that resolves to an internal address", () => {
  it.each([
    ["metadata.test", "169.254.169.254", "metadata"],
    ["intranet.test", "10.0.0.1", "private"],
    ["loopback.test", "127.0.0.1", "loopback"],
    ["mapped.test", "::ffff:127.0.0.1", "loopback"],
    ["half.test", `${PUBLIC_A},10.0.0.1`, "private"],
  ])("%s answering %s is refused as %s before any connection is attempted", async (name, answer, reason) => {
    const internal = await server((_req, res) => res.end("internal secrets"));
    const dns = controlledResolver({ [name]: answer.split(",") });
    const guard = guardedOpener({ [PUBLIC_A]: internal.port });
    const g = makeGate({ resolve: dns.resolve, openSocket: guard.open });
    const err = await blocked(g.fetchThroughGate(`https://${name}:${internal.port}/latest?token=q-secret`, {}, { purpose: "api" }));
    expect(err).toMatchObject({ kind: "blocked_destination", reason, host: name, retryable: false });
    expect(err.message).toContain(name);
    expect(err.message).not.toContain("q-secret");
    expect(JSON.stringify(err.toJSON())).not.toContain("q-secret");
    expect(dns.calls).toEqual([name]);
    expect(guard.attempts).toEqual([]);
    expect(internal.connections).toBe(0);
  });

  it("is refused the same way when the gate's dispatcher is handed to Node's own fetch", async () => {
    const internal = await server((_req, res) => res.end("internal secrets"));
    const dns = controlledResolver({ "metadata.test": ["169.254.169.254"] });
    const guard = guardedOpener();
    const g = makeGate({ resolve: dns.resolve, openSocket: guard.open });
    const init: RequestInit & { dispatcher: unknown } = { dispatcher: g.dispatcher("api") };
    const err = await rejectionOf(fetch(`https://metadata.test:${internal.port}/`, init));
    expect((err as Error & { cause?: unknown }).cause).toBeInstanceOf(BlockedDestinationError);
    expect(guard.attempts).toEqual([]);
    expect(internal.connections).toBe(0);
  });

  it("that first answered a public address is refused when it rebinds to loopback for the next connection", async () => {
    const site = await server((_req, res) => res.writeHead(200, { connection: "close" }).end("public page"));
    const dns = controlledResolver({ "rebind.test": [[PUBLIC_A], ["127.0.0.1"]] });
    const guard = guardedOpener({ [PUBLIC_A]: site.port });
    const g = makeGate({ resolve: dns.resolve, openSocket: guard.open });
    const url = `https://rebind.test:${site.port}/`;
    const first = await g.fetchThroughGate(url, {}, { purpose: "api" });
    expect(first.text()).toBe("public page");
    const err = await blocked(g.fetchThroughGate(url, {}, { purpose: "api" }));
    expect(err).toMatchObject({ reason: "loopback", address: "127.0.0.1" });
    expect(dns.calls).toEqual(["rebind.test", "rebind.test"]);
    expect(guard.attempts).toEqual([PUBLIC_A]);
    expect(site.connections).toBe(1);
  });
});

describe("a literal IP host in any notation", () => {
  it.each([
    ["https://2130706433/", "loopback"],
    ["https://0177.0.0.1/", "loopback"],
    ["https://0x7f.1/", "loopback"],
    ["https://127.1/", "loopback"],
    ["https://0x7f000001/", "loopback"],
    ["https://[::1]/", "loopback"],
    ["https://[::ffff:127.0.0.1]/", "loopback"],
    ["https://[0:0:0:0:0:ffff:a9fe:a9fe]/", "metadata"],
    ["https://169.254.169.254/", "metadata"],
    ["https://0251.0376.0251.0376/", "metadata"],
    ["https://10.1/", "private"],
    ["https://0/", "unspecified"],
    ["https://[64:ff9b::a00:1]/", "private"],
    ["https://[2002:7f00:1::]/", "loopback"],
    ["https://[fe80::1]/", "link_local"],
    ["https://[fd00:ec2::254]/", "metadata"],
  ])("%s is refused as %s without resolving or connecting", async (url, reason) => {
    const dns = controlledResolver({});
    const guard = guardedOpener();
    const g = makeGate({ resolve: dns.resolve, openSocket: guard.open });
    const err = await blocked(g.fetchThroughGate(url, {}, { purpose: "file" }));
    expect(err.reason).toBe(reason);
    expect(dns.calls).toEqual([]);
    expect(guard.attempts).toEqual([]);
  });
});

describe("the policy before any lookup", () => {
  const dns = controlledResolver({});
  const guard = guardedOpener();
  const options = { resolve: dns.resolve, openSocket: guard.open, api: { hosts: ["api.provider.test", "*.rever.test"] } };

  it.each([
    ["https://evil.test/v1/returns", "api", "host_not_allowed"],
    ["https://rever.test/v1", "api", "host_not_allowed"],
    ["http://api.provider.test/v1", "api", "not_https"],
    ["http://labels.cdn.test/label.pdf", "file", "not_https"],
    ["https://labels.cdn.test:8443/label.pdf", "file", "port_not_allowed"],
    ["ftp://api.provider.test/", "api", "scheme"],
    ["file:///etc/passwd", "file", "scheme"],
    ["https://user:pw@api.provider.test/", "api", "credentials_in_url"],
    ["https://[fe80::1%25eth0]/", "file", "bad_url"],
    ["not a url", "file", "bad_url"],
  ] as const)("refuses %s for %s calls (%s)", async (url, purpose, reason) => {
    const g = makeGate(options);
    const err = await blocked(g.fetchThroughGate(url, {}, { purpose }));
    expect(err.reason).toBe(reason);
    expect(dns.calls).toEqual([]);
    expect(guard.attempts).toEqual([]);
  });

  it("accepts subdomains of a *. pattern and narrows API calls to one provider's hosts", () => {
    const g = makeGate(options);
    expect(g.checkUrl("https://eu.api.rever.test/v1", "api").hostname).toBe("eu.api.rever.test");
    expect(() => g.checkUrl("https://eu.api.rever.test/v1", "api", { allowedHosts: ["api.provider.test"] })).toThrow(BlockedDestinationError);
  });

  it("refuses loopback exemptions in production and exemptions naming a non-loopback address anywhere", () => {
    expect(() => createOutboundGate({ production: true, api: { hosts: [] }, allowLoopbackHosts: ["127.0.0.1"] })).toThrow(/production/);
    expect(() => createOutboundGate({ production: false, api: { hosts: [] }, allowLoopbackHosts: ["10.0.0.1"] })).toThrow(/not a loopback/);
    expect(() => createOutboundGate({ production: false, api: { hosts: ["https://api.test/"] } })).toThrow(/host pattern/);
  });
});

describe("allowed loopback hosts outside production", () => {
  it("reach a simulator over http on loopback, for API calls and files alike", async () => {
    const sim = await server((_req, res) => res.end("simulated"));
    const guard = guardedOpener();
    const g = makeGate({ production: false, allowLoopbackHosts: ["127.0.0.1"], api: { hosts: [] }, resolve: controlledResolver({}).resolve, openSocket: guard.open });
    for (const purpose of ["api", "file"] as const) {
      const res = await g.fetchThroughGate(`http://127.0.0.1:${sim.port}/x`, {}, { purpose });
      expect(res).toMatchObject({ status: 200, fromAllowedHost: true });
      expect(res.text()).toBe("simulated");
    }
  });

  it("work through Node's own fetch given the gate's dispatcher", async () => {
    const sim = await server((_req, res) => res.end("simulated"));
    const g = makeGate({ production: false, allowLoopbackHosts: ["127.0.0.1"], resolve: controlledResolver({}).resolve, openSocket: guardedOpener().open });
    const init: RequestInit & { dispatcher: unknown } = { dispatcher: g.dispatcher("file") };
    expect(await (await fetch(`http://127.0.0.1:${sim.port}/label.pdf`, init)).text()).toBe("simulated");
  });

  it("cover loopback only: an allowed name answering a private address is still refused", async () => {
    const dns = controlledResolver({ localhost: ["10.0.0.1"] });
    const guard = guardedOpener();
    const g = makeGate({ production: false, allowLoopbackHosts: ["localhost"], resolve: dns.resolve, openSocket: guard.open });
    const err = await blocked(g.fetchThroughGate("http://localhost:4001/", {}, { purpose: "api" }));
    expect(err).toMatchObject({ reason: "private", address: "10.0.0.1" });
    expect(guard.attempts).toEqual([]);
  });

  it("cover only the port they name", async () => {
    const sim = await server((_req, res) => res.end("simulated"));
    const other = await server((_req, res) => res.end("another service"));
    const guard = guardedOpener();
    const g = makeGate({ production: false, allowLoopbackHosts: [`127.0.0.1:${sim.port}`], resolve: controlledResolver({}).resolve, openSocket: guard.open });
    expect((await g.fetchThroughGate(`http://127.0.0.1:${sim.port}/`, {}, { purpose: "api" })).text()).toBe("simulated");
    const err = await blocked(g.fetchThroughGate(`http://127.0.0.1:${other.port}/`, {}, { purpose: "api" }));
    expect(err.reason).toBe("not_https");
    expect(other.connections).toBe(0);
  });
});

describe("TLS through the gate", () => {
  it("connects to the checked address yet verifies the certificate against the host name", async () => {
    const tls = createServer({ key: LOCALHOST_KEY, cert: LOCALHOST_CERT }, (_req, res) => res.end("over tls"));
    await new Promise<void>((r) => tls.listen(0, "127.0.0.1", r));
    const port = (tls.address() as AddressInfo).port;
    try {
      const dns = controlledResolver({ localhost: ["127.0.0.1"], "sim.localhost": ["127.0.0.1"] });
      const g = makeGate({ production: false, allowLoopbackHosts: ["localhost", "sim.localhost"], resolve: dns.resolve, openSocket: buildConnector({ ca: LOCALHOST_CERT }) });
      expect((await g.fetchThroughGate(`https://localhost:${port}/`, {}, { purpose: "api" })).text()).toBe("over tls");
      // Same address, a name the certificate does not carry: the handshake must fail.
      const err = await rejectionOf(g.fetchThroughGate(`https://sim.localhost:${port}/`, {}, { purpose: "api" }));
      expect(err).toMatchObject({ kind: "unavailable" });
      expect((err as Error).message).toContain("ERR_TLS_CERT_ALTNAME_INVALID");
    } finally {
      tls.closeAllConnections();
      await new Promise((r) => tls.close(r));
    }
  });
});

describe("errors from the gate", () => {
  it("are AppErrors of their own kind that jobs treat as terminal", () => {
    const err = new BlockedDestinationError("metadata.test", "metadata", { service: "download", address: "169.254.169.254" });
    expect(err).toBeInstanceOf(AppError);
    expect(err.toJSON()).toMatchObject({ kind: "blocked_destination", service: "download" });
    expect(err.message).toBe("Refused to connect to metadata.test (169.254.169.254): it resolves to a cloud metadata service address");
  });
});

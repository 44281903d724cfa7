import { afterEach, describe, expect, it } from "vitest";
import { instantClock, testLogger } from "../../test/runtime";
import { createHttpClient } from "./client.server";
import { createOutboundGate, type OutboundGate } from "./outbound-gate.server";
import { controlledResolver, guardedOpener, rejectionOf, standIn, type StandIn } from "../../test/http/outbound-stand-ins";

// How the app's HTTP client uses the gate: a simulator is reachable only on the host:port a call names and
// never in production, credentials go only to hosts that are API hosts, and outside words reach an error only
// from a host the gate trusts (short and redacted).

const PUBLIC_API = "93.184.216.34";
const PUBLIC_CDN = "93.184.216.35";

const gates: OutboundGate[] = [];
const servers: StandIn[] = [];
afterEach(async () => {
  await Promise.all(gates.splice(0).map((g) => g.close()));
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function server(handler: Parameters<typeof standIn>[0]): Promise<StandIn> {
  const s = await standIn(handler);
  servers.push(s);
  return s;
}

function client(production: boolean, standIns: Record<string, number> = {}) {
  const dns = controlledResolver({ localhost: ["127.0.0.1"], "api.provider.test": [PUBLIC_API], "cdn.labels.test": [PUBLIC_CDN] });
  const guard = guardedOpener(standIns);
  const gate = createOutboundGate({ production, api: { hosts: ["api.provider.test"] }, resolve: dns.resolve, openSocket: guard.open });
  gates.push(gate);
  return { http: createHttpClient({ clock: instantClock, log: testLogger(), gate }), guard };
}

describe("a simulator on loopback", () => {
  it("is reachable outside production on the host:port the call names, and on no other port", async () => {
    const sim = await server((_req, res) => res.writeHead(200, { "content-type": "application/json" }).end("{}"));
    const other = await server((_req, res) => res.end("{}"));
    const { http } = client(false);
    const access = { purpose: "api" as const, loopbackHosts: [`127.0.0.1:${sim.port}`] };
    await expect(http.request({ service: "ifreturns", access, method: "GET", url: `http://127.0.0.1:${sim.port}/v1`, retry: false })).resolves.toMatchObject({ status: 200 });
    const err = await rejectionOf(http.request({ service: "ifreturns", access, method: "GET", url: `http://127.0.0.1:${other.port}/v1`, retry: false }));
    expect(err).toMatchObject({ kind: "blocked_destination", reason: "not_https" });
    expect(other.connections).toBe(0);
  });

  it("is never reachable through a production gate, whatever the call names", async () => {
    const sim = await server((_req, res) => res.end("{}"));
    const { http, guard } = client(true);
    const err = await rejectionOf(http.request({ service: "ifreturns", access: { purpose: "api", loopbackHosts: [`127.0.0.1:${sim.port}`] }, method: "GET", url: `http://127.0.0.1:${sim.port}/v1`, retry: false }));
    expect(err).toMatchObject({ kind: "blocked_destination" });
    expect(guard.attempts).toEqual([]);
    expect(sim.connections).toBe(0);
  });
});

describe("credentials", () => {
  it("go to a host named for them only when it is an API host: a label CDN named there still gets none", async () => {
    const site = await server((_req, res) => res.writeHead(200, { "content-type": "application/pdf" }).end("%PDF-1.7"));
    const { http } = client(true, { [PUBLIC_API]: site.port, [PUBLIC_CDN]: site.port });
    const headers = { authorization: "Bearer provider-token-123456", "x-rever-api-key": "rever-key-123456" };
    for (const url of ["https://api.provider.test/label.pdf", "https://cdn.labels.test/label.pdf"]) {
      await http.request({ service: "download", access: { purpose: "file", credentialsHosts: ["api.provider.test", "cdn.labels.test"] }, method: "GET", url, headers, raw: true, retry: false });
    }
    const [api, cdn] = site.requests;
    expect(api.headers).toMatchObject({ authorization: "Bearer provider-token-123456", "x-rever-api-key": "rever-key-123456" });
    expect(cdn.headers.authorization).toBeUndefined();
    expect(cdn.headers["x-rever-api-key"]).toBeUndefined();
  });
});

describe("outside error text", () => {
  it("is shown only from a host the gate trusts, short and without the credential it was sent", async () => {
    const long = `token provider-token-123456 refused; ${"x".repeat(5000)}`;
    const site = await server((req, res) => res.writeHead(500, { "content-type": "text/plain" }).end(req.headers.host === "cdn.labels.test" ? "<html>internal admin page: SECRET</html>" : long));
    const { http } = client(true, { [PUBLIC_API]: site.port, [PUBLIC_CDN]: site.port });
    const fromApi = await rejectionOf(http.request({ service: "ifreturns", access: { purpose: "api", credentialsHosts: ["api.provider.test"] }, method: "GET", url: "https://api.provider.test/v1", headers: { authorization: "Bearer provider-token-123456" }, retry: false }));
    expect((fromApi as Error).message).toMatch(/^ifreturns answered 500: token \[REDACTED\] refused; x+…/);
    expect((fromApi as Error).message.length).toBeLessThan(400);
    const fromCdn = await rejectionOf(http.request({ service: "download", access: { purpose: "file" }, method: "GET", url: "https://cdn.labels.test/label.pdf", raw: true, retry: false }));
    expect((fromCdn as Error).message).toBe("download answered 500: Internal Server Error");
    expect(fromCdn).toMatchObject({ status: 500, body: undefined });
  });
});

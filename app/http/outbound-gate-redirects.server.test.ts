import { describe, expect, it } from "vitest";
import { BlockedDestinationError, createOutboundGate, errorExcerpt } from "./outbound-gate.server";
import { controlledResolver, guardedOpener, rejectionOf } from "../../test/http/outbound-stand-ins";
import { gatePerTest } from "../../test/http/gate-per-test";

// Redirects are followed by hand: every hop is checked again (scheme, host list, address) and only hosts
// allowed credentials receive them. "Public" hosts are loopback stand-ins reached through the guarded opener.

const PUBLIC_A = "93.184.216.34";
const PUBLIC_B = "93.184.216.35";

const { server, track } = gatePerTest();

/** One stand-in plays the provider's API host (PUBLIC_A) and a label CDN (PUBLIC_B), told apart by Host. */
async function world(routes: Record<string, (res: import("node:http").ServerResponse, port: number) => void>) {
  const site = await server((req, res) => {
    const route = routes[`${req.headers.host}${req.url}`];
    if (route) route(res, site.port);
    else res.writeHead(404).end("no route");
  });
  const dns = controlledResolver({
    "api.provider.test": [PUBLIC_A],
    "cdn.labels.test": [PUBLIC_B],
    "metadata.internal.test": ["169.254.169.254"],
  });
  const guard = guardedOpener({ [PUBLIC_A]: site.port, [PUBLIC_B]: site.port });
  const gate = track(createOutboundGate({ production: true, api: { hosts: ["api.provider.test"] }, resolve: dns.resolve, openSocket: guard.open }));
  return { site, dns, guard, gate };
}

const redirect = (location: string, status = 302) => (res: import("node:http").ServerResponse) => res.writeHead(status, { location }).end();

describe("a redirect from a public host toward an internal one", () => {
  it.each([
    ["https://metadata.internal.test/latest/meta-data/iam/security-credentials/role", "metadata"],
    ["https://2130706433/latest/meta-data/", "loopback"],
    ["https://[::ffff:a9fe:a9fe]/latest/meta-data/", "metadata"],
    ["http://127.0.0.1:INTERNAL/admin", "not_https"],
    ["gopher://cdn.labels.test/", "scheme"],
  ])("to %s is refused (%s) and the internal service is never reached", async (target, reason) => {
    const internal = await server((_req, res) => res.end("AccessKeyId: AKIA..."));
    const { site, guard, gate } = await world({ "cdn.labels.test/label.pdf": redirect(target.replace("INTERNAL", String(internal.port))) });
    const err = await rejectionOf(gate.fetchThroughGate("https://cdn.labels.test/label.pdf", {}, { purpose: "file" }));
    expect(err).toBeInstanceOf(BlockedDestinationError);
    expect(err).toMatchObject({ kind: "blocked_destination", reason, service: "download" });
    expect(guard.attempts).toEqual([PUBLIC_B]);
    expect(site.requests).toHaveLength(1);
    expect(internal.connections).toBe(0);
  });

  it("refuses an API call redirected to a host off the provider's list", async () => {
    const { guard, gate } = await world({ "api.provider.test/v1/returns": redirect("https://cdn.labels.test/elsewhere") });
    const err = await rejectionOf(gate.fetchThroughGate("https://api.provider.test/v1/returns", {}, { purpose: "api" }));
    expect(err).toMatchObject({ reason: "host_not_allowed", host: "cdn.labels.test" });
    expect(guard.attempts).toEqual([PUBLIC_A]);
  });
});

describe("credentials across redirects", () => {
  const secretHeaders = { authorization: "Bearer tok-0123456789", "x-rever-api-key": "rever-key-0123456789", accept: "application/pdf" };

  it("are sent to the provider's API host and dropped on the hop to another host", async () => {
    const { site, gate } = await world({
      "api.provider.test/labels/1": redirect("https://cdn.labels.test/l/1.pdf"),
      "cdn.labels.test/l/1.pdf": (res) => res.writeHead(200, { "content-type": "application/pdf" }).end("%PDF-1.4"),
    });
    const res = await gate.fetchThroughGate("https://api.provider.test/labels/1", { headers: secretHeaders }, { purpose: "file", credentialsHosts: ["api.provider.test"] });
    expect(res).toMatchObject({ status: 200, redirects: 1 });
    expect(res.url.hostname).toBe("cdn.labels.test");
    const [api, cdn] = site.requests;
    expect(api.headers).toMatchObject({ authorization: secretHeaders.authorization, "x-rever-api-key": secretHeaders["x-rever-api-key"] });
    expect(cdn.host).toBe("cdn.labels.test");
    expect(cdn.headers.authorization).toBeUndefined();
    expect(cdn.headers["x-rever-api-key"]).toBeUndefined();
    expect(cdn.headers.accept).toBe("application/pdf");
  });

  it("are kept on a redirect that stays on the API host", async () => {
    const { site, gate } = await world({
      "api.provider.test/labels/1": redirect("/labels/1/file"),
      "api.provider.test/labels/1/file": (res) => res.end("%PDF-1.4"),
    });
    await gate.fetchThroughGate("https://api.provider.test/labels/1", { headers: secretHeaders }, { purpose: "file", credentialsHosts: ["api.provider.test"] });
    expect(site.requests.map((r) => r.headers.authorization)).toEqual([secretHeaders.authorization, secretHeaders.authorization]);
  });

  it("are never sent to a label host that is not the API host, even on the first request", async () => {
    const { site, gate } = await world({ "cdn.labels.test/l/1.pdf": (res) => res.end("%PDF-1.4") });
    await gate.fetchThroughGate("https://cdn.labels.test/l/1.pdf", { headers: secretHeaders }, { purpose: "file", credentialsHosts: ["api.provider.test"] });
    expect(site.requests[0].headers.authorization).toBeUndefined();
    expect(site.requests[0].headers["x-rever-api-key"]).toBeUndefined();
  });
});

describe("redirect methods and limits", () => {
  it("continues a POST answered 303 as a GET without its body", async () => {
    const { site, gate } = await world({
      "api.provider.test/v1/returns": redirect("/v1/returns/7", 303),
      "api.provider.test/v1/returns/7": (res) => res.end("{}"),
    });
    const init = { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ order: 1 }) };
    await gate.fetchThroughGate("https://api.provider.test/v1/returns", init, { purpose: "api", credentialsHosts: ["api.provider.test"] });
    expect(site.requests.map((r) => [r.method, r.bodyBytes, r.headers["content-type"]])).toEqual([
      ["POST", Buffer.byteLength(init.body), "application/json"],
      ["GET", 0, undefined],
    ]);
  });

  it("repeats a POST and its body on 307", async () => {
    const { site, gate } = await world({
      "api.provider.test/v1/returns": redirect("/v2/returns", 307),
      "api.provider.test/v2/returns": (res) => res.end("{}"),
    });
    const body = JSON.stringify({ order: 1 });
    await gate.fetchThroughGate("https://api.provider.test/v1/returns", { method: "POST", body }, { purpose: "api" });
    expect(site.requests.map((r) => [r.method, r.bodyBytes])).toEqual([
      ["POST", body.length],
      ["POST", body.length],
    ]);
  });

  it.each([
    [undefined, 6],
    [2, 3],
    [50, 6],
  ])("stops a redirect loop (maxRedirects %s) after %s requests", async (maxRedirects, requests) => {
    const { site, gate } = await world({ "api.provider.test/loop": redirect("/loop") });
    const err = await rejectionOf(gate.fetchThroughGate("https://api.provider.test/loop", {}, { purpose: "api", maxRedirects }));
    expect(err).toMatchObject({ kind: "blocked_destination", reason: "redirect_limit" });
    expect(site.requests).toHaveLength(requests);
  });
});

describe("error text from outside", () => {
  it("is shown redacted and short from the provider's host, and not at all from any other host", async () => {
    const { gate } = await world({
      "api.provider.test/v1/returns": (res) => res.writeHead(400).end(`{"message":"bad token tok-0123456789"} ${"x".repeat(1000)}`),
      "cdn.labels.test/l/1.pdf": (res) => res.writeHead(500).end("upstream 10.0.0.5 stack trace"),
    });
    const api = await gate.fetchThroughGate("https://api.provider.test/v1/returns", {}, { purpose: "api" });
    const excerpt = errorExcerpt(api, 60, ["tok-0123456789"]) ?? "";
    expect(excerpt).toContain("[REDACTED]");
    expect(excerpt).not.toContain("tok-0123456789");
    expect(excerpt.length).toBeLessThan(100);
    const cdn = await gate.fetchThroughGate("https://cdn.labels.test/l/1.pdf", {}, { purpose: "file" });
    expect(cdn).toMatchObject({ status: 500, fromAllowedHost: false });
    expect(errorExcerpt(cdn)).toBeUndefined();
  });
});

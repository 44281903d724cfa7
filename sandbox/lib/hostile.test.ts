import { afterEach, describe, expect, it, vi } from "vitest";
import { createHostile, METADATA_URL, PRIVATE_URL, REBINDING_HOST, JAVASCRIPT_URL, type Hostile, type HostileBehaviour, type HostileTuning } from "./hostile";
import { hugeStream, trickleStream } from "./hostile-streams";
import { startSimServer, type SimServer } from "./sim-server";

// The hostile behaviours, one at a time. No test here fetches or resolves an address off this machine: the
// internal URLs are only compared, and the ones on this machine lead to the canary listener.

let server: SimServer | undefined;
let hostile: Hostile | undefined;
afterEach(async () => {
  await server?.close();
  await hostile?.close();
  server = hostile = undefined;
});

async function start(behaviours: HostileBehaviour[], tuning: HostileTuning = {}, answerEvery = 1) {
  let origin = "";
  hostile = await createHostile(behaviours, answerEvery, tuning, () => origin);
  const h = hostile;
  const s = await startSimServer({
    name: "hostile-test",
    basePath: "/api",
    authenticate: () => null,
    errorBody: (status, message) => ({ status, message }),
    transformAnswer: h.transformAnswer,
    routes: [
      { method: "GET", path: "/labels/:id", handler: (req) => ({ status: 200, json: { url: h.labelUrl(`${origin}/files/${req.params.id}.pdf`, req.params.id), tracking: h.trackingUrl("https://carrier.example/1") } }) },
      ...h.routes,
    ],
  });
  server = s;
  origin = s.url;
  return { server: s, hostile: h, label: async (id: string) => (await (await fetch(`${s.url}/labels/${id}`)).json()) as { url: string; tracking: string } };
}

describe("hostile label URLs", () => {
  it("hands out each internal address in turn, the same URL again for the same label, and lists them all", async () => {
    const { hostile: h, label } = await start(["metadata-url", "loopback-url", "private-url", "rebinding-name"]);
    const urls = [(await label("a")).url, (await label("b")).url, (await label("c")).url, (await label("d")).url, (await label("a")).url];
    const canaryPort = new URL(h.surface.canaryUrl!).port;
    expect(urls).toEqual([METADATA_URL, h.surface.canaryUrl, PRIVATE_URL, `http://${REBINDING_HOST}:${canaryPort}/label.pdf`, METADATA_URL]);
    expect(h.surface.emitted).toEqual(urls.slice(0, 4));
    expect(h.surface.internalUrls).toEqual(expect.arrayContaining(urls.slice(0, 4)));
    expect(h.surface.hosts).toEqual({ [REBINDING_HOST]: "127.0.0.1" });
  });

  it("leaves label and tracking URLs alone when no URL behaviour is on", async () => {
    const { server: s, label } = await start(["huge-answer"], {}, 1000);
    expect(await label("a")).toEqual({ url: `${s.url}/files/a.pdf`, tracking: "https://carrier.example/1" });
  });

  it("gives javascript: tracking URLs", async () => {
    const { label } = await start(["javascript-tracking-url"]);
    expect((await label("a")).tracking).toBe(JAVASCRIPT_URL);
  });

  it("redirects three times on the provider's own origin, the last hop into the canary, which records credentials sent to it", async () => {
    const { server: s, hostile: h, label } = await start(["redirect-chain"]);
    let url = (await label("a")).url;
    const hops: string[] = [];
    while (url.startsWith(s.origin)) {
      const res = await fetch(url, { redirect: "manual" });
      expect(res.status).toBe(302);
      url = new URL(res.headers.get("location")!, url).toString();
      hops.push(url);
    }
    expect(hops).toHaveLength(3);
    expect(url).toBe(`${h.surface.canaryUrl}latest/meta-data/`);
    expect(s.requests.every((r) => r.kind === "label-file" || r.route === "/api/labels/:id")).toBe(true);
    await fetch(url, { headers: { authorization: "Bearer secret" } });
    expect(h.surface.canaryHits).toEqual([{ method: "GET", path: "/latest/meta-data/", host: new URL(url).host, sentCredentials: true }]);
  });

  it.each([
    ["html-label", "text/html; charset=utf-8", /<script>/],
    ["svg-label", "image/svg+xml", /<svg[^>]*>.*<script>/],
  ] as const)("serves %s with a script behind a URL ending in .pdf", async (behaviour, contentType, body) => {
    const { label } = await start([behaviour]);
    const { url } = await label("a");
    expect(url).toMatch(/\.pdf$/);
    const res = await fetch(url);
    expect(res.headers.get("content-type")).toBe(contentType);
    expect(await res.text()).toMatch(body);
  });

  it("announces a 1 GiB label, streams it, and stops making it when the client hangs up", async () => {
    const { hostile: h, label } = await start(["huge-label"]);
    const res = await fetch((await label("a")).url);
    expect(res.headers.get("content-length")).toBe(String(2 ** 30));
    const reader = res.body!.getReader();
    let read = 0;
    while (read < 4 * 1024 * 1024) read += (await reader.read()).value!.length;
    expect(h.surface.openStreams()).toBe(1);
    await reader.cancel();
    await vi.waitFor(() => expect(h.surface.openStreams()).toBe(0));
  });

  it("sends a trickled label's first byte alone", async () => {
    const { hostile: h, label } = await start(["trickle-label"], { trickleIntervalMs: 60_000 });
    const res = await fetch((await label("a")).url);
    const reader = res.body!.getReader();
    expect(Buffer.from((await reader.read()).value!).toString("latin1")).toBe("%");
    await reader.cancel();
    await vi.waitFor(() => expect(h.surface.openStreams()).toBe(0));
  });
});

describe("hostile API answers", () => {
  it("pads every n-th answer with whitespace to the huge size, still valid JSON", async () => {
    await start(["huge-answer"], { hugeBytes: 300_000 }, 2);
    const plain = await fetch(`${server!.url}/labels/a`);
    expect(plain.headers.get("content-length")).not.toBe("300000");
    const huge = await fetch(`${server!.url}/labels/a`);
    expect(huge.headers.get("content-length")).toBe("300000");
    const text = await huge.text();
    expect(text).toHaveLength(300_000);
    expect(JSON.parse(text)).toEqual(await plain.json());
  });

  it("trickles an answer that still parses once complete", async () => {
    await start(["trickle-answer"], { trickleIntervalMs: 1 });
    const res = await fetch(`${server!.url}/labels/a`);
    expect(JSON.parse(await res.text())).toMatchObject({ url: expect.stringContaining("/files/a.pdf") });
  });
});

describe("hostile streams", () => {
  it("makes a huge body from one reused block", async () => {
    const chunks: Buffer[] = [];
    for await (const c of hugeStream(Buffer.from("head"), 200_000)) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks)).toHaveLength(200_000);
    expect(Buffer.concat(chunks).subarray(0, 4).toString()).toBe("head");
    expect(new Set(chunks.slice(1, -1).map((c) => c.buffer)).size).toBe(1);
  });

  it("trickles one byte per chunk, in order", async () => {
    const chunks: Buffer[] = [];
    for await (const c of trickleStream(Buffer.from("hello"), 0)) chunks.push(c as Buffer);
    expect(chunks.map((c) => c.toString())).toEqual(["h", "e", "l", "l", "o"]);
  });
});

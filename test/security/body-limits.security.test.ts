import { request as httpRequest } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BROWSER_UA, extensionHeaders, startAppServer, startSecurityRig, type SecurityRig } from "./rig";

// Bodies of 1 GiB sent to the app: refused with 413 before the cap is crossed in memory (the process grows by less
// than 64 MB over its resting size), never a 500, and the connection closes instead of reading the rest.

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

interface Sent {
  status: number;
  body: string;
  connection: string | undefined;
  /** How much of the gigabyte left before the answer stopped the sender. */
  sentBytes: number;
}

/** Streams up to `total` bytes (chunked, or with `declared` as Content-Length) and stops at the answer. */
function sendHuge(url: string, headers: Record<string, string>, opts: { total: number; declared?: number }): Promise<Sent> {
  return new Promise((resolve, reject) => {
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    let sentBytes = 0;
    let answered = false;
    const req = httpRequest(url, { method: "POST", headers: { ...headers, ...(opts.declared === undefined ? { "transfer-encoding": "chunked" } : { "content-length": String(opts.declared) }) } });
    const pump = () => {
      while (!answered && sentBytes < opts.total) {
        sentBytes += chunk.length;
        if (!req.write(chunk)) return void req.once("drain", pump);
      }
      if (!answered) req.end();
    };
    req.on("response", (res) => {
      answered = true;
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (d: string) => (body += d));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body, connection: res.headers.connection, sentBytes }));
      res.on("error", reject);
    });
    // The server closing its side after answering is expected; an error before any answer is not.
    req.on("error", (err) => (answered ? undefined : reject(err)));
    pump();
  });
}

describe("a 1 GiB body", () => {
  let rig: SecurityRig;
  let server: Awaited<ReturnType<typeof startAppServer>>;
  let returnId: string;
  beforeAll(async () => {
    rig = await startSecurityRig();
    server = await startAppServer(rig.rt);
    returnId = (await rig.seedReturn()).id.split("/").pop()!;
    // Warm the paths measured below, so their code is not counted as growth.
    await sendHuge(`${server.url}/api/returns/${returnId}/label`, { ...(await extensionHeaders(rig.rt)), "content-type": "application/json" }, { total: 32 * MiB });
    await sendHuge(`${server.url}/app/settings`, { "content-type": "application/x-www-form-urlencoded", "user-agent": BROWSER_UA }, { total: 2 * MiB });
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    await rig?.close();
  });

  it("posted chunked to the extension API is answered 413, growing the process by less than 64 MB", async () => {
    const before = process.memoryUsage().rss;
    const res = await sendHuge(`${server.url}/api/returns/${returnId}/label`, { ...(await extensionHeaders(rig.rt)), "content-type": "application/json" }, { total: GiB });
    const grown = process.memoryUsage().rss - before;
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body)).toEqual({ error: { kind: "too_large", message: `The request body is larger than ${16 * MiB} bytes: it was not read`, retryable: false, service: "api" } });
    expect(res.connection).toBe("close");
    expect(grown).toBeLessThan(64 * MiB);
    expect(res.sentBytes).toBeLessThan(GiB / 4);
    expect(await rig.t.db.shipment.count()).toBe(0);
  });

  it("posted chunked to an embedded page's form is answered 413 with what happened, growing the process by less than 64 MB", async () => {
    const before = process.memoryUsage().rss;
    const res = await sendHuge(`${server.url}/app/settings`, { "content-type": "application/x-www-form-urlencoded", "user-agent": BROWSER_UA }, { total: GiB });
    const grown = process.memoryUsage().rss - before;
    expect(res.status).toBe(413);
    expect(res.body).toBe("The form is larger than 256 KB, so it was not read. Nothing was saved.");
    expect(res.connection).toBe("close");
    expect(grown).toBeLessThan(64 * MiB);
    expect(res.sentBytes).toBeLessThan(GiB / 4);
  });

  it("announced in Content-Length is refused before a byte of it is read", async () => {
    const api = await sendHuge(`${server.url}/api/returns/${returnId}/label`, { ...(await extensionHeaders(rig.rt)), "content-type": "application/json" }, { total: 4 * MiB, declared: GiB });
    const form = await sendHuge(`${server.url}/app/settings`, { "content-type": "application/x-www-form-urlencoded", "user-agent": BROWSER_UA }, { total: 4 * MiB, declared: GiB });
    expect([api.status, form.status]).toEqual([413, 413]);
  });

  it("sent without credentials is refused (401) without being read", async () => {
    const res = await sendHuge(`${server.url}/api/returns/${returnId}/label`, { "content-type": "application/json", origin: "https://extensions.shopifycdn.com", "user-agent": BROWSER_UA }, { total: 256 * MiB });
    expect(res.status).toBe(401);
    expect(res.connection).toBe("close");
    expect(res.sentBytes).toBeLessThan(256 * MiB);
  });
});

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { brotliCompressSync, gunzipSync, gzipSync } from "node:zlib";
import type { ServerBuild } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../logger.server";
import { createAppServer, sendFetchResponse } from "./node-server.server";

// What the production server sends: built assets compressed at build time when the browser takes them, and
// pages gzipped as they stream.

/** A raw GET (Node's fetch would decompress and hide the encoding). */
function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    request(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    })
      .on("error", reject)
      .end();
  });
}

describe("production server", () => {
  let dir: string;
  let server: Server;
  let base: string;
  const css = Buffer.from(".Polaris-Page{margin:0 auto}".repeat(100));

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "rb-static-"));
    mkdirSync(path.join(dir, "assets"));
    writeFileSync(path.join(dir, "assets", "styles.css"), css);
    writeFileSync(path.join(dir, "assets", "styles.css.br"), brotliCompressSync(css));
    writeFileSync(path.join(dir, "assets", "styles.css.gz"), gzipSync(css));
    writeFileSync(path.join(dir, "assets", "plain.js"), "export {};");
    const build = (async () => {
      throw new Error("no page in this test");
    }) as unknown as () => Promise<ServerBuild>;
    server = createAppServer({ build, clientDir: dir, mode: "production", loadContext: {} as never, log: createLogger({ sink: () => undefined, level: "error" }) });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise<void>((r) => server.close(() => r()));
    rmSync(dir, { recursive: true, force: true });
  });

  it("sends the brotli file to a browser that takes brotli, gzip to one that takes gzip only, the file itself otherwise", async () => {
    const br = await get(`${base}/assets/styles.css`, { "accept-encoding": "gzip, deflate, br" });
    expect([br.headers["content-encoding"], br.headers.vary, Number(br.headers["content-length"])]).toEqual(["br", "Accept-Encoding", br.body.length]);
    expect(br.body.length).toBeLessThan(css.length / 5);
    const gz = await get(`${base}/assets/styles.css`, { "accept-encoding": "gzip;q=1.0, br;q=0" });
    expect(gz.headers["content-encoding"]).toBe("gzip");
    expect(gunzipSync(gz.body).equals(css)).toBe(true);
    const plain = await get(`${base}/assets/styles.css`);
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(plain.body.equals(css)).toBe(true);
    expect(plain.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
  });

  it("sends a file with no compressed sibling as it is, whatever the browser takes", async () => {
    const js = await get(`${base}/assets/plain.js`, { "accept-encoding": "br, gzip" });
    expect(js.headers["content-encoding"]).toBeUndefined();
    expect(js.body.toString()).toBe("export {};");
  });

  it("gzips a page as it streams, and leaves other answers alone", async () => {
    const html = "<!DOCTYPE html><html><body>" + "<p>Devolución</p>".repeat(200) + "</body></html>";
    const pages = createServer((req, res) => {
      const type = req.url === "/data" ? "application/json" : "text/html; charset=utf-8";
      void sendFetchResponse(res, new Response(req.url === "/data" ? "{}" : html, { headers: { "content-type": type } }), { gzip: true });
    });
    await new Promise<void>((r) => pages.listen(0, "127.0.0.1", () => r()));
    const url = `http://127.0.0.1:${(pages.address() as AddressInfo).port}`;
    try {
      const page = await get(`${url}/page`);
      expect(page.headers["content-encoding"]).toBe("gzip");
      expect(gunzipSync(page.body).toString()).toBe(html);
      expect((await get(`${url}/data`)).headers["content-encoding"]).toBeUndefined();
    } finally {
      await new Promise<void>((r) => pages.close(() => r()));
    }
  });
});

import { createServer, request as httpRequest, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { readCappedBody } from "./read-capped.server";
import { rejectionOf } from "../../test/http/outbound-stand-ins";

const KiB = 1024;
const MiB = 1024 * KiB;
const GiB = 1024 * MiB;

/** A web stream of `total` bytes made on demand, in fresh 64 KiB chunks, counting what was pulled. */
function generated(total: number) {
  const state = { pulledBytes: 0, cancelled: false };
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(c) {
        const n = Math.min(64 * KiB, total - state.pulledBytes);
        state.pulledBytes += n;
        c.enqueue(new Uint8Array(n).fill(7));
        if (state.pulledBytes >= total) c.close();
      },
      cancel() {
        state.cancelled = true;
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, state };
}

describe("readCappedBody on web streams", () => {
  it("returns every byte of a body within the cap, including one exactly at the cap", async () => {
    const { stream } = generated(200 * KiB);
    const read = await readCappedBody(stream, 200 * KiB);
    expect(read.ok && read.bytes.length).toBe(200 * KiB);
    expect(read.ok && read.bytes.every((b) => b === 7)).toBe(true);
  });

  it("refuses a body one byte over the cap", async () => {
    const read = await readCappedBody(generated(200 * KiB + 1).stream, 200 * KiB);
    expect(read).toMatchObject({ ok: false, reason: "too_large", limit: 200 * KiB, received: 192 * KiB });
  });

  it("cancels the stream it refuses, so the sender is told to stop", async () => {
    const { stream, state } = generated(GiB);
    await readCappedBody(stream, 200 * KiB);
    expect(state.cancelled).toBe(true);
  });

  it("refuses a 1 GB body at the cap, growing the process by less than 64 MB", async () => {
    await readCappedBody(generated(4 * MiB).stream, 8 * MiB); // warm the code path before measuring
    const before = process.memoryUsage().rss;
    const { stream, state } = generated(GiB);
    const read = await readCappedBody(stream, 16 * MiB);
    const grown = process.memoryUsage().rss - before;
    expect(read).toMatchObject({ ok: false, reason: "too_large" });
    expect(read.ok === false && read.received).toBeLessThanOrEqual(16 * MiB);
    expect(state.pulledBytes).toBeLessThanOrEqual(16 * MiB + 64 * KiB);
    expect(state.cancelled).toBe(true);
    expect(grown).toBeLessThan(64 * MiB);
  });

  it("refuses on the announced length without reading a byte", async () => {
    const { stream, state } = generated(GiB);
    const read = await readCappedBody(new Response(stream, { headers: { "content-length": String(GiB) } }), MiB);
    expect(read).toEqual({ ok: false, reason: "too_large", limit: MiB, received: 0, declared: GiB });
    expect(state.pulledBytes).toBe(0);
    expect(state.cancelled).toBe(true);
  });

  it("stops with the signal's reason when the deadline fires mid-body", async () => {
    const deadline = new AbortController();
    const stream = new ReadableStream<Uint8Array>(
      {
        pull() {
          deadline.abort(new Error("deadline"));
          return new Promise<void>(() => {}); // a sender that went quiet
        },
      },
      { highWaterMark: 0 },
    );
    const err = await rejectionOf(readCappedBody(stream, MiB, { signal: deadline.signal }));
    expect((err as Error).message).toBe("deadline");
  });

  it("answers an empty body for a missing stream", async () => {
    const read = await readCappedBody(null, 10);
    expect(read.ok && read.bytes.length).toBe(0);
  });
});

describe("readCappedBody on Node streams", () => {
  it("returns the bytes of text chunks as UTF-8", async () => {
    const read = await readCappedBody(Readable.from(["héllo ", "wörld"]), 100);
    expect(read.ok && new TextDecoder().decode(read.bytes)).toBe("héllo wörld");
  });

  it("stops at the cap and leaves the stream paused, not destroyed, so a 413 can still be written", async () => {
    let pulled = 0;
    const source = Readable.from(
      (function* () {
        for (;;) {
          pulled++;
          yield Buffer.alloc(64 * KiB);
        }
      })(),
    );
    const read = await readCappedBody(source, MiB);
    expect(read).toMatchObject({ ok: false, reason: "too_large", limit: MiB });
    expect(source.isPaused()).toBe(true);
    expect(source.destroyed).toBe(false);
    expect(pulled * 64 * KiB).toBeLessThan(4 * MiB);
    source.destroy();
  });

  it("rejects a body whose stream closed before its end", async () => {
    const source = new Readable({ read() {} });
    source.push(Buffer.from("partial"));
    const pending = readCappedBody(source, MiB);
    source.destroy();
    expect(((await rejectionOf(pending)) as Error).message).toMatch(/before it was complete/);
  });

  it("stops with the signal's reason when aborted", async () => {
    const deadline = new AbortController();
    const source = new Readable({
      read() {
        deadline.abort(new Error("deadline"));
      },
    });
    const err = await rejectionOf(readCappedBody(source, MiB, { signal: deadline.signal }));
    expect((err as Error).message).toBe("deadline");
    source.destroy();
  });
});

describe("readCappedBody on an inbound request", () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await close?.();
    close = undefined;
  });

  it("answers too large from the request's Content-Length, so the route can reply 413 before any body arrives", async () => {
    const seen: { declared?: number; received?: number } = {};
    const server = createServer(async (req: IncomingMessage, res) => {
      const read = await readCappedBody(req, MiB);
      if (read.ok) return res.end("read");
      Object.assign(seen, { declared: read.declared, received: read.received });
      res.writeHead(413, { connection: "close" }).end();
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    close = () => new Promise((r) => (server.closeAllConnections(), server.close(() => r())));
    const port = (server.address() as AddressInfo).port;
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest({ host: "127.0.0.1", port, method: "POST", headers: { "content-length": String(GiB) } }, (res) => {
        resolve(res.statusCode ?? 0);
        req.destroy();
      });
      req.on("error", reject);
      req.flushHeaders();
    });
    expect(status).toBe(413);
    expect(seen).toEqual({ declared: GiB, received: 0 });
  });
});

import { createHash, randomBytes } from "node:crypto";
import type { ServerResponse } from "node:http";
import { Readable, pipeline } from "node:stream";
import { gzipSync } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import { createOutboundGate, ResponseTooLargeError, type OutboundGate } from "./outbound-gate.server";
import { controlledResolver, guardedOpener, rejectionOf, standIn, type StandIn } from "../../test/http/outbound-stand-ins";

// Size and time limits on what comes back, against a loopback simulator the policy allows (development mode).

const KiB = 1024;
const MiB = 1024 * KiB;
const GiB = 1024 * MiB;

let gate: OutboundGate | undefined;
let sim: StandIn | undefined;
afterEach(async () => {
  await gate?.close();
  await sim?.close();
  gate = undefined;
  sim = undefined;
});

async function simulator(handler: (path: string, res: ServerResponse) => void) {
  sim = await standIn((req, res) => handler(req.url ?? "/", res));
  gate = createOutboundGate({ production: false, api: { hosts: [] }, allowLoopbackHosts: ["127.0.0.1"], resolve: controlledResolver({}).resolve, openSocket: guardedOpener().open });
  return { gate, base: `http://127.0.0.1:${sim.port}` };
}

/** Streams `total` bytes in fresh 64 KiB chunks as the socket drains, counting what it produced. */
function streamBody(res: ServerResponse, total: number, produced: { bytes: number }) {
  const source = Readable.from(
    (function* () {
      while (produced.bytes < total) {
        produced.bytes += 64 * KiB;
        yield Buffer.alloc(64 * KiB, 0x25);
      }
    })(),
  );
  pipeline(source, res, () => {});
}

describe("a response body larger than the cap", () => {
  it("is refused when 1 GB streams without a length, growing the process by less than 64 MB", async () => {
    const produced = { bytes: 0 };
    const { gate, base } = await simulator((path, res) => {
      res.writeHead(200, { "content-type": "application/pdf" });
      streamBody(res, path === "/warm" ? 2 * MiB : GiB, produced);
    });
    await gate.fetchThroughGate(`${base}/warm`, {}, { purpose: "file", maxBytes: 8 * MiB }); // warm the code path
    const before = process.memoryUsage().rss;
    const err = await rejectionOf(gate.fetchThroughGate(`${base}/label.pdf`, {}, { purpose: "file", maxBytes: 8 * MiB }));
    const grown = process.memoryUsage().rss - before;
    expect(err).toBeInstanceOf(ResponseTooLargeError);
    expect(err).toMatchObject({ kind: "too_large", limit: 8 * MiB, retryable: false, service: "download" });
    expect(grown).toBeLessThan(64 * MiB);
    expect(produced.bytes).toBeLessThan(GiB / 4);
  });

  it("is refused on its announced Content-Length before the body is read", async () => {
    const produced = { bytes: 0 };
    const { gate, base } = await simulator((_path, res) => {
      res.writeHead(200, { "content-length": String(GiB) });
      streamBody(res, GiB, produced);
    });
    const err = await rejectionOf(gate.fetchThroughGate(`${base}/label.pdf`, {}, { purpose: "file", maxBytes: MiB }));
    expect(err).toMatchObject({ kind: "too_large" });
    expect((err as Error).message).toContain(`announced ${GiB}`);
  });

  it("is measured after decompression, so a small gzip that inflates past the cap is refused", async () => {
    const bomb = gzipSync(Buffer.alloc(16 * MiB));
    const { gate, base } = await simulator((_path, res) => res.writeHead(200, { "content-encoding": "gzip", "content-length": bomb.length }).end(bomb));
    expect(bomb.length).toBeLessThan(MiB);
    const err = await rejectionOf(gate.fetchThroughGate(`${base}/answer`, {}, { purpose: "api", maxBytes: MiB }));
    expect(err).toMatchObject({ kind: "too_large", limit: MiB });
  });
});

describe("a response body within the cap", () => {
  it("arrives whole and unchanged", async () => {
    const payload = randomBytes(3 * MiB);
    const { gate, base } = await simulator((_path, res) => res.end(payload));
    const res = await gate.fetchThroughGate(`${base}/label.pdf`, {}, { purpose: "file", maxBytes: 4 * MiB });
    const digest = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");
    expect(res.bytes.length).toBe(payload.length);
    expect(digest(res.bytes)).toBe(digest(payload));
  });
});

describe("the deadline", () => {
  it("cuts a server trickling one byte at a time, however long it would go on", async () => {
    const { gate, base } = await simulator((_path, res) => {
      res.writeHead(200);
      res.flushHeaders();
      const tick = setInterval(() => res.write("x"), 50);
      res.on("close", () => clearInterval(tick));
    });
    const err = await rejectionOf(gate.fetchThroughGate(`${base}/label.pdf`, {}, { purpose: "file", timeoutMs: 300 }));
    expect(err).toMatchObject({ kind: "timeout", retryable: true });
    expect((err as Error).message).toContain("127.0.0.1");
  });

  it("cuts a server that never sends its headers", async () => {
    const { gate, base } = await simulator(() => {});
    const err = await rejectionOf(gate.fetchThroughGate(`${base}/v1/returns`, {}, { purpose: "api", timeoutMs: 300 }));
    expect(err).toMatchObject({ kind: "timeout" });
  });

  it("leaves the caller's own cancellation as the caller's", async () => {
    const caller = new AbortController();
    const { gate, base } = await simulator(() => caller.abort(new Error("shutting down")));
    const err = await rejectionOf(gate.fetchThroughGate(`${base}/v1/returns`, { signal: caller.signal }, { purpose: "api" }));
    expect((err as Error).message).toBe("shutting down");
  });
});

describe("an unreachable simulator", () => {
  it("is a retryable unavailable error, not a refusal", async () => {
    const { gate, base } = await simulator((_path, res) => res.end());
    await sim?.close();
    const err = await rejectionOf(gate.fetchThroughGate(`${base}/v1/returns`, {}, { purpose: "api" }));
    expect(err).toMatchObject({ kind: "unavailable", retryable: true });
    expect((err as Error).message).toMatch(/ECONNREFUSED/);
  });
});

import type { Readable } from "node:stream";

// Read a whole body without ever holding more than the cap: refuse on the declared length when there is one,
// and otherwise stop at the first chunk that would cross the cap (that chunk is never kept).

export type CappedBody =
  | { ok: true; bytes: Uint8Array; truncated?: boolean }
  | { ok: false; reason: "too_large"; limit: number; received: number; declared?: number };

/** A web stream, a Node stream (IncomingMessage included), or a Request/Response whose body to read. */
export type CappedSource = ReadableStream<Uint8Array> | Readable | Request | Response | null | undefined;

export interface ReadCappedOptions {
  /** The length the sender announced (Content-Length); read from the source's headers when not given. */
  declaredLength?: number | string | null;
  /** Stop reading when aborted (a deadline); the read then rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Keep the first `maxBytes` and stop there instead of refusing (error bodies, read for their reason only). */
  truncate?: boolean;
}

type WebBody = { body: ReadableStream<Uint8Array> | null; headers: Headers };
type NodeBody = Readable & { headers?: Record<string, string | string[] | undefined> };

const encoder = new TextEncoder();

function isWebStream(s: unknown): s is ReadableStream<Uint8Array> {
  return typeof (s as ReadableStream).getReader === "function";
}

function isNodeStream(s: unknown): s is NodeBody {
  return typeof (s as Readable).on === "function" && typeof (s as Readable).pause === "function";
}

function parseLength(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) && value >= 0 ? value : undefined;
  if (typeof value !== "string" || !/^\s*\d+\s*$/.test(value)) return undefined;
  return Number(value);
}

function tooLarge(limit: number, received: number, declared?: number): CappedBody {
  return { ok: false, reason: "too_large", limit, received, ...(declared === undefined ? {} : { declared }) };
}

function concat(chunks: Uint8Array[], size: number): Uint8Array {
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

function asBytes(chunk: unknown): Uint8Array {
  if (chunk instanceof Uint8Array) return chunk;
  if (typeof chunk === "string") return encoder.encode(chunk);
  if (chunk instanceof ArrayBuffer) return new Uint8Array(chunk);
  throw new TypeError("A body chunk is neither bytes nor text");
}

async function readWeb(stream: ReadableStream<Uint8Array>, maxBytes: number, signal?: AbortSignal, truncate = false): Promise<CappedBody> {
  const reader = stream.getReader();
  // A cancelled read resolves as "done", so the abort is re-checked after every read.
  const onAbort = () => void reader.cancel(signal?.reason).catch(() => {});
  signal?.addEventListener("abort", onAbort, { once: true });
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      if (signal?.aborted) throw signal.reason;
      const { done, value } = await reader.read();
      if (signal?.aborted) throw signal.reason;
      if (done) return { ok: true, bytes: concat(chunks, size) };
      const bytes = asBytes(value);
      if (size + bytes.byteLength > maxBytes) {
        await reader.cancel("body larger than the cap").catch(() => {});
        if (!truncate) return tooLarge(maxBytes, size);
        chunks.push(bytes.subarray(0, maxBytes - size));
        return { ok: true, bytes: concat(chunks, maxBytes), truncated: true };
      }
      chunks.push(bytes);
      size += bytes.byteLength;
    }
  } finally {
    signal?.removeEventListener("abort", onAbort);
  }
}

function readNode(stream: NodeBody, maxBytes: number, signal?: AbortSignal, truncate = false): Promise<CappedBody> {
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    let size = 0;
    const cleanup = () => {
      stream.off("data", onData);
      stream.off("end", onEnd);
      stream.off("error", onError);
      stream.off("close", onClose);
      signal?.removeEventListener("abort", onAbort);
    };
    // Paused, not destroyed: an inbound request's socket must stay open for the 413 answer.
    const stop = () => {
      cleanup();
      stream.pause();
    };
    const onData = (chunk: unknown) => {
      const bytes = asBytes(chunk);
      if (size + bytes.byteLength > maxBytes) {
        stop();
        if (!truncate) return resolve(tooLarge(maxBytes, size));
        chunks.push(bytes.subarray(0, maxBytes - size));
        return resolve({ ok: true, bytes: concat(chunks, maxBytes), truncated: true });
      }
      chunks.push(bytes);
      size += bytes.byteLength;
    };
    const onEnd = () => {
      cleanup();
      resolve({ ok: true, bytes: concat(chunks, size) });
    };
    const onError = (err: unknown) => {
      cleanup();
      reject(err);
    };
    const onClose = () => {
      cleanup();
      reject(new Error("The body ended before it was complete"));
    };
    const onAbort = () => {
      stop();
      reject(signal?.reason);
    };
    if (signal?.aborted) return reject(signal.reason);
    signal?.addEventListener("abort", onAbort, { once: true });
    stream.on("data", onData);
    stream.on("end", onEnd);
    stream.on("error", onError);
    stream.on("close", onClose);
  });
}

/**
 * Read a body into memory, refusing it as soon as it is known to exceed `maxBytes`: from the declared length
 * before reading anything, else at the chunk that would cross the cap. A refusal is an answer, not an error,
 * so routes can turn it into 413 (send it with `connection: close`: the rest of the upload is never read).
 */
export async function readCappedBody(source: CappedSource, maxBytes: number, options: ReadCappedOptions = {}): Promise<CappedBody> {
  if (!Number.isSafeInteger(maxBytes) || maxBytes < 0) throw new RangeError("maxBytes must be a non-negative integer");
  if (source === null || source === undefined) return { ok: true, bytes: new Uint8Array(0) };
  let stream: ReadableStream<Uint8Array> | NodeBody | null;
  let declared = parseLength(options.declaredLength);
  if (isWebStream(source)) stream = source;
  else if (isNodeStream(source)) {
    stream = source;
    declared ??= parseLength(source.headers?.["content-length"]);
  } else {
    const web = source as WebBody;
    stream = web.body;
    declared ??= parseLength(web.headers.get("content-length"));
  }
  if (declared !== undefined && declared > maxBytes && !options.truncate) {
    if (stream && isWebStream(stream)) await stream.cancel("declared length larger than the cap").catch(() => {});
    else stream?.pause();
    return tooLarge(maxBytes, 0, declared);
  }
  if (!stream) return { ok: true, bytes: new Uint8Array(0) };
  return isWebStream(stream) ? readWeb(stream, maxBytes, options.signal, options.truncate) : readNode(stream, maxBytes, options.signal, options.truncate);
}

import type { IncomingMessage } from "node:http";

// An inbound request's body as a web stream for Remix, read only as fast as it is consumed. A reader that stops
// early (a body over its cap) cancels the stream: the request is drained into nothing instead of destroyed, so the
// socket stays open for the 413 answer, which goes out with `connection: close` (sendFetchResponse).

/** Chunks buffered ahead of the reader (Node's chunks are at most 64 KiB: about 1 MiB). */
const QUEUED_CHUNKS = 16;

export function requestBodyStream(req: IncomingMessage): ReadableStream<Uint8Array> {
  let settled = false;
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        req.on("data", (chunk: Buffer) => {
          if (settled) return;
          controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
          if ((controller.desiredSize ?? 1) <= 0) req.pause();
        });
        req.once("end", () => {
          if (settled) return;
          settled = true;
          controller.close();
        });
        req.once("error", (err) => {
          if (settled) return;
          settled = true;
          controller.error(err);
        });
        req.once("close", () => {
          if (settled || req.complete) return;
          settled = true;
          controller.error(new Error("The client went away before its body was complete"));
        });
      },
      pull() {
        req.resume();
      },
      cancel() {
        settled = true;
        req.removeAllListeners("data");
        req.resume();
      },
    },
    { highWaterMark: QUEUED_CHUNKS },
  );
}

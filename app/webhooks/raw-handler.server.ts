import type { IncomingMessage, ServerResponse } from "node:http";
import type { RawHandler } from "../server/node-server.server";
import { ingestWebhook, type IngestDeps } from "./ingest.server";
import { topicForPath } from "./topics.server";

// The one way in for webhooks: a lean handler mounted in front of Remix (no Request/Response conversion, no
// router, no session), at the paths shopify.app.toml subscribes.

function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer | "too_large"> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers["content-length"] ?? "0");
    if (declared > maxBytes) {
      req.resume();
      return resolve("too_large");
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > maxBytes) {
        req.removeAllListeners("data");
        req.resume();
        resolve("too_large");
      } else chunks.push(c);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

export function webhookRawHandler(deps: IngestDeps): RawHandler {
  return async (req: IncomingMessage, res: ServerResponse) => {
    const url = req.url ?? "";
    if (!url.startsWith("/webhooks/")) return false;
    const topic = topicForPath(url.split("?")[0]);
    if (!topic) return false;
    if (req.method !== "POST") {
      res.writeHead(405, { "content-type": "text/plain", allow: "POST" }).end("Method not allowed");
      return true;
    }
    const body = await readBody(req, deps.maxBytes);
    if (body === "too_large") {
      res.writeHead(413, { "content-type": "text/plain", connection: "close" }).end("Payload too large");
      return true;
    }
    const headers = {
      get: (name: string) => {
        const v = req.headers[name.toLowerCase()];
        return Array.isArray(v) ? v[0] : (v ?? null);
      },
    };
    const result = await ingestWebhook(deps, { topic, headers, rawBody: body });
    res.writeHead(result.status, { "content-type": "text/plain" }).end(result.body);
    return true;
  };
}

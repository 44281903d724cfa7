import { createServer } from "node:http";
import { verifyShopifyHmac } from "../../app/webhooks/verify-hmac.server";
import { requireEnv, runServerMain } from "../lib/child";
import { header, readBody } from "./read-body";

// Reference (a): a bare node:http server that only verifies the HMAC. The ceiling for any webhook endpoint.
runServerMain(async () => {
  const secret = requireEnv("BENCH_SECRET");
  const server = createServer(async (req, res) => {
    const body = await readBody(req);
    if (body === null) return void res.writeHead(413).end("Payload too large");
    const ok = verifyShopifyHmac(body, header(req, "x-shopify-hmac-sha256"), secret);
    res.writeHead(ok ? 200 : 401, { "content-type": "text/plain" }).end(ok ? "OK" : "Invalid HMAC");
  });
  return { server };
});

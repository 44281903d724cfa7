import { Agent, createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";

// A loopback pass-through in front of the Shopify simulator that reads each GraphQL answer's
// extensions.cost.actualQueryCost: what the bucket really kept (the simulator refunds requested - actual),
// which its own call log does not record. Everything else is forwarded untouched.

export interface ShopifyMeter {
  url: string;
  /** Sum of actualQueryCost over the answers seen so far (throttled answers cost nothing). */
  actualCost(): number;
  answers(): number;
  close(): Promise<void>;
}

export async function startShopifyMeter(target: string): Promise<ShopifyMeter> {
  const upstream = new URL(target);
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  let actual = 0;
  let answers = 0;
  const server: Server = createServer((req, res) => {
    const out = httpRequest(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers, agent },
      (up) => {
        const chunks: Buffer[] = [];
        up.on("data", (c: Buffer) => chunks.push(c));
        up.on("end", () => {
          const body = Buffer.concat(chunks);
          if (req.url?.endsWith("/graphql.json")) {
            answers++;
            try {
              const cost = (JSON.parse(body.toString("utf8")) as { extensions?: { cost?: { actualQueryCost?: number | null } } }).extensions?.cost?.actualQueryCost;
              if (typeof cost === "number") actual += cost;
            } catch {
              // Not JSON (an HTTP error page): nothing was charged.
            }
          }
          res.writeHead(up.statusCode ?? 502, up.headers).end(body);
        });
      },
    );
    out.on("error", (err) => {
      if (!res.headersSent) res.writeHead(502).end(String(err));
    });
    req.pipe(out);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    actualCost: () => actual,
    answers: () => answers,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      agent.destroy();
    },
  };
}

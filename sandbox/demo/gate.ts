import type { IncomingMessage, ServerResponse } from "node:http";

// While the demo is seeding, the app's pages answer "preparing the demo" (and reload themselves) instead of a
// half-filled list; Shopify's webhooks, which the seeding itself causes, and the built assets pass through.

const PAGE = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="1"><title>Preparing the demo</title>
<style>body{font-family:-apple-system,BlinkMacSystemFont,"San Francisco","Segoe UI",Roboto,sans-serif;background:#f1f1f1;color:#303030;display:grid;place-items:center;height:100vh;margin:0}main{background:#fff;border-radius:12px;padding:24px 32px;box-shadow:0 1px 2px rgba(0,0,0,.15);max-width:28rem}h1{font-size:1.1rem;margin:0 0 .5rem}p{margin:0}</style></head>
<body><main><h1>Preparing the demo</h1><p>Returns Bridge is playing the demo shop's last month through the simulators. This page opens by itself in a few seconds.</p></main></body></html>`;

export interface DemoGate {
  handler(req: IncomingMessage, res: ServerResponse): boolean;
  open(): void;
}

export function demoGate(): DemoGate {
  let ready = false;
  return {
    handler(req, res) {
      const path = (req.url ?? "/").split("?")[0];
      if (ready || path.startsWith("/webhooks") || path.startsWith("/assets/") || path === "/healthz") return false;
      res.writeHead(503, { "content-type": "text/html; charset=utf-8", "retry-after": "1", "cache-control": "no-store" });
      res.end(PAGE);
      return true;
    },
    open() {
      ready = true;
    },
  };
}

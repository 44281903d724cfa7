import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import Database from "better-sqlite3";
import pg from "pg";
import { sqlitePath } from "../../prisma/db-url";
import { verifyShopifyHmac } from "../../app/webhooks/verify-hmac.server";
import { requireEnv, runServerMain } from "../lib/child";
import { header, readBody } from "./read-body";

// Reference (b): (a) plus one durable insert of the delivery through the raw driver, acknowledged after the
// commit. SQLite: better-sqlite3, WAL, synchronous=NORMAL (as the app opens it). PostgreSQL: pg, autocommit.

const COLUMNS = `("id", "shop", "eventId", "topic", "payload", "receivedAt")`;

runServerMain(async () => {
  const secret = requireEnv("BENCH_SECRET");
  const url = requireEnv("BENCH_DB_URL");
  let insert: (shop: string, eventId: string, topic: string, payload: string) => Promise<void>;
  let close: () => Promise<void>;
  if (url.startsWith("file:")) {
    const sqlite = new Database(sqlitePath(url), { timeout: 10_000 });
    sqlite.pragma("journal_mode = WAL");
    sqlite.pragma("synchronous = NORMAL");
    const stmt = sqlite.prepare(`INSERT INTO "WebhookDelivery" ${COLUMNS} VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`);
    insert = async (shop, eventId, topic, payload) => {
      stmt.run(randomUUID(), shop, eventId, topic, payload, new Date().toISOString().replace("Z", "+00:00"));
    };
    close = async () => void sqlite.close();
  } else {
    const pool = new pg.Pool({ connectionString: url, max: 10 });
    const text = `INSERT INTO "WebhookDelivery" ${COLUMNS} VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`;
    insert = async (shop, eventId, topic, payload) => {
      await pool.query({ name: "bench-insert", text, values: [randomUUID(), shop, eventId, topic, payload, new Date()] });
    };
    close = () => pool.end();
  }
  const server = createServer(async (req, res) => {
    try {
      const body = await readBody(req);
      if (body === null) return void res.writeHead(413).end("Payload too large");
      if (!verifyShopifyHmac(body, header(req, "x-shopify-hmac-sha256"), secret)) {
        return void res.writeHead(401, { "content-type": "text/plain" }).end("Invalid HMAC");
      }
      await insert(header(req, "x-shopify-shop-domain") ?? "", header(req, "x-shopify-event-id") ?? "", header(req, "x-shopify-topic") ?? "", body.toString("utf8"));
      res.writeHead(200, { "content-type": "text/plain" }).end("OK");
    } catch (err) {
      process.stderr.write(`${String(err)}\n`);
      if (!res.headersSent) res.writeHead(500);
      res.end();
    }
  });
  return { server, close };
});

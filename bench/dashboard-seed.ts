import { randomBytes } from "node:crypto";
import Database from "better-sqlite3";

// Bulk data for the dashboard benchmark, written with raw better-sqlite3 in one transaction (100,000 rows in
// about a second). Ids imitate Prisma's cuid(): they grow with creation time, as the dashboard's default order expects.

export interface SeedOptions {
  shop: string;
  links: number;
  /** Links of another shop in the same tables, so every query must really scope by shop. */
  otherShopLinks?: number;
  /** WebhookDelivery rows for the shop (1 in 200 REJECTED). */
  deliveries?: number;
  /** Gather planner statistics afterwards (default true). */
  analyze?: boolean;
}

const STATUSES = [
  ["REQUESTED", 10],
  ["OPEN", 30],
  ["CLOSED", 45],
  ["DECLINED", 5],
  ["CANCELED", 10],
] as const;

function statusFor(i: number): string {
  let n = (i * 7919) % 100;
  for (const [s, share] of STATUSES) {
    if (n < share) return s;
    n -= share;
  }
  return "CLOSED";
}

const CUSTOMERS = ["Lucía Fernández", "Marc Puig", "Ana Martín", "Jon Etxeberria", "Carmen Ruiz", "David López", "Laura Gómez", "Pau Serra"];

// The better-sqlite3 adapter stores DateTime as ISO 8601 text with an explicit offset.
const iso = (ms: number) => new Date(ms).toISOString().replace("Z", "+00:00");

let idCounter = 0;
function cuidLike(t: number): string {
  idCounter = (idCounter + 1) % 1_679_616;
  return `c${t.toString(36).padStart(8, "0")}${idCounter.toString(36).padStart(4, "0")}${randomBytes(6).toString("hex").slice(0, 12)}`;
}

export function seedDashboardData(file: string, opts: SeedOptions): void {
  const raw = new Database(file);
  raw.pragma("journal_mode = WAL");
  const insert = raw.prepare(
    `INSERT INTO "ReturnLink" (id, shop, returnGid, returnName, normalizedName, orderGid, orderName, customerName, customerEmail,
       provider, ifReturnName, reverProcessId, linkSource, referenceState, status, trackingNumber, trackingUrl, providerStatus,
       lastSyncedAt, lastSyncChange, lastError, lastErrorAt, createdAt, updatedAt)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'AUTO', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertDelivery = raw.prepare(
    `INSERT INTO "WebhookDelivery" (id, shop, eventId, topic, payload, state, reason, receivedAt) VALUES (?, ?, ?, ?, '{}', ?, ?, ?)`,
  );
  const start = Date.UTC(2026, 0, 1);
  const write = raw.transaction(() => {
    const shops: Array<[string, number]> = [[opts.shop, opts.links], [`other-${opts.shop}`, opts.otherShopLinks ?? 0]];
    for (const [shop, count] of shops) {
      for (let i = 0; i < count; i++) {
        const t = start + i * 60_000;
        const order = 100000 + i;
        const status = statusFor(i);
        const provider = i % 10 === 9 ? null : i % 10 < 5 ? "IFRETURNS" : "REVER";
        const tracked = status === "OPEN" || status === "CLOSED";
        const synced = i % 5 !== 0;
        const failing = i % 50 === 7;
        insert.run(
          cuidLike(t),
          shop,
          `gid://shopify/Return/${order}`,
          `#${order}-R1`,
          `${order}-R1`,
          `gid://shopify/Order/${order}`,
          `#${order}`,
          CUSTOMERS[i % CUSTOMERS.length],
          `customer${i}@example.com`,
          provider,
          provider === "IFRETURNS" ? `R1-${order}` : null,
          provider === "REVER" ? `proc_${order}` : null,
          provider ? "KNOWN" : "PENDING",
          status,
          tracked ? `1Z${String(order).padStart(12, "0")}` : null,
          tracked ? `https://www.ups.com/track?tracknum=1Z${String(order).padStart(12, "0")}` : null,
          tracked ? (status === "CLOSED" ? "IN_WAREHOUSE" : "IN_TRANSIT") : null,
          synced ? iso(t + 3_600_000) : null,
          synced ? "Tracking updated" : null,
          failing ? "REVER answered code 3: the carrier UPS does not serve this return method" : null,
          failing ? iso(t + 7_200_000) : null,
          iso(t),
          iso(t),
        );
      }
    }
    for (let i = 0; i < (opts.deliveries ?? 0); i++) {
      const rejected = i % 200 === 3;
      insertDelivery.run(
        cuidLike(start + i * 1000),
        opts.shop,
        `event-${i}`,
        "returns/request",
        rejected ? "REJECTED" : "PROCESSED",
        rejected ? "admin_graphql_api_id: Required" : null,
        iso(start + i * 1000),
      );
    }
  });
  write();
  raw.pragma("wal_checkpoint(TRUNCATE)");
  if (opts.analyze !== false) raw.exec("ANALYZE");
  raw.close();
}

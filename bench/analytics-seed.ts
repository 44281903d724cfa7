import { randomBytes } from "node:crypto";
import Database from "better-sqlite3";

// Bulk data for the analytics and dashboard benchmarks: links spread over 90 days with the shipments, pickups and
// timeline entries a real month leaves behind (labels, carrier scans for REVER, failures), written with raw
// better-sqlite3 in one transaction, with ids shaped like Prisma's cuid() at each row's time.

export interface AnalyticsSeedOptions {
  shop: string;
  links: number;
  /** Links of another shop in the same tables. */
  otherShopLinks?: number;
  days?: number;
  /** The moment the data ends (default: now). */
  end?: Date;
}

const iso = (ms: number) => new Date(ms).toISOString().replace("Z", "+00:00");
let seq = 0;
const cuidAt = (ms: number) => `c${Math.floor(ms).toString(36).padStart(8, "0")}${(seq++ % 1_679_616).toString(36).padStart(4, "0")}${randomBytes(6).toString("hex")}`;

const IF_CARRIERS = ["UPS", "SEUR"];
const REVER_CARRIERS = ["UPS", "DHL", "CORREOS", "SEUR"];
const FAILURES = [
  (n: number) => `REVER refused the request as invalid (gRPC code 3): carrier GLS is not available for provider SendCloud (process proc_${n})`,
  () => "iF returns requires a phone for the origin address",
  (n: number) => `iF returns answered 404: Return R1-${n} not found or without an active transport`,
  (n: number) => `REVER did not answer in time (process proc_${n}): try again`,
  () => "No REVER process found for this order yet: link it by hand from the return page",
];

/** A deterministic pseudo-random number in [0, 1) for row i and salt s. */
function rnd(i: number, s: number): number {
  const x = Math.sin(i * 12.9898 + s * 78.233) * 43758.5453;
  return x - Math.floor(x);
}

export function seedAnalyticsData(file: string, opts: AnalyticsSeedOptions): { links: number; events: number } {
  const raw = new Database(file);
  raw.pragma("journal_mode = WAL");
  const link = raw.prepare(
    `INSERT INTO "ReturnLink" (id, shop, returnGid, returnName, normalizedName, orderGid, orderName, customerName, customerEmail, provider, ifReturnName,
       reverProcessId, linkSource, referenceState, status, trackingNumber, trackingUrl, providerStatus, lastSyncedAt, lastSyncChange, lastError, lastErrorAt, createdAt, updatedAt)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'AUTO', 'KNOWN', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const shipment = raw.prepare(
    `INSERT INTO "Shipment" (id, shop, returnLinkId, provider, idempotencyKey, state, source, carrier, trackingNumber, createdAt, updatedAt) VALUES (?, ?, ?, ?, ?, 'ATTACHED', 'APP', ?, ?, ?, ?)`,
  );
  const pickup = raw.prepare(`INSERT INTO "Pickup" (id, shop, returnLinkId, provider, idempotencyKey, state, createdAt, updatedAt) VALUES (?, ?, ?, 'REVER', ?, 'SCHEDULED', ?, ?)`);
  const event = raw.prepare(`INSERT INTO "TrackingEvent" (id, shop, returnLinkId, source, kind, status, detail, result, occurredAt, createdAt) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const end = (opts.end ?? new Date()).getTime();
  const days = opts.days ?? 90;
  const H = 3_600_000;
  let links = 0;
  let events = 0;
  const write = raw.transaction(() => {
    for (const [shop, count] of [[opts.shop, opts.links], [`other-${opts.shop}`, opts.otherShopLinks ?? 0]] as Array<[string, number]>) {
      const start = end - days * 24 * H;
      for (let i = 0; i < count; i++) {
        const at = start + ((i + rnd(i, 1)) / count) * (end - start - 2 * H);
        const id = cuidAt(at);
        const order = 100_000 + i;
        const r = rnd(i, 2);
        const provider = r < 0.5 ? "IFRETURNS" : r < 0.95 ? "REVER" : null;
        const ageH = (end - at) / H;
        const fate = rnd(i, 3);
        const canceled = fate < 0.06;
        const declined = fate >= 0.06 && fate < 0.09;
        const labelAfterH = 1 + rnd(i, 4) * 30;
        const labelled = !!provider && !canceled && !declined && ageH > labelAfterH;
        const carriers = provider === "REVER" ? REVER_CARRIERS : IF_CARRIERS;
        const carrier = carriers[Math.floor(rnd(i, 5) * carriers.length)];
        const isPickup = provider === "REVER" && rnd(i, 6) < 0.3;
        const scanH = labelAfterH + 8 + rnd(i, 7) * 40;
        const transitH = scanH + 3 + rnd(i, 8) * 12;
        const arriveH = transitH + 18 + rnd(i, 9) * 50;
        const closeH = provider === "IFRETURNS" ? labelAfterH + 40 + rnd(i, 10) * 70 : arriveH + 3 + rnd(i, 11) * 27;
        let status = "REQUESTED";
        let providerStatus: string | null = null;
        if (canceled && ageH > 2) status = "CANCELED";
        else if (declined && ageH > 3) status = "DECLINED";
        else if (labelled) {
          status = ageH > closeH ? "CLOSED" : "OPEN";
          providerStatus = "LABEL_CREATED";
          if (provider === "REVER") providerStatus = ageH > arriveH ? "IN_WAREHOUSE" : ageH > transitH ? "IN_TRANSIT" : ageH > scanH ? "PICKED_UP" : "LABEL_CREATED";
        } else if (ageH > 4 && provider) status = "OPEN";
        const failure = rnd(i, 12) < 0.03 ? FAILURES[Math.floor(rnd(i, 13) * FAILURES.length)](order) : null;
        const waiting = failure !== null && rnd(i, 14) < 0.3;
        const tracking = labelled ? `${carrier}${String(order).padStart(12, "0")}` : null;
        link.run(
          id, shop, `gid://shopify/Return/${order}`, `#${order}-R1`, `${order}-R1`, `gid://shopify/Order/${order}`, `#${order}`, "Lucía García", `c${i}@example.com`,
          provider, provider === "IFRETURNS" ? `R1-${order}` : null, provider === "REVER" ? `proc_${order}` : null,
          status, tracking, tracking ? `https://tracking.example/${tracking}` : null, providerStatus,
          iso(at + H), "Tracking updated", waiting ? failure : null, waiting ? iso(at + 2 * H) : null, iso(at), iso(at),
        );
        links++;
        const ev = (source: string, kind: string, st: string | null, detail: string | null, result: string, h: number) => {
          event.run(cuidAt(at + h * H), shop, id, source, kind, st, detail, result, iso(at + h * H), iso(at + h * H));
          events++;
        };
        ev("SHOPIFY", "status", "REQUESTED", "returns/request", "OK", 0);
        if (failure) ev(provider ?? "APP", "label", null, failure, "ERROR", 0.5);
        if (labelled) {
          shipment.run(cuidAt(at + labelAfterH * H), shop, id, provider, `k-${id}`, carrier, tracking, iso(at + labelAfterH * H), iso(at + labelAfterH * H));
          ev(provider!, "label", "LABEL_CREATED", "Label created", "OK", labelAfterH);
          if (isPickup) pickup.run(cuidAt(at + labelAfterH * H), shop, id, `p-${id}`, iso(at + labelAfterH * H), iso(at + labelAfterH * H));
          if (provider === "REVER") {
            if (ageH > scanH) ev("REVER", "status", "PICKED_UP", "COLLECTED", "OK", scanH);
            if (ageH > transitH) ev("REVER", "status", "IN_TRANSIT", "IN_TRANSIT", "OK", transitH);
            if (ageH > arriveH) ev("REVER", "status", "IN_WAREHOUSE", "IN_WAREHOUSE", "OK", arriveH);
          }
        }
        if (status === "CLOSED") ev("SHOPIFY", "status", "CLOSED", "returns/close", "OK", closeH);
        if (status === "CANCELED") ev("SHOPIFY", "status", "CANCELED", "returns/cancel", "OK", 2);
      }
    }
  });
  write();
  raw.pragma("wal_checkpoint(TRUNCATE)");
  raw.close();
  return { links, events };
}

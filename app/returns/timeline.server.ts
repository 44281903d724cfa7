import type { Prisma } from "@prisma/client";
import type { Db } from "../db.server";

// The per-return timeline. A dedupe key makes recording idempotent: a retried job never writes an event twice.

export interface TimelineEntry {
  shop: string;
  returnLinkId: string;
  source: "SHOPIFY" | "IFRETURNS" | "REVER" | "APP" | "RECONCILE" | "MERCHANT";
  kind: "status" | "tracking" | "label" | "pickup" | "push" | "sync" | "error" | "link" | "automation" | "flow";
  status?: string | null;
  detail?: string | null;
  result?: "OK" | "ERROR" | "SKIPPED";
  dedupeKey?: string | null;
  occurredAt?: Date;
}

type Client = Db | Prisma.TransactionClient;

/** Returns false when an event with the same dedupe key was already recorded. */
export async function recordEvent(db: Client, e: TimelineEntry): Promise<boolean> {
  try {
    await db.trackingEvent.create({
      data: {
        shop: e.shop,
        returnLinkId: e.returnLinkId,
        source: e.source,
        kind: e.kind,
        status: e.status ?? null,
        detail: e.detail ? e.detail.slice(0, 2000) : null,
        result: e.result ?? "OK",
        dedupeKey: e.dedupeKey ?? null,
        occurredAt: e.occurredAt ?? new Date(),
      },
    });
    return true;
  } catch (err) {
    // By code, not class: the PostgreSQL client is generated apart from @prisma/client and has its own error classes.
    if ((err as { code?: unknown } | null)?.code === "P2002") return false;
    throw err;
  }
}

export async function hasEvent(db: Client, shop: string, dedupeKey: string): Promise<boolean> {
  return (await db.trackingEvent.count({ where: { shop, dedupeKey } })) > 0;
}

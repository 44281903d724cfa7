import type { Db } from "../db.server";
import type { ProviderId } from "../platforms/types";

// What the dashboard shows above its table: webhooks the app could not use, and how far the shop's setup got.

export interface RejectedWebhook {
  id: string;
  topic: string;
  eventId: string;
  reason: string | null;
  receivedAt: string;
}

/** Webhooks Shopify delivered that the app could not use, newest first, with the reason recorded at ingest. */
export async function listRejectedWebhooks(db: Db, shop: string, take = 5): Promise<{ rows: RejectedWebhook[]; total: number }> {
  const where = { shop, state: "REJECTED" };
  const [rows, total] = await Promise.all([
    db.webhookDelivery.findMany({ where, orderBy: { receivedAt: "desc" }, take, select: { id: true, topic: true, eventId: true, reason: true, receivedAt: true } }),
    db.webhookDelivery.count({ where }),
  ]);
  return { rows: rows.map((r) => ({ ...r, receivedAt: r.receivedAt.toISOString() })), total };
}

export interface SetupState {
  connectedProviders: ProviderId[];
  onboarded: boolean;
  /** Shopify refused the shop's refresh token (app/shopify/tokens.server.ts): background work is stopped. */
  disconnected: { at: string; reason: string | null } | null;
}

export async function setupState(db: Db, shop: string): Promise<SetupState> {
  const [connections, settings] = await Promise.all([
    db.providerConnection.findMany({ where: { shop }, select: { provider: true }, orderBy: { provider: "asc" } }),
    db.shopSettings.findUnique({ where: { shop }, select: { onboardedAt: true, disconnectedAt: true, disconnectedReason: true } }),
  ]);
  return {
    connectedProviders: connections.map((c) => c.provider as ProviderId),
    onboarded: !!settings?.onboardedAt,
    disconnected: settings?.disconnectedAt ? { at: settings.disconnectedAt.toISOString(), reason: settings.disconnectedReason } : null,
  };
}

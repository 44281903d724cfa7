import type { Db } from "../db.server";
import type { Logger } from "../logger.server";

/** What these use-cases need of a shop context. */
export interface ShopScope {
  db: Db;
  shop: string;
  log: Logger;
}

// GDPR / compliance topics. Personal data we hold: customer name and email on links, origin addresses on
// shipments, pickup addresses, and the raw webhook payloads of that customer's returns.

export interface CustomerRef {
  id?: string | number | null;
  email?: string | null;
  phone?: string | null;
}

function orderGids(ids: Array<string | number> | undefined): string[] {
  return (ids ?? []).map((id) => (String(id).startsWith("gid://") ? String(id) : `gid://shopify/Order/${id}`));
}

async function customerLinkIds(db: Db, shop: string, customer: CustomerRef, orders: string[]) {
  const or: Array<Record<string, unknown>> = [];
  if (orders.length) or.push({ orderGid: { in: orders } });
  if (customer.email) or.push({ customerEmail: customer.email });
  if (!or.length) return [];
  const rows = await db.returnLink.findMany({ where: { shop, OR: or }, select: { id: true, orderGid: true, returnGid: true } });
  return rows;
}

/** customers/redact: anonymise that customer's data in every table, scoped to the shop. */
export async function redactCustomer({ db, shop, log }: ShopScope, customer: CustomerRef, ordersToRedact?: Array<string | number>) {
  const links = await customerLinkIds(db, shop, customer, orderGids(ordersToRedact));
  const ids = links.map((l) => l.id);
  const resources = [...new Set(links.flatMap((l) => [l.returnGid]))];
  const result = await db.$transaction([
    db.returnLink.updateMany({ where: { shop, id: { in: ids } }, data: { customerName: null, customerEmail: null } }),
    db.shipment.updateMany({ where: { shop, returnLinkId: { in: ids } }, data: { originAddress: null } }),
    db.pickup.updateMany({ where: { shop, returnLinkId: { in: ids } }, data: { address: null } }),
    db.webhookDelivery.updateMany({ where: { shop, resourceGid: { in: resources } }, data: { payload: "{}" } }),
    db.dataRequestExport.deleteMany({ where: { shop, OR: [{ customerId: customer.id ? String(customer.id) : "-" }, { email: customer.email ?? "-" }] } }),
  ]);
  log.info("compliance.customer_redacted", { shop, links: result[0].count, shipments: result[1].count, pickups: result[2].count });
  return { links: result[0].count, shipments: result[1].count, pickups: result[2].count, payloads: result[3].count };
}

/** customers/data_request: what we hold for that customer, stored for the merchant to hand over. */
export async function exportCustomerData({ db, shop, log }: ShopScope, customer: CustomerRef, ordersRequested?: Array<string | number>) {
  const links = await customerLinkIds(db, shop, customer, orderGids(ordersRequested));
  const full = await db.returnLink.findMany({
    where: { shop, id: { in: links.map((l) => l.id) } },
    select: {
      returnName: true,
      orderName: true,
      customerName: true,
      customerEmail: true,
      provider: true,
      status: true,
      trackingNumber: true,
      shipments: { select: { provider: true, carrier: true, trackingNumber: true, trackingUrl: true, originAddress: true, createdAt: true } },
      pickups: { select: { provider: true, carrier: true, address: true, ranges: true, createdAt: true } },
    },
  });
  const data = {
    customer: { id: customer.id ?? null, email: customer.email ?? null, phone: customer.phone ?? null },
    returns: full.map((r) => ({
      ...r,
      shipments: r.shipments.map((s) => ({ ...s, originAddress: s.originAddress ? JSON.parse(s.originAddress) : null })),
      pickups: r.pickups.map((p) => ({ ...p, address: p.address ? JSON.parse(p.address) : null, ranges: p.ranges ? JSON.parse(p.ranges) : null })),
    })),
  };
  const row = await db.dataRequestExport.create({
    data: { shop, customerId: customer.id ? String(customer.id) : null, email: customer.email ?? null, payload: JSON.stringify(data) },
  });
  log.info("compliance.data_request_exported", { shop, exportId: row.id, returns: full.length });
  return { exportId: row.id, data };
}

/** shop/redact (48 h after uninstall): delete everything of the shop. */
/** Its jobs are cancelled by the job layer first (app/webhooks/topic-handlers.server.ts). */
export async function redactShop({ db, shop, log }: ShopScope) {
  const counts = await db.$transaction([
    db.returnLink.deleteMany({ where: { shop } }), // cascades shipments, pickups, timeline
    db.shipment.deleteMany({ where: { shop } }),
    db.pickup.deleteMany({ where: { shop } }),
    db.trackingEvent.deleteMany({ where: { shop } }),
    db.providerConnection.deleteMany({ where: { shop } }),
    db.shopSettings.deleteMany({ where: { shop } }),
    db.dataRequestExport.deleteMany({ where: { shop } }),
    db.webhookDelivery.deleteMany({ where: { shop } }),
    db.session.deleteMany({ where: { shop } }),
    db.automationRule.deleteMany({ where: { shop } }),
    db.automationRun.deleteMany({ where: { shop } }),
    db.bulkRun.deleteMany({ where: { shop } }), // cascades its items
    db.flowTriggerEvent.deleteMany({ where: { shop } }),
    db.flowActionRun.deleteMany({ where: { shop } }),
  ]);
  log.info("compliance.shop_redacted", { shop, links: counts[0].count });
  return { links: counts[0].count, connections: counts[4].count };
}

/** app/uninstalled: the tokens are dead; delete sessions (the job layer cancels the shop's pending jobs). Data stays until shop/redact. */
export async function uninstallShop({ db, shop, log }: ShopScope) {
  const sessions = await db.session.deleteMany({ where: { shop } });
  log.info("app.uninstalled", { shop, sessions: sessions.count });
  return { sessions: sessions.count };
}

/** app/scopes_update: keep the stored sessions' scopes in step with what the merchant granted. */
export async function updateScopes({ db, shop }: ShopScope, current: string[]) {
  const res = await db.session.updateMany({ where: { shop }, data: { scope: current.join(",") } });
  return { sessions: res.count };
}

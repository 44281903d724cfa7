import type { Db } from "../../app/db.server";
import type { AppJobs } from "../../app/jobs/registry.server";
import type { ShopContext } from "../../app/returns/shop-context.server";
import type { AdminClient } from "../../app/shopify/graphql-client.server";
import type { Sandbox } from "../simulators";

// What the demo's players (the history and the live carrier) act through: the simulators' own APIs, the Shopify
// Admin API as the merchant, the app's use-cases on the seeding runtime, and the app's job queue.

export interface DemoWorld {
  sandbox: Sandbox;
  shop: string;
  /** iF returns' shop code of the demo merchant. */
  ifShopCode: string;
  /** The seeding runtime's view of the shop (its use-cases write what the app writes). */
  ctx: ShopContext;
  db: Db;
  /** The Shopify Admin API as the merchant (and the customer and the warehouse) would use it. */
  admin: AdminClient;
  /** The running app's queue: a sync sent here runs at once in the app. */
  appJobs: AppJobs;
}

/** Waits until Shopify has delivered every webhook and the app has run every job that is due. */
export async function settle(w: DemoWorld): Promise<void> {
  // Jobs take a few milliseconds each: look often at first, then less (each look is a query).
  for (let wait = 1; ; wait = Math.min(wait * 2, 16)) {
    await w.sandbox.shopify.webhooks.flush();
    if ((await w.appJobs.pendingCount()) === 0) {
      // A job that just finished may have changed Shopify (and so sent a webhook).
      await w.sandbox.shopify.webhooks.flush();
      if ((await w.appJobs.pendingCount()) === 0) return;
    }
    await new Promise((r) => setTimeout(r, wait));
  }
}

/** The iF returns name of a Shopify return ("#1001-R1" -> "R1-1001"), as iF makes it. */
export function ifReturnName(returnName: string): string {
  const m = /^#?(.+)-R(\d+)$/.exec(returnName);
  return m ? `R${m[2]}-${m[1]}` : returnName;
}

/** The carrier tells iF returns where the parcel is (POST /shipping_trackings, the documented endpoint). */
export async function tellIfReturns(w: DemoWorld, returnName: string, trackingStatus: string): Promise<void> {
  const res = await fetch(`${w.sandbox.ifreturns.url}/shipping_trackings`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${w.sandbox.ifreturns.credential}` },
    body: JSON.stringify({ shopCode: w.ifShopCode, shipmentId: ifReturnName(returnName), shipmentIdType: "RETURN_NAME", trackingStatus, trackingDate: new Date().toISOString() }),
  });
  if (!res.ok) throw new Error(`iF returns refused the tracking of ${returnName}: ${res.status} ${await res.text()}`);
}

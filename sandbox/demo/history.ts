import { createLabel } from "../../app/returns/create-label.server";
import { assignProvider, linkReturn } from "../../app/returns/manual-link.server";
import { schedulePickup } from "../../app/returns/schedule-pickup.server";
import { syncLink } from "../../app/returns/sync-link.server";
import { REFRESH_AHEAD_MS } from "../../app/shopify/tokens.server";
import { enqueueFollowUps } from "../../app/jobs/follow-ups.server";
import type { PickupWindow } from "../../app/platforms/types";
import { actOnReturn, seedShop } from "../shopify/seed";
import { DEMO_RULE_TAG, type Step, type StoryReturn } from "./story";
import type { TimeMachine } from "./time-machine";
import { settle, tellIfReturns, type DemoWorld } from "./world";

// Plays the demo's last month: the steps of every return in time order, each at its moment (the process clock
// set by the time machine), through the simulators' APIs and the app's own use-cases. The webhooks Shopify sends
// and the jobs they cause run in the app meanwhile; the player waits for them before a return's next step and
// before the clock gets hours ahead, so the app records each event at about the moment it happened.

export interface PlayedReturn {
  story: StoryReturn;
  returnGid: string;
  returnName: string;
  orderName: string;
  linkId: string;
  processId: string | null;
}

const HOUR = 3_600_000;
/** The clock runs at most this far ahead of what the app has caught up with (its jobs write the time they run). */
const CATCH_UP_MS = 8 * HOUR;

export const processIdOf = (n: number) => `proc_${1000 + n}-R1`;

function pickupWindow(at: Date): PickupWindow {
  const next = new Date(at.getTime() + 24 * HOUR);
  return { date: next.toISOString().slice(0, 10), startHour: 8, endHour: 12 };
}

async function request(w: DemoWorld, r: StoryReturn, played: Map<number, PlayedReturn>): Promise<void> {
  const orderNumber = `${1000 + r.n}`;
  // The customer starts the return in the provider's portal first (REVER) or iF learns of it from the shop.
  const processId = r.provider === "REVER" && !r.noProcess ? processIdOf(r.n) : null;
  if (processId) w.sandbox.rever.createProcess({ processId, orderNumber });
  const now = new Date();
  const [order] = await seedShop(
    w.admin,
    {
      orders: [
        {
          customer: { firstName: r.customer.firstName, lastName: r.customer.lastName, email: r.customer.email, phone: r.customer.address.phone },
          shippingAddress: r.customer.address,
          lineItems: [{ title: r.product.title, quantity: 1, price: r.product.price, sku: `ES-${100 + r.n}`, variantTitle: r.product.variant }],
          ageDays: r.orderAgeDays,
          ...(r.automated ? { tags: [DEMO_RULE_TAG] } : {}),
          returns: [{ status: "REQUESTED", reason: r.reason, lines: [{ line: 0, quantity: 1 }] }],
        },
      ],
    },
    { backdateOrder: (id, days) => w.sandbox.shopify.store.backdateOrder(id, new Date(now.getTime() - days * 24 * HOUR)) },
  );
  if (order.name !== `#${orderNumber}`) throw new Error(`Demo: expected order #${orderNumber}, Shopify named it ${order.name}`);
  const ret = order.returns[0];
  if (r.provider === "IFRETURNS") w.sandbox.ifreturns.registerReturn({ merchantReturnName: ret.name.replace(/^#/, ""), shopCode: w.ifShopCode });
  played.set(r.n, { story: r, returnGid: ret.id, returnName: ret.name, orderName: order.name, linkId: "", processId });
}

/** When the app refreshes its Shopify token (6 minutes before it expires). The clock passes that moment only with
 *  the app idle: a refresh holds a 60 s lease on this clock, and a jump of hours during one would let a second
 *  refresh take the lease and leave the app with a pair Shopify has already replaced (app/shopify/tokens.server.ts). */
async function tokenRefreshAt(w: DemoWorld): Promise<number> {
  const session = await w.db.session.findFirst({ where: { shop: w.shop, isOnline: false }, select: { expires: true } });
  return session?.expires ? session.expires.getTime() - REFRESH_AHEAD_MS : Infinity;
}

/**
 * After a request has settled: the link the webhook made. iF returns is the shop's default platform; for a REVER
 * return the merchant picks REVER on the return page and the app finds the process by order number (linked by hand
 * when the simulator's profile has no process search).
 */
async function adopt(w: DemoWorld, p: PlayedReturn): Promise<void> {
  let link = await w.db.returnLink.findFirst({ where: { shop: w.shop, returnGid: p.returnGid } });
  if (!link) throw new Error(`Demo: the app did not link ${p.returnName}`);
  p.linkId = link.id;
  if (p.story.provider !== "REVER") return;
  link = await assignProvider(w.ctx, link, "REVER");
  if (p.processId && !link.reverProcessId) await linkReturn(w.ctx, { returnGid: p.returnGid, provider: "REVER", reverProcessId: p.processId });
}

async function play(w: DemoWorld, p: PlayedReturn, step: Step, at: Date): Promise<void> {
  const rever = p.story.provider === "REVER";
  switch (step.kind) {
    case "approve":
    case "decline":
    case "cancel":
    case "close":
      return actOnReturn(w.admin, step.kind, p.returnGid);
    case "label":
      await createLabel(w.ctx, {
        returnGid: p.returnGid,
        carrierService: step.carrier,
        approveFirst: true,
        ...(rever ? { returnMethod: step.pickup ? "HOME_PICK_UP" : "DROP_OFF_POINT", pickupWindows: step.pickup ? [pickupWindow(at)] : undefined } : {}),
      });
      return;
    case "label-refused": {
      const refused = await createLabel(w.ctx, { returnGid: p.returnGid, carrierService: step.carrier, ...(rever ? { returnMethod: "DROP_OFF_POINT" as const } : {}) }).then(
        () => false,
        () => true,
      );
      if (!refused) throw new Error(`Demo: ${p.returnName}'s label with ${step.carrier} was expected to be refused`);
      return;
    }
    case "label-with-phone": {
      const a = p.story.customer.address;
      await createLabel(w.ctx, {
        returnGid: p.returnGid,
        carrierService: step.carrier,
        origin: { name: `${a.firstName} ${a.lastName}`, email: p.story.customer.email, phone: "+34956000111", line1: a.address1, city: a.city, postalCode: a.zip, regionCode: a.provinceCode, countryCode: a.countryCode },
      });
      return;
    }
    case "pickup":
      await schedulePickup(w.ctx, { returnGid: p.returnGid, windows: [pickupWindow(at)] });
      return;
    case "scan":
      if (rever && p.processId) {
        w.sandbox.rever.advanceTracking(p.processId, step.status);
        // What the app's reconciliation finds at its next pass: the same comparison, run here at the scan's moment.
        const link = await w.db.returnLink.findFirstOrThrow({ where: { id: p.linkId, shop: w.shop } });
        await enqueueFollowUps(w.appJobs, w.shop, (await syncLink(w.ctx, link, null)).followUps);
      } else if (!rever) {
        await tellIfReturns(w, p.returnName, step.status === "IN_WAREHOUSE" ? "SHIPPING_COMPLETED" : step.status === "COLLECTED" ? "PICK_UP_COMPLETED" : "SHIPPING_IN_PROGRESS");
      }
      return;
    case "request":
      return;
  }
}

/** Plays the story; returns what each return became (its link, names and REVER process). */
export async function playHistory(w: DemoWorld, story: StoryReturn[], tm: TimeMachine, timings?: Map<string, number>): Promise<Map<number, PlayedReturn>> {
  const timed = async <T>(what: string, work: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    try {
      return await work();
    } finally {
      timings?.set(what, (timings.get(what) ?? 0) + performance.now() - t0);
    }
  };
  const played = new Map<number, PlayedReturn>();
  // The hostile profile is there for its hostile answers (decision 0008): the story stops at the first ten customers'
  // requests (both platforms), so the demo is up in seconds rather than after a month of 15 s timeouts, and a visitor meets them by clicking.
  const requestsOnly = w.sandbox.profile === "hostile";
  const steps = story.filter((r) => !requestsOnly || r.n <= 10).flatMap((r) => r.steps.filter((s) => !requestsOnly || s.step.kind === "request").map((s) => ({ r, ...s }))).sort((a, b) => a.at.getTime() - b.at.getTime() || a.r.n - b.r.n);
  // Returns with steps the app may not have finished with (their webhooks and jobs), and when it last caught up.
  const touched = new Set<number>();
  const waiting = new Set<number>();
  let caughtUp = -Infinity;
  const catchUp = async () => {
    await timed("settle", () => settle(w));
    for (const n of waiting) await timed("adopt", () => adopt(w, played.get(n)!));
    waiting.clear();
    touched.clear();
    caughtUp = tm.now().getTime();
    timings?.set("settles", (timings.get("settles") ?? 0) + 1);
  };
  for (const s of steps) {
    // The app catches up (webhooks delivered, jobs run) before a return's next step, and before the clock runs
    // far ahead of what it last saw; meanwhile the next steps of other returns are played.
    if (touched.size && (touched.has(s.r.n) || s.at.getTime() - caughtUp > CATCH_UP_MS)) await catchUp();
    if (touched.size && s.at.getTime() >= (await tokenRefreshAt(w))) await catchUp();
    tm.jumpTo(s.at);
    touched.add(s.r.n);
    if (s.step.kind === "request") {
      await timed("request", () => request(w, s.r, played));
      waiting.add(s.r.n);
      // The link the webhook makes is stamped with the time its job runs: that is when the request arrived.
      await catchUp();
    } else await timed(s.step.kind, () => play(w, played.get(s.r.n)!, s.step, s.at));
  }
  await catchUp();
  return played;
}


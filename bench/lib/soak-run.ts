import { getJwt } from "@shopify/shopify-api/test-helpers";
import { AppError } from "../../app/http/errors.server";
import { RECONCILE_SHOP_JOB } from "../../app/jobs/reconcile-jobs.server";
import { readLeaseState } from "../../app/returns/reconcile-lease.server";
import { createLabel, type CreateLabelInput, type LabelResult } from "../../app/returns/create-label.server";
import { PICKUP_MAY_BE_BOOKED, schedulePickup, type PickupResultView } from "../../app/returns/schedule-pickup.server";
import * as labelRoute from "../../app/routes/api.returns.$returnId.label";
import * as pickupRoute from "../../app/routes/api.returns.$returnId.pickup";
import { approveReturnRequest } from "../../app/shopify/graphql/return-approve-request.server";
import { closeReturn } from "../../app/shopify/graphql/return-close.server";
import { seededRng } from "../../sandbox/lib/rng";
import { seedShop } from "../../sandbox/shopify/seed";
import type { SoakWorld } from "./soak-world";

// The soak's load generator: N returns, started at a fixed pace (not in bursts), each walking
// request -> approve -> label -> tracking -> close through the simulators while faults are injected.
// Merchant and carrier actions go straight to the simulators; the app's own work goes through the faults.

export type Lane = "IFRETURNS" | "REVER" | "REVER_PICKUP";

export interface ReturnPlan {
  index: number;
  lane: Lane;
  /** The label (and pickup) through the real API route with an ID token, else through the use-case. */
  viaApi: boolean;
  /** Two label requests at once, as a double click or two agents. */
  doubleSubmit: boolean;
}

export interface SoakReturn extends ReturnPlan {
  orderName: string;
  returnGid: string;
  processId?: string;
  label?: LabelResult;
  pickup?: PickupResultView;
  /** The flow stopped because an action kept failing (its failures are in `failures`). */
  abandoned?: string;
  done: boolean;
}

export interface AgentFailure {
  index: number;
  action: string;
  kind: string;
  message: string;
  /** An API answer of 500, or an exception that is not one of the app's typed errors: a bug, not a fault. */
  unexplained: boolean;
}

export interface SoakRunOptions {
  returns: number;
  /** New returns started per second (evenly spaced). */
  ratePerSecond: number;
  seed?: number;
  /** At most this many returns walking at once; the pacer waits when the app falls behind. */
  maxInFlight?: number;
  /** How often the shop's reconciliation job is sent (the one-minute tick, sped up). */
  reconcileEveryMs?: number;
  /** How long to wait for every link to converge after the last flow finished. */
  drainTimeoutMs?: number;
  /** Stop draining when no job is pending and the unconverged count has not moved for this long. */
  stallTimeoutMs?: number;
  /** Called about every second with a progress line. */
  onProgress?: (line: string) => void;
  /** Called once when this share of the returns has been started (crash tests kill a worker here). */
  midway?: { atShare: number; action: () => Promise<void> };
}

export interface SoakRun {
  plans: SoakReturn[];
  failures: AgentFailure[];
  startedAt: number;
  injectedMs: number;
  flowsMs: number;
  drainMs: number;
  converged: boolean;
  reconcilePasses: number;
  maxInFlightSeen: number;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export function planReturns(n: number, seed: number): ReturnPlan[] {
  const r = seededRng(seed);
  return Array.from({ length: n }, (_, index) => {
    const x = r();
    const lane: Lane = x < 0.5 ? "IFRETURNS" : x < 0.85 ? "REVER" : "REVER_PICKUP";
    return { index, lane, viaApi: r() < 0.25, doubleSubmit: r() < 0.05 };
  });
}

const ORDER_BASE = {
  customer: { firstName: "Lucía", lastName: "García", email: "lucia@example.com", phone: "+34600111222" },
  shippingAddress: { firstName: "Lucía", lastName: "García", address1: "Calle de Alcalá 45", city: "Madrid", provinceCode: "M", zip: "28014", countryCode: "ES", phone: "+34600111222" },
};

const WINDOWS = [{ startHour: 8, endHour: 12 }];

async function callRoute(world: SoakWorld, route: { action: (a: { request: Request; params: Record<string, string>; context: unknown }) => Promise<Response> }, returnGid: string, action: string, body: unknown): Promise<{ status: number; json: unknown }> {
  const { env } = world.rt;
  const { token } = await getJwt(world.shop.replace(/\.myshopify\.com$/, ""), env.SHOPIFY_API_KEY, env.SHOPIFY_API_SECRET);
  const id = returnGid.split("/").pop()!;
  const request = new Request(`${env.SHOPIFY_APP_URL}/api/returns/${id}/${action}`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json", origin: "https://extensions.shopifycdn.com" },
    body: JSON.stringify(body),
  });
  let res: Response;
  try {
    res = await route.action({ request, params: { returnId: id }, context: { runtime: world.rt } });
  } catch (thrown) {
    if (thrown instanceof Response) res = thrown;
    else throw thrown;
  }
  const text = await res.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: res.status, json };
}

/** An API error answer, turned back into an exception the agent's retry loop records. */
class ApiAnswerError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    const e = (body as { error?: { kind?: string; message?: string } } | null)?.error;
    super(`${status} ${e?.kind ?? "?"}: ${e?.message ?? JSON.stringify(body).slice(0, 300)}`);
    this.name = "ApiAnswerError";
  }
}

function describe(err: unknown): { kind: string; message: string; unexplained: boolean } {
  if (err instanceof ApiAnswerError) {
    const kind = (err.body as { error?: { kind?: string } } | null)?.error?.kind ?? "unknown";
    return { kind: `api-${err.status}-${kind}`, message: err.message, unexplained: err.status >= 500 && err.status !== 502 && err.status !== 503 && err.status !== 504 ? true : kind === "unknown" };
  }
  if (err instanceof AppError) return { kind: err.kind, message: err.message, unexplained: false };
  const e = err as Error;
  return { kind: e?.name ?? "Error", message: e?.message ?? String(err), unexplained: true };
}

export async function runSoak(world: SoakWorld, opts: SoakRunOptions): Promise<SoakRun> {
  const seed = opts.seed ?? 1;
  const plans: SoakReturn[] = planReturns(opts.returns, seed).map((p) => ({ ...p, orderName: "", returnGid: "", done: false }));
  const failures: AgentFailure[] = [];
  const rand = seededRng(seed + 100);
  const ctx = () => world.rt.shop(world.shop);
  const maxInFlight = opts.maxInFlight ?? 200;
  let inFlight = 0;
  let maxInFlightSeen = 0;
  let finished = 0;

  async function agent<T>(p: SoakReturn, action: string, fn: () => Promise<T>, tries = 10): Promise<T> {
    for (let i = 1; ; i++) {
      try {
        return await fn();
      } catch (err) {
        const d = describe(err);
        failures.push({ index: p.index, action, ...d });
        if (i >= tries) throw err;
        // An agent tries again after a moment; a 409 "still being created" needs only a short wait.
        await sleep(300 + Math.floor(rand() * 700) * i);
      }
    }
  }

  async function label(p: SoakReturn): Promise<LabelResult> {
    const input: Omit<CreateLabelInput, "returnGid"> =
      p.lane === "IFRETURNS" ? {} : p.lane === "REVER" ? { provider: "REVER" } : { provider: "REVER", returnMethod: "HOME_PICK_UP", pickupWindows: WINDOWS };
    if (!p.viaApi) return createLabel(ctx(), { returnGid: p.returnGid, ...input });
    const res = await callRoute(world, labelRoute as never, p.returnGid, "label", input);
    if (res.status !== 200) throw new ApiAnswerError(res.status, res.json);
    return res.json as LabelResult;
  }

  async function bookPickup(p: SoakReturn, resolve?: "booked" | "book-again"): Promise<PickupResultView> {
    const input = { windows: WINDOWS, ...(resolve ? { resolve } : {}) };
    if (!p.viaApi) return schedulePickup(ctx(), { returnGid: p.returnGid, ...input });
    const res = await callRoute(world, pickupRoute as never, p.returnGid, "pickup", input);
    if (res.status !== 200) throw new ApiAnswerError(res.status, res.json);
    return res.json as PickupResultView;
  }

  async function pickup(p: SoakReturn): Promise<PickupResultView> {
    try {
      return await bookPickup(p);
    } catch (err) {
      const code = err instanceof ApiAnswerError ? (err.body as { error?: { code?: string } } | null)?.error?.code : err instanceof AppError ? err.code : undefined;
      if (code !== PICKUP_MAY_BE_BOOKED) throw err;
      // What the merchant does when asked: open the return in REVER's back office (seconds later, not the same
      // instant: a booking REVER was still processing when the app gave up is there by then), then answer.
      await sleep(2000);
      const booked = (world.rever.process(p.processId!)?.pickups.length ?? 0) > 0;
      failures.push({ index: p.index, action: "pickup (merchant checks REVER)", kind: "pickup_may_be_booked", message: (err as Error).message, unexplained: false });
      return bookPickup(p, booked ? "booked" : "book-again");
    }
  }

  async function flow(p: SoakReturn): Promise<void> {
    const [order] = await agent(p, "seed order", () =>
      seedShop(world.merchant, { orders: [{ ...ORDER_BASE, lineItems: [{ title: "Linen shirt", quantity: 1, price: "39.90", sku: `SOAK-${p.index}` }], returns: [{ status: "REQUESTED" as const }] }] }),
    );
    p.orderName = order.name;
    p.returnGid = order.returns[0].id;
    const orderNumber = order.name.replace(/^#/, "");
    if (p.lane === "IFRETURNS") world.ifreturns.registerReturn({ merchantReturnName: order.returns[0].name.replace(/^#/, ""), shopCode: "returnsbridgedemo" });
    else {
      p.processId = `proc_${orderNumber}`;
      world.rever.createProcess({ processId: p.processId, orderNumber });
    }
    await sleep(Math.floor(rand() * 400));
    await agent(p, "approve (merchant)", () => approveReturnRequest(world.merchant, { returnId: p.returnGid, notifyCustomer: false }));
    await sleep(Math.floor(rand() * 400));
    p.label = p.doubleSubmit
      ? (await Promise.all([agent(p, "label", () => label(p)), agent(p, "label (second click)", () => label(p))]))[0]
      : await agent(p, "label", () => label(p));
    if (p.lane === "REVER_PICKUP") p.pickup = await agent(p, "pickup", () => pickup(p));
    // The parcel travels: REVER's carrier moves it to the warehouse (reconciliation carries it to Shopify and
    // closes the return); for iF the merchant closes the return when the parcel is in.
    if (p.processId) {
      for (let step = 0; step < 4 && world.rever.process(p.processId)?.summaryStatus !== "IN_WAREHOUSE"; step++) {
        await sleep(200 + Math.floor(rand() * 600));
        world.rever.advanceTracking(p.processId);
      }
    } else {
      await sleep(300 + Math.floor(rand() * 900));
      await agent(p, "close (merchant)", () => closeReturn(world.merchant, p.returnGid));
    }
  }

  const startedAt = Date.now();
  let reconcilePasses = 0;
  let reconciling = true;
  // The reconciliation tick, sped up: a pass every few seconds, the next one only once the last has finished, or
  // at once when the last one's process died (its lease lapsed unfinished), as the app's tick decides.
  const reconciler = (async () => {
    let last: string | null = null;
    while (reconciling) {
      await sleep(opts.reconcileEveryMs ?? 2000);
      if (!reconciling) break;
      try {
        const state = last ? (await world.rt.jobs.getJob(RECONCILE_SHOP_JOB.name, last))?.state : undefined;
        if (state === "PENDING") continue;
        if (state === "RUNNING" && (await readLeaseState(world.db, world.shop)).kind !== "abandoned") continue;
        last = await world.rt.jobs.send(RECONCILE_SHOP_JOB.name, { shop: world.shop }, { shop: world.shop });
        if (last) reconcilePasses++;
      } catch {
        // The queue refused while a worker restarts: the next tick sends again.
      }
    }
  })();
  let started = 0;
  const progress = setInterval(() => {
    opts.onProgress?.(`${Math.round((Date.now() - startedAt) / 1000)} s: started ${started}/${plans.length}, finished ${finished}, in flight ${inFlight}, agent failures ${failures.length}`);
  }, 5000);

  const flows: Promise<void>[] = [];
  const interval = 1000 / opts.ratePerSecond;
  let midwayDone = !opts.midway;
  for (const p of plans) {
    // Evenly spaced from the start time: a late tick does not make the next ones burst.
    const due = startedAt + p.index * interval;
    const wait = due - Date.now();
    if (wait > 0) await sleep(wait);
    while (inFlight >= maxInFlight) await sleep(20);
    inFlight++;
    started++;
    maxInFlightSeen = Math.max(maxInFlightSeen, inFlight);
    flows.push(
      flow(p)
        .then(() => void (p.done = true))
        .catch((err) => void (p.abandoned = describe(err).message))
        .finally(() => {
          inFlight--;
          finished++;
        }),
    );
    if (!midwayDone && started >= Math.ceil(plans.length * opts.midway!.atShare)) {
      midwayDone = true;
      await opts.midway!.action();
    }
  }
  const injectedMs = Date.now() - startedAt;
  await Promise.all(flows);
  const flowsMs = Date.now() - startedAt;

  const drainStarted = Date.now();
  const deadline = drainStarted + (opts.drainTimeoutMs ?? 120_000);
  let converged = false;
  let lastOpen = -1;
  let stuckSince = Date.now();
  for (let quiet = 0; Date.now() < deadline; ) {
    await sleep(1000);
    const [pending, waiting, open] = await Promise.all([
      world.pendingJobs(),
      world.db.webhookDelivery.count({ where: { state: "RECEIVED" } }),
      countNotConverged(world, plans),
    ]);
    opts.onProgress?.(`drain ${Math.round((Date.now() - drainStarted) / 1000)} s: ${pending} jobs pending, ${waiting} deliveries waiting, ${open} returns not converged`);
    quiet = pending === 0 && waiting === 0 && open === 0 ? quiet + 1 : 0;
    if (quiet >= 2) {
      converged = true;
      break;
    }
    // Nothing left to run and nothing changing: reconciliation passes alone are not moving these returns.
    if (pending > 0 || waiting > 0 || open !== lastOpen) stuckSince = Date.now();
    lastOpen = open;
    if (Date.now() - stuckSince > (opts.stallTimeoutMs ?? 60_000)) break;
  }
  reconciling = false;
  clearInterval(progress);
  await reconciler;
  // Let a reconciliation pass that is still running finish before the checks read the state.
  for (let i = 0; i < 100 && (await world.pendingJobs()) > 0; i++) await sleep(200);
  return { plans, failures, startedAt, injectedMs, flowsMs, drainMs: Date.now() - drainStarted, converged, reconcilePasses, maxInFlightSeen };
}

/** Cheap progress probe: returns whose Shopify side or link is not closed yet. */
async function countNotConverged(world: SoakWorld, plans: SoakReturn[]): Promise<number> {
  const closed = new Set((await world.db.returnLink.findMany({ where: { shop: world.shop, status: "CLOSED", providerStatus: "IN_WAREHOUSE" }, select: { returnGid: true } })).map((l) => l.returnGid));
  let open = 0;
  for (const p of plans) {
    if (!p.returnGid || p.abandoned) continue;
    if (world.shopify.store.returns.get(p.returnGid)?.status !== "CLOSED" || !closed.has(p.returnGid)) open++;
  }
  return open;
}

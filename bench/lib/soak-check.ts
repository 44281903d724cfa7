import { labelIdempotencyKey } from "../../app/returns/create-label.server";
import type { SoakRun } from "./soak-run";
import type { SoakWorld } from "./soak-world";

// What the soak proves, read from both sides after the run: the app's database and the simulators' own state
// (every label, logistic order, pickup and reverse delivery the providers and Shopify hold).

export interface DeadJob {
  name: string;
  error: string | null;
  payload: Record<string, unknown>;
}

export interface SoakVerdict {
  returns: number;
  links: number;
  /** Returns whose link never appeared. */
  lostLinks: number;
  /** Labels made at a provider beyond the first, per return (iF shipments, REVER logistic orders). */
  duplicateLabels: number;
  /** Pickups booked beyond the first per pickup return, plus any booked for a return that wanted none. */
  duplicatePickups: number;
  /** Reverse deliveries beyond the first on a reverse fulfillment order in Shopify. */
  duplicateReverseDeliveries: number;
  /** The app's own rows: more than one label row or pickup row for a return. */
  duplicateRows: number;
  converged: number;
  notConverged: Array<{ index: number; lane: string; why: string; visible: string | null; timeline?: string[] }>;
  /** Failures nobody can see: a dead job without its error, an unconverged return without a reason, a 500. */
  invisibleFailures: string[];
  deadJobs: Record<string, number>;
  deadJobSamples: string[];
  failedDeliveries: number;
  agentFailures: number;
  agentFailuresByKind: Record<string, number>;
  agentFailureSamples: string[];
  /** Links that converged but still show the last failure they recovered from. */
  linksShowingOldError: number;
  timelineErrors: number;
  labelCreates: { ifreturns: number; rever: number };
  pickupsBooked: number;
  /** Shopify Admin API use: requests served and query-cost points requested, all returns together. */
  shopifyCost: { requests: number; points: number; throttled: number };
  faults: Record<string, Record<string, number>>;
  webhooks: { attempts: number; events: number; nonSuccess: number; deliveries: number; processed: number; ignored: number };
}

async function deadJobs(world: SoakWorld): Promise<DeadJob[]> {
  if (world.kind === "sqlite") {
    const rows = await world.db.job.findMany({ where: { state: "DEAD" }, select: { name: true, lastError: true, payload: true } });
    return rows.map((r) => ({ name: r.name, error: r.lastError, payload: JSON.parse(r.payload) as Record<string, unknown> }));
  }
  const rows = await world.db.$queryRawUnsafe<Array<{ name: string; output: { message?: string; name?: string } | null; data: { payload?: Record<string, unknown> } | null }>>(
    "SELECT name, output, data FROM pgboss.job WHERE state = 'failed' AND name NOT LIKE '%\\_\\_dead' UNION ALL SELECT name, output, data FROM pgboss.archive WHERE state = 'failed' AND name NOT LIKE '%\\_\\_dead'",
  );
  return rows.map((r) => ({ name: r.name, error: r.output?.message ? `${r.output.name ?? "Error"}: ${r.output.message}` : null, payload: r.data?.payload ?? {} }));
}

const tally = (into: Record<string, number>, key: string) => void (into[key] = (into[key] ?? 0) + 1);

export async function checkSoak(world: SoakWorld, run: SoakRun): Promise<SoakVerdict> {
  const { db, shop, shopify, ifreturns, rever } = world;
  const links = await db.returnLink.findMany({ where: { shop }, include: { shipments: true, pickups: true } });
  const byGid = new Map(links.map((l) => [l.returnGid, l]));
  const failedDeliveries = await db.webhookDelivery.findMany({ where: { shop, state: "FAILED" }, select: { resourceGid: true, reason: true, topic: true } });
  const failedByGid = new Map(failedDeliveries.filter((d) => d.resourceGid).map((d) => [d.resourceGid!, `${d.topic}: ${d.reason}`]));
  const dead = await deadJobs(world);
  const deadByLink = new Map<string, string>();
  const invisible: string[] = [];
  const deadCounts: Record<string, number> = {};
  for (const j of dead) {
    tally(deadCounts, j.name);
    if (!j.error) invisible.push(`dead ${j.name} job without its error (${JSON.stringify(j.payload).slice(0, 120)})`);
    const linkId = typeof j.payload.linkId === "string" ? j.payload.linkId : null;
    if (linkId) deadByLink.set(linkId, `${j.name}: ${j.error}`);
  }
  for (const d of failedDeliveries) if (!d.reason) invisible.push(`failed ${d.topic} delivery without a reason`);

  const verdict: SoakVerdict = {
    returns: run.plans.length,
    links: links.length,
    lostLinks: 0,
    duplicateLabels: 0,
    duplicatePickups: 0,
    duplicateReverseDeliveries: 0,
    duplicateRows: 0,
    converged: 0,
    notConverged: [],
    invisibleFailures: invisible,
    deadJobs: deadCounts,
    deadJobSamples: [...new Set(dead.map((j) => `${j.name}: ${j.error}`))].slice(0, 10),
    failedDeliveries: failedDeliveries.length,
    agentFailures: run.failures.length,
    agentFailuresByKind: {},
    agentFailureSamples: [...new Set(run.failures.map((f) => `${f.action}: ${f.kind}: ${f.message.replace(/\d{6,}/g, "N").slice(0, 200)}`))].slice(0, 12),
    linksShowingOldError: 0,
    timelineErrors: await db.trackingEvent.count({ where: { shop, result: "ERROR" } }),
    labelCreates: { ifreturns: ifreturns.state.createCount, rever: rever.state.createCount },
    pickupsBooked: rever.state.pickupCount,
    shopifyCost: {
      requests: shopify.calls.length,
      points: shopify.calls.reduce((sum, c) => sum + (c.requestedQueryCost ?? 0), 0),
      throttled: shopify.calls.filter((c) => c.throttled).length,
    },
    faults: world.faultTally(),
    webhooks: {
      ...world.webhookTally(),
      deliveries: await db.webhookDelivery.count({ where: { shop } }),
      processed: await db.webhookDelivery.count({ where: { shop, state: "PROCESSED" } }),
      ignored: await db.webhookDelivery.count({ where: { shop, state: "IGNORED" } }),
    },
  };
  for (const f of run.failures) {
    tally(verdict.agentFailuresByKind, f.kind);
    if (f.unexplained) invisible.push(`return ${f.index}: ${f.action} failed with an unexplained error: ${f.message.slice(0, 300)}`);
  }

  const ifByName = new Map<string, typeof ifreturns.state.shipments>();
  for (const sh of ifreturns.state.shipments) {
    if (!sh.clientShipmentId || !sh.clientShipmentName) continue;
    ifByName.set(sh.clientShipmentName, [...(ifByName.get(sh.clientShipmentName) ?? []), sh]);
  }
  for (const p of run.plans) {
    if (!p.returnGid) {
      verdict.notConverged.push({ index: p.index, lane: p.lane, why: `never seeded: ${p.abandoned}`, visible: p.abandoned ?? null });
      continue;
    }
    const link = byGid.get(p.returnGid);
    const ret = shopify.store.returns.get(p.returnGid);
    if (!link) {
      verdict.lostLinks++;
      verdict.notConverged.push({ index: p.index, lane: p.lane, why: "no link", visible: null });
      invisible.push(`return ${p.index}: no link and nothing says why`);
      continue;
    }
    const name = link.normalizedName;
    const deliveries = (ret?.rfoIds ?? []).map((id) => shopify.store.rfos.get(id)!).flatMap((rfo) => rfo.deliveryIds.map((d) => shopify.store.reverseDeliveries.get(d)!));
    for (const rfoId of ret?.rfoIds ?? []) verdict.duplicateReverseDeliveries += Math.max(0, (shopify.store.rfos.get(rfoId)?.deliveryIds.length ?? 0) - 1);
    const appLabels = link.shipments.filter((s) => s.source === "APP");
    verdict.duplicateRows += Math.max(0, appLabels.length - 1) + Math.max(0, link.pickups.length - (p.lane === "REVER_PICKUP" ? 1 : 0));

    let providerDone = false;
    let trackingAtProvider: string | null | undefined;
    if (p.lane === "IFRETURNS") {
      const made = ifByName.get(name) ?? [];
      verdict.duplicateLabels += Math.max(0, made.length - 1);
      const key = ret?.rfoIds[0] ? labelIdempotencyKey(p.returnGid, ret.rfoIds[0]) : null;
      const ours = made.find((s) => s.clientShipmentId === key);
      trackingAtProvider = ours?.trackingNumber;
      providerDone = ours?.trackingStatus === "SHIPPING_COMPLETED";
    } else {
      const proc = p.processId ? rever.process(p.processId) : undefined;
      verdict.duplicateLabels += Math.max(0, (proc?.logisticOrders.length ?? 0) - 1);
      verdict.duplicatePickups += Math.max(0, (proc?.pickups.length ?? 0) - (p.lane === "REVER_PICKUP" ? 1 : 0));
      trackingAtProvider = proc?.logisticOrders[0]?.trackingId;
      providerDone = proc?.summaryStatus === "IN_WAREHOUSE" && (p.lane !== "REVER_PICKUP" || proc.pickups.length === 1);
    }
    const shopifyTracking = deliveries.map((d) => d.tracking?.number ?? null);
    const why: string[] = [];
    if (ret?.status !== "CLOSED") why.push(`Shopify ${ret?.status}`);
    if (link.status !== ret?.status) why.push(`link ${link.status} vs Shopify ${ret?.status}`);
    if (link.providerStatus !== "IN_WAREHOUSE") why.push(`link provider status ${link.providerStatus}`);
    if (!providerDone) why.push("provider not at the warehouse");
    if (!trackingAtProvider || shopifyTracking.length !== 1 || shopifyTracking[0] !== trackingAtProvider) why.push(`tracking provider ${trackingAtProvider} vs Shopify ${shopifyTracking.join(",") || "none"}`);
    if (link.trackingNumber !== trackingAtProvider) why.push(`link tracking ${link.trackingNumber} vs provider ${trackingAtProvider}`);
    if (appLabels.length !== 1 || appLabels[0].state !== "ATTACHED") why.push(`app label rows ${appLabels.map((s) => s.state).join(",") || "none"}`);
    if (why.length === 0) {
      verdict.converged++;
      if (link.lastError) verdict.linksShowingOldError++;
      continue;
    }
    const visible =
      link.lastError ??
      failedByGid.get(p.returnGid) ??
      deadByLink.get(link.id) ??
      appLabels.find((s) => s.error)?.error ??
      (p.abandoned ? `agent gave up: ${p.abandoned}` : null);
    if (!visible) invisible.push(`return ${p.index} (${p.lane}) did not converge and nothing says why: ${why.join("; ")}`);
    verdict.notConverged.push({ index: p.index, lane: p.lane, why: why.join("; "), visible });
  }
  // The story of the first few that did not converge, from their timelines, for whoever reads the report.
  for (const n of verdict.notConverged.slice(0, 3)) {
    const gid = run.plans[n.index].returnGid;
    const link = gid ? byGid.get(gid) : undefined;
    if (!link) continue;
    const events = await db.trackingEvent.findMany({ where: { shop, returnLinkId: link.id }, orderBy: { createdAt: "asc" } });
    n.timeline = events.map((e) => `${e.createdAt.toISOString().slice(11, 23)} ${e.source} ${e.kind} ${e.status ?? ""} ${e.result} ${e.detail?.slice(0, 160) ?? ""}`);
  }
  return verdict;
}

/** The verdict as a few lines for a console or a test failure message. */
export function formatVerdict(v: SoakVerdict): string {
  return [
    `returns ${v.returns}, links ${v.links}, lost links ${v.lostLinks}, converged ${v.converged}`,
    `duplicates: labels ${v.duplicateLabels}, pickups ${v.duplicatePickups}, reverse deliveries ${v.duplicateReverseDeliveries}, app rows ${v.duplicateRows}`,
    `label creates iF ${v.labelCreates.ifreturns}, REVER ${v.labelCreates.rever}; pickups booked ${v.pickupsBooked}`,
    `Shopify: ${v.shopifyCost.requests} requests, ${v.shopifyCost.points} cost points (${Math.round(v.shopifyCost.points / Math.max(1, v.returns))} per return), ${v.shopifyCost.throttled} throttled`,
    `faults injected: ${JSON.stringify(v.faults)}`,
    `webhooks: ${v.webhooks.attempts} attempts for ${v.webhooks.events} events (${v.webhooks.nonSuccess} not answered 2xx); stored ${v.webhooks.deliveries}, processed ${v.webhooks.processed}, ignored ${v.webhooks.ignored}`,
    `agent failures ${v.agentFailures} ${JSON.stringify(v.agentFailuresByKind)}`,
    ...v.agentFailureSamples.map((s) => `  agent: ${s}`),
    `dead jobs ${JSON.stringify(v.deadJobs)}; failed deliveries ${v.failedDeliveries}; timeline errors ${v.timelineErrors}; converged links still showing an old error ${v.linksShowingOldError}`,
    ...v.deadJobSamples.map((s) => `  dead: ${s.slice(0, 300)}`),
    `not converged ${v.notConverged.length}:`,
    ...v.notConverged.slice(0, 15).map((n) => `  #${n.index} ${n.lane}: ${n.why} [${n.visible?.slice(0, 200) ?? "NO VISIBLE REASON"}]${n.timeline ? `\n${n.timeline.map((l) => `      ${l}`).join("\n")}` : ""}`),
    `invisible failures ${v.invisibleFailures.length}:`,
    ...v.invisibleFailures.slice(0, 15).map((s) => `  ${s}`),
  ].join("\n");
}

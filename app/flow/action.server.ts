import { z } from "zod";
import { AppError, ConflictError, isRetryable } from "../http/errors.server";
import type { Runtime } from "../runtime/runtime.server";
import { createLabel, LABEL_MAY_EXIST } from "../returns/create-label.server";
import { isUniqueViolation } from "../returns/claim-once.server";
import { loadOrder, toGid } from "../returns/order-returns.server";
import type { ShopContext } from "../returns/shop-context.server";
import { recordEvent } from "../returns/timeline.server";
import { verifyShopifyHmac } from "../webhooks/verify-hmac.server";
import { FLOW_ACTION_CREATE_LABEL } from "./triggers";

// The Flow action "Create return label" (https://shopify.dev/docs/apps/build/flow/actions/endpoints): Flow POSTs the
// action's payload signed with the app's client secret (X-Shopify-Hmac-Sha256) and waits at most 10 s; it resends
// on no answer, 202, 429 and 5xx. The request is checked (size cap first, then HMAC, then shape), recorded once per
// action_run_id (Flow's idempotency key) and answered 200 at once; a job makes the label through the same
// idempotent use-case as every other way in, so a resend never makes a second label.

export const flowActionPayload = z.object({
  shop_id: z.union([z.string(), z.number()]),
  shopify_domain: z.string().regex(/^[a-z0-9][a-z0-9-]*\.myshopify\.com$/),
  action_run_id: z.string().min(1).max(200),
  handle: z.string(),
  action_definition_id: z.string().optional(),
  properties: z
    .object({
      order_id: z.union([z.string(), z.number()]).transform(String),
      return_id: z.string().trim().optional(),
    })
    .passthrough(),
});

export interface FlowActionAnswer {
  status: number;
  body: string;
}

/** Everything up to the 200: the raw body has been read under its cap by the route. */
export async function acceptFlowAction(rt: Runtime, rawBody: Uint8Array, hmac: string | null): Promise<FlowActionAnswer> {
  if (!verifyShopifyHmac(rawBody, hmac, rt.env.SHOPIFY_API_SECRET)) return { status: 401, body: "Invalid HMAC" };
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(rawBody).toString("utf8"));
  } catch {
    return { status: 400, body: "Body is not JSON" };
  }
  const parsed = flowActionPayload.safeParse(json);
  if (!parsed.success) return { status: 400, body: `Invalid payload: ${parsed.error.issues[0].path.join(".")}` };
  const p = parsed.data;
  if (p.handle !== FLOW_ACTION_CREATE_LABEL.handle) return { status: 404, body: `Unknown action ${p.handle}` };
  const shop = p.shopify_domain;
  if (!(await rt.db.session.findFirst({ where: { shop, isOnline: false }, select: { id: true } }))) return { status: 404, body: "Shop not installed" };
  let orderGid: string;
  let returnGid: string | null;
  try {
    orderGid = toGid("Order", p.properties.order_id);
    returnGid = p.properties.return_id ? toGid("Return", p.properties.return_id) : null;
  } catch (err) {
    return { status: 400, body: (err as Error).message };
  }
  try {
    const run = await rt.db.flowActionRun.create({ data: { shop, actionRunId: p.action_run_id, handle: p.handle, orderGid, returnGid } });
    await rt.jobs.send("flow.action", { shop, runId: run.id }, { shop });
  } catch (err) {
    // Flow resent a run we already have: the same answer, nothing queued twice.
    if (!isUniqueViolation(err)) throw err;
  }
  return { status: 200, body: JSON.stringify({ status: "accepted" }) };
}

/** The label(s) of one action run: the return named, else each open return of the order. */
export async function runFlowAction(ctx: ShopContext, runId: string): Promise<void> {
  const { db, shop } = ctx;
  const run = await db.flowActionRun.findFirst({ where: { id: runId, shop } });
  if (!run || run.state !== "RECEIVED") return;
  try {
    const targets = run.returnGid ? [run.returnGid] : (await loadOrder(ctx, run.orderGid)).returns.nodes.filter((r) => r.status === "OPEN").map((r) => r.id);
    if (!targets.length) throw new AppErrorLike("The order has no open return to make a label for");
    const done: string[] = [];
    for (const returnGid of targets) {
      const label = await createLabel(ctx, { returnGid, approvedBy: { source: "APP", phrase: "by a Shopify Flow action" } });
      done.push(`${label.trackingNumber ?? label.shipmentId}${label.reused ? " (already made)" : ""}`);
      const link = await db.returnLink.findUnique({ where: { shop_returnGid: { shop, returnGid } } });
      if (link) await recordEvent(db, { shop, returnLinkId: link.id, source: "APP", kind: "flow", status: "LABEL_CREATED", detail: `Shopify Flow action "Create return label" (run ${run.actionRunId})`, dedupeKey: `flow-action:${run.id}:${link.id}` });
    }
    await db.flowActionRun.update({ where: { id: run.id }, data: { state: "DONE", detail: `Labels: ${done.join(", ")}`.slice(0, 1000) } });
  } catch (err) {
    if (isRetryable(err)) throw err;
    // Another request is making this label right now: the job tries again (plain Error: retried).
    // Also a label that may already exist: the retry reads the provider again, then creates after the settle time.
    if (err instanceof ConflictError && (err.code === "IN_PROGRESS" || err.code === LABEL_MAY_EXIST)) throw new Error(err.message);
    const message = err instanceof Error ? err.message : String(err);
    await db.flowActionRun.update({ where: { id: run.id }, data: { state: "FAILED", detail: message.slice(0, 1000) } });
    ctx.log.warn("flow.action_failed", { shop, actionRunId: run.actionRunId, err });
    if (!(err instanceof AppError) && !(err instanceof AppErrorLike)) throw err;
  }
}

/** A failure of the action itself (not of a call): recorded on the run, not retried. */
class AppErrorLike extends Error {}

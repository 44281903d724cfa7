import type { ReturnLink } from "@prisma/client";
import { NotFoundError } from "../http/errors.server";
import { derivedReference, isProvider, referenceData } from "../platforms/reference";
import { normalizeReturnName } from "../platforms/return-names";
import type { NormalisedStatus, ProviderId } from "../platforms/types";
import { fetchReturnForSync } from "../shopify/graphql/return-for-sync.server";
import { fetchReturnOrder, type ReturnOrder } from "../shopify/graphql/return-order.server";
import type { FollowUp } from "./follow-ups";
import { assumedFor, canResolveReference } from "./provider-ref.server";
import type { ShopContext } from "./shop-context.server";
import { recordEvent } from "./timeline.server";

// A Shopify return event becomes the stored mapping. Keyed on the return GID (every returns/* payload has it);
// an event older than the last one applied changes nothing; the return is re-read when the payload lacks data.

export type ReturnStatus = "REQUESTED" | "OPEN" | "CLOSED" | "DECLINED" | "CANCELED";
const STATUSES: readonly ReturnStatus[] = ["REQUESTED", "OPEN", "CLOSED", "DECLINED", "CANCELED"];

export interface ReturnEvent {
  topic: string;
  returnGid: string;
  eventId: string;
  eventAt: Date | null;
  payload: Record<string, unknown>;
}


export interface ApplyResult {
  outcome: "applied" | "stale";
  link: ReturnLink | null;
  followUps: FollowUp[];
}

function payloadStatus(payload: Record<string, unknown>): ReturnStatus | null {
  const raw = typeof payload.status === "string" ? payload.status.toUpperCase() : null;
  return raw && (STATUSES as readonly string[]).includes(raw) ? (raw as ReturnStatus) : null;
}

/** One connected provider: that one; both: the shop's default (iF returns when unset); none: unassigned. */
export async function decideProvider(ctx: ShopContext): Promise<ProviderId | null> {
  const connected = await ctx.connectedProviders();
  if (connected.length <= 1) return connected[0] ?? null;
  const preferred = (await ctx.settings()).defaultProvider as ProviderId | null;
  return preferred && connected.includes(preferred) ? preferred : connected[0];
}

/** What the provider should hear when Shopify changes the return's fate (settings permitting); push-status sends a
 *  cancellation by stage and a close only when a parcel travelled. */
function pushFor(topic: string): { status: NormalisedStatus; reason: string } | null {
  if (topic === "returns/cancel") return { status: "CANCELED", reason: "Return canceled in Shopify" };
  if (topic === "returns/decline") return { status: "CANCELED", reason: "Return request declined in Shopify" };
  if (topic === "returns/close") return { status: "IN_WAREHOUSE", reason: "Return closed in Shopify" };
  return null;
}

/** The order's GID as the webhook carries it: `order.admin_graphql_api_id` (full payloads) or `order_id`. */
export function payloadOrderGid(payload: Record<string, unknown>): string | null {
  const order = payload.order as { admin_graphql_api_id?: unknown } | undefined;
  if (typeof order?.admin_graphql_api_id === "string" && /^gid:\/\/shopify\/Order\/\d+$/.test(order.admin_graphql_api_id)) return order.admin_graphql_api_id;
  const id = payload.order_id;
  return (typeof id === "number" || typeof id === "string") && /^\d+$/.test(String(id)) ? `gid://shopify/Order/${id}` : null;
}

/** "#1001-R2" -> "#1001": a return's name is its order's name and a return number (as every capture shows). */
export function orderNameOfReturn(returnName: string): string {
  return returnName.replace(/-R\d+$/, "");
}

/** Who returns it, for the dashboard: set when the link is made only, so customers/redact stays redacted. */
function customerOf(order: ReturnOrder | null) {
  return { customerName: order?.customerName ?? null, customerEmail: order?.email ?? null };
}

export async function applyReturnEvent(ctx: ShopContext, event: ReturnEvent): Promise<ApplyResult> {
  const { db, shop } = ctx;
  const existing = await db.returnLink.findUnique({ where: { shop_returnGid: { shop, returnGid: event.returnGid } } });
  if (existing?.lastEventAt && event.eventAt && event.eventAt < existing.lastEventAt) {
    return { outcome: "stale", link: existing, followUps: [] };
  }

  let status = payloadStatus(event.payload);
  let snapshot: Awaited<ReturnType<typeof fetchReturnForSync>> = null;
  const needsRead = !existing || !status || event.topic === "returns/request" || event.topic === "returns/approve" || event.topic === "returns/update";
  if (needsRead) {
    snapshot = await fetchReturnForSync(await ctx.admin(), event.returnGid);
    if (!snapshot) throw new NotFoundError(`Shopify has no return ${event.returnGid}`, { service: "shopify" });
    status = snapshot.status;
  }

  const lastEventAt = event.eventAt && (!existing?.lastEventAt || event.eventAt > existing.lastEventAt) ? event.eventAt : existing?.lastEventAt ?? event.eventAt;
  let link: ReturnLink;
  if (existing) {
    link = await db.returnLink.update({
      where: { id: existing.id },
      data: {
        status: status!,
        lastEventAt,
        ...(snapshot ? { returnName: snapshot.name } : {}),
        // A link made while its order could not be read learns the order's id from a later event that carries it.
        ...(!existing.orderGid && payloadOrderGid(event.payload) ? { orderGid: payloadOrderGid(event.payload)! } : {}),
      },
    });
  } else {
    const provider = await decideProvider(ctx);
    const normalizedName = normalizeReturnName(snapshot!.name);
    // The provider's reference is known only when the merchant turned on an assumed derivation; else it waits.
    const derived = provider ? derivedReference(provider, await assumedFor(ctx, provider), normalizedName) : null;
    // The order may be out of the app's reach (older than 60 days, protected data refused): the return and its
    // webhook still say which order it is.
    const order = await fetchReturnOrder(await ctx.admin(), event.returnGid);
    if (!order) ctx.log.info("return.order_unreadable", { shop, returnGid: event.returnGid });
    const data = {
      returnName: snapshot!.name,
      normalizedName,
      orderGid: order?.id ?? payloadOrderGid(event.payload) ?? "",
      orderName: order?.name ?? orderNameOfReturn(snapshot!.name),
      ...customerOf(order),
      status: status!,
      ...referenceData(provider, derived, derived ? "DERIVED" : null),
      lastEventAt,
    };
    // Upsert: two deliveries of the same new return may be processed at the same time.
    link = await db.returnLink.upsert({
      where: { shop_returnGid: { shop, returnGid: event.returnGid } },
      create: { shop, returnGid: event.returnGid, ...data },
      update: { status: status!, lastEventAt },
    });
  }

  await recordEvent(db, {
    shop,
    returnLinkId: link.id,
    source: "SHOPIFY",
    kind: "status",
    status: status!,
    detail: event.topic,
    dedupeKey: `shopify:${event.eventId}`,
    occurredAt: event.eventAt ?? new Date(),
  });

  const followUps: FollowUp[] = [];
  if (isProvider(link.provider) && link.referenceState === "PENDING" && (await canResolveReference(ctx, link.provider))) followUps.push({ kind: "resolve-reference", linkId: link.id });
  const push = pushFor(event.topic);
  if (push && link.provider) {
    const settings = await ctx.settings();
    const wanted = push.status === "CANCELED" ? settings.pushCancellations : true;
    if (wanted) followUps.push({ kind: "push-status", linkId: link.id, eventId: event.eventId, ...push });
  }
  return { outcome: "applied", link, followUps };
}

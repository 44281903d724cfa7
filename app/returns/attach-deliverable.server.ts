import type { ReturnLink } from "@prisma/client";
import { NotFoundError } from "../http/errors.server";
import type { LabelFormat } from "../platforms/types";
import { safeHttpUrl } from "../security/safe-url";
import { fetchReverseDeliveryForAttach } from "../shopify/graphql/reverse-delivery-for-attach.server";
import { applyReturnEvent } from "./apply-return-event.server";
import type { FollowUp } from "./follow-ups";
import type { ShopContext } from "./shop-context.server";
import { recordEvent } from "./timeline.server";

// reverse_deliveries/attach_deliverable: a label or tracking was attached to a Shopify return. When it is our
// own write coming back, nothing happens; when someone else attached it, it is stored and pushed to the provider.

export interface AttachEvent {
  reverseDeliveryGid: string;
  eventId: string;
  eventAt: Date | null;
  payload: Record<string, unknown>;
}

export type AttachOutcome =
  | { outcome: "echo" | "no-tracking" | "unchanged"; link: ReturnLink | null; followUps: FollowUp[] }
  | { outcome: "external"; link: ReturnLink; shipmentId: string; followUps: FollowUp[] };

/** "https://.../label.pdf?sig=..." -> PDF: iF wants the format with the label URL. */
export function labelFormatFromUrl(url: string | null): LabelFormat | null {
  if (!url) return null;
  const ext = /\.([a-z0-9]{3,4})(?:$|[?#])/i.exec(new URL(url, "http://x").pathname + "")?.[1]?.toLowerCase();
  return ext === "pdf" ? "PDF" : ext === "png" ? "PNG" : ext === "zpl" ? "ZPL" : ext === "jpg" || ext === "jpeg" ? "JPG" : null;
}

export async function handleAttachedDeliverable(ctx: ShopContext, event: AttachEvent): Promise<AttachOutcome> {
  const { db, shop } = ctx;
  const rd = await fetchReverseDeliveryForAttach(await ctx.admin(), event.reverseDeliveryGid);
  if (!rd) throw new NotFoundError(`Shopify has no reverse delivery ${event.reverseDeliveryGid}`, { service: "shopify" });
  const payloadReturn = (event.payload.return as { admin_graphql_api_id?: string } | undefined)?.admin_graphql_api_id;
  const returnGid = rd.returnId ?? payloadReturn;
  if (!returnGid) throw new NotFoundError(`No return found for reverse delivery ${rd.reverseDeliveryId}`, { service: "shopify" });

  let link = await db.returnLink.findUnique({ where: { shop_returnGid: { shop, returnGid } } });
  const followUps: FollowUp[] = [];
  if (!link) {
    const applied = await applyReturnEvent(ctx, { topic: "returns/update", returnGid, eventId: event.eventId, eventAt: null, payload: {} });
    link = applied.link;
    followUps.push(...applied.followUps);
  }
  if (!link) throw new NotFoundError(`No link for ${returnGid}`, { service: "shopify" });
  if (!rd.trackingNumber && !rd.labelUrl) return { outcome: "no-tracking", link, followUps };

  // Our own write (reverseDeliveryCreateWithShipping / ShippingUpdate) coming back: do nothing.
  const ours = await db.shipment.findFirst({
    where: {
      shop,
      returnLinkId: link.id,
      source: "APP",
      OR: [{ reverseDeliveryGid: rd.reverseDeliveryId }, ...(rd.trackingNumber ? [{ trackingNumber: rd.trackingNumber }] : [])],
    },
  });
  if (ours && (!rd.trackingNumber || ours.trackingNumber === rd.trackingNumber)) return { outcome: "echo", link, followUps };

  const key = `external:${rd.reverseDeliveryId}`;
  const before = await db.shipment.findUnique({ where: { shop_provider_idempotencyKey: { shop, provider: link.provider ?? "NONE", idempotencyKey: key } } });
  // Stored and rendered later: only http(s) URLs are kept, whoever attached the deliverable.
  const labelUrl = safeHttpUrl(rd.labelUrl) ?? null;
  const data = {
    trackingNumber: rd.trackingNumber,
    trackingUrl: safeHttpUrl(rd.trackingUrl) ?? null,
    carrier: rd.carrierName,
    labelUrl,
    labelFormat: labelFormatFromUrl(labelUrl),
    reverseDeliveryGid: rd.reverseDeliveryId,
    reverseFulfillmentOrderGid: rd.reverseFulfillmentOrderId,
  };
  if (before && before.trackingNumber === data.trackingNumber && before.labelUrl === data.labelUrl && before.trackingUrl === data.trackingUrl) {
    return { outcome: "unchanged", link, followUps };
  }
  const shipment = await db.shipment.upsert({
    where: { shop_provider_idempotencyKey: { shop, provider: link.provider ?? "NONE", idempotencyKey: key } },
    create: { shop, returnLinkId: link.id, provider: link.provider ?? "NONE", idempotencyKey: key, source: "EXTERNAL", state: "ATTACHED", ...data },
    update: data,
  });
  link = await db.returnLink.update({
    where: { id: link.id },
    data: { trackingNumber: rd.trackingNumber ?? link.trackingNumber, trackingUrl: data.trackingUrl ?? link.trackingUrl },
  });
  await recordEvent(db, {
    shop,
    returnLinkId: link.id,
    source: "SHOPIFY",
    kind: "tracking",
    status: "LABEL_CREATED",
    detail: [rd.carrierName, rd.trackingNumber, rd.labelUrl ? "label attached" : null].filter(Boolean).join(" · "),
    dedupeKey: `shopify:${event.eventId}`,
    occurredAt: event.eventAt ?? new Date(),
  });
  if (link.provider) followUps.push({ kind: "push-tracking", linkId: link.id, shipmentId: shipment.id });
  return { outcome: "external", link, shipmentId: shipment.id, followUps };
}

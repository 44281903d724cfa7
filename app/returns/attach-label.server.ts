import type { ReturnLink, Shipment } from "@prisma/client";
import { AppError, NotFoundError } from "../http/errors.server";
import type { DownloadedLabel, ReturnsPlatform } from "../platforms/types";
import type { AdminClient } from "../shopify/graphql-client.server";
import { fetchReturnForSync, type ReturnForSync } from "../shopify/graphql/return-for-sync.server";
import { createReverseDeliveryWithShipping } from "../shopify/graphql/reverse-delivery-create-with-shipping.server";
import { updateReverseDeliveryShipping } from "../shopify/graphql/reverse-delivery-shipping-update.server";
import { uploadReturnLabel } from "../shopify/upload-return-label.server";
import { providerRefOf } from "./provider-ref.server";
import type { ShopContext } from "./shop-context.server";
import { recordEvent } from "./timeline.server";

// A label the provider made, brought to the Shopify return: the file (PDF or PNG, read from its bytes) through a
// staged upload, and the tracking on the reverse fulfillment order's delivery, created once or updated.

type Rfo = ReturnForSync["reverseFulfillmentOrders"]["nodes"][number];

const CUSTOMER_PRINTABLE = new Set<string>(["PDF", "PNG"]);

/** Fetch the label file, asking the provider for a fresh URL once when the stored one has expired. */
export async function downloadLabelOf(platform: ReturnsPlatform, link: ReturnLink, row: Shipment, db: ShopContext["db"]): Promise<DownloadedLabel> {
  if (!row.labelUrl) throw new NotFoundError("This label has no file at the provider", { service: "app" });
  try {
    return await platform.downloadLabel(row.labelUrl);
  } catch (err) {
    if (!(err instanceof NotFoundError) && !(err instanceof AppError && err.status === 403)) throw err;
    const fresh = await platform.findLabel(providerRefOf(link), row.idempotencyKey);
    if (!fresh?.labelUrl || fresh.labelUrl === row.labelUrl) throw err;
    await db.shipment.update({ where: { id: row.id }, data: { labelUrl: fresh.labelUrl } });
    return platform.downloadLabel(fresh.labelUrl);
  }
}

export async function attachToShopify(
  ctx: ShopContext,
  admin: AdminClient,
  platform: ReturnsPlatform,
  link: ReturnLink,
  row: Shipment,
  rfo: Rfo,
  notifyCustomer: boolean,
): Promise<Shipment> {
  const { db, shop } = ctx;
  let fileUrl: string | null = null;
  let format = row.labelFormat;
  if (row.labelUrl && (format === null || CUSTOMER_PRINTABLE.has(format))) {
    const file = await downloadLabelOf(platform, link, row, db);
    format = file.format ?? format;
    if (file.format === "PDF" || file.format === "PNG") {
      const ext = file.format === "PDF" ? "pdf" : "png";
      const uploaded = await uploadReturnLabel(admin, {
        bytes: file.bytes,
        filename: `return-${link.normalizedName}-label.${ext}`,
        mimeType: file.format === "PDF" ? "application/pdf" : "image/png",
      });
      fileUrl = uploaded.fileUrl;
    }
  }
  const tracking = row.trackingNumber ? { number: row.trackingNumber, url: row.trackingUrl } : null;
  let reverseDeliveryGid = row.reverseDeliveryGid;
  let shopifyLabelUrl: string | null = null;
  if (tracking || fileUrl) {
    // A delivery already on this reverse fulfillment order (ours from a lost answer, or someone else's) is updated, never duplicated.
    const existing = rfo.reverseDeliveries.nodes.find((d) => d.id === row.reverseDeliveryGid) ?? rfo.reverseDeliveries.nodes[0];
    const rd = existing
      ? await updateReverseDeliveryShipping(admin, { reverseDeliveryId: existing.id, tracking, labelFileUrl: fileUrl, notifyCustomer })
      : await createReverseDeliveryWithShipping(admin, {
          reverseFulfillmentOrderId: rfo.id,
          tracking,
          labelFileUrl: fileUrl,
          notifyCustomer,
          // After a lost answer the delivery may exist: find it on the return rather than create (and be refused) again.
          findExisting: async () => {
            const fresh = await fetchReturnForSync(admin, link.returnGid);
            const made = fresh?.reverseFulfillmentOrders.nodes
              .find((n) => n.id === rfo.id)
              ?.reverseDeliveries.nodes.find((d) => (tracking ? d.deliverable?.tracking?.number === tracking.number : true));
            return made ? { id: made.id, reverseFulfillmentOrder: { id: rfo.id }, reverseDeliveryLineItems: { nodes: [] }, deliverable: made.deliverable } : undefined;
          },
        });
    reverseDeliveryGid = rd.id;
    shopifyLabelUrl = fileUrl ? (rd.deliverable?.label?.publicFileUrl ?? fileUrl) : null;
  }
  const attached = await db.shipment.update({
    where: { id: row.id },
    data: { state: "ATTACHED", error: null, labelFormat: format, reverseDeliveryGid, shopifyLabelUrl },
  });
  await db.returnLink.update({
    where: { id: link.id },
    data: { lastSyncedAt: new Date(), lastSyncChange: `Label attached to Shopify${row.trackingNumber ? ` (${row.trackingNumber})` : ""}` },
  });
  await recordEvent(db, {
    shop,
    returnLinkId: link.id,
    source: "APP",
    kind: "label",
    status: "LABEL_CREATED",
    detail: shopifyLabelUrl
      ? `Label and tracking ${row.trackingNumber ?? ""} attached to the Shopify return${notifyCustomer ? " (customer notified)" : ""}`.replace("  ", " ")
      : `Tracking ${row.trackingNumber ?? ""} attached to the Shopify return; ${format ?? "the"} label kept for download`.replace("  ", " "),
    dedupeKey: `label-attached:${row.id}:${reverseDeliveryGid ?? "none"}`,
  });
  return attached;
}

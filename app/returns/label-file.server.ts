import { ValidationError } from "../http/errors.server";
import { describeNonLabel } from "../platforms/label-bytes";
import type { LabelFormat, ProviderId } from "../platforms/types";
import { downloadLabelOf } from "./attach-label.server";
import { findLink, notInShop } from "./order-returns.server";
import { PROVIDER_NAMES } from "./provider-ref.server";
import type { ShopContext } from "./shop-context.server";

// The label file of a return, for the print action and warehouse downloads: fetched from the provider through
// the outbound gate, and served only when its bytes are a PDF, PNG, JPEG or ZPL label.

export interface LabelFile {
  bytes: Uint8Array;
  /** Recognised from the bytes: the only thing that decides how the file is served. */
  format: LabelFormat;
  filename: string;
}

/** The label file of a return of this shop (its latest label, or the one named), fetched from the provider. */
export async function labelFileFor(ctx: ShopContext, input: { returnGid: string; shipmentId?: string }): Promise<LabelFile> {
  const { db, shop } = ctx;
  const link = await findLink(ctx, input.returnGid);
  if (!link) throw notInShop("The return");
  const row = await db.shipment.findFirst({
    where: { shop, returnLinkId: link.id, source: "APP", state: { in: ["CREATED", "ATTACHED"] }, labelUrl: { not: null }, ...(input.shipmentId ? { id: input.shipmentId } : {}) },
    orderBy: { createdAt: "desc" },
  });
  if (!row) throw notInShop("A label for this return");
  const provider = row.provider as ProviderId;
  const platform = await ctx.platform(provider);
  const file = await downloadLabelOf(platform, link, row, db);
  if (!file.format) {
    // Never served, whatever its host called it: HTML or SVG would run on the app's origin.
    ctx.log.warn("label.not_a_label", { shop, shipmentId: row.id, provider, claimed: file.contentType });
    throw new ValidationError(
      `The label file ${PROVIDER_NAMES[provider]} sent is ${describeNonLabel(file.bytes)}, not a PDF, PNG, JPEG or ZPL label, so it was not opened. Ask ${PROVIDER_NAMES[provider]} for the label again.`,
      { service: "download", code: "NOT_A_LABEL_FILE" },
    );
  }
  return { bytes: file.bytes, format: file.format, filename: `return-${link.normalizedName}-label.${file.format.toLowerCase()}` };
}

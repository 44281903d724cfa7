import { apiRoute, parseBody } from "../api/extension-api.server";
import { createLabelBody } from "../api/schemas.server";
import { createLabel } from "../returns/create-label.server";
import { toGid } from "../returns/order-returns.server";

// POST /api/returns/:returnId/label: create (or get back) the return's label and attach it in Shopify.
const route = apiRoute(["POST"], async ({ request, ctx, params }) => {
  const returnGid = toGid("Return", params.returnId ?? "");
  const body = await parseBody(request, createLabelBody);
  const { manualLabel, ...rest } = body;
  return createLabel(ctx, {
    returnGid,
    ...rest,
    ...(manualLabel
      ? {
          manualLabel: {
            file: new Uint8Array(Buffer.from(manualLabel.fileBase64, "base64")),
            extension: manualLabel.extension,
            carrier: manualLabel.carrier,
            trackingNumber: manualLabel.trackingNumber,
            trackingUrl: manualLabel.trackingUrl,
          },
        }
      : {}),
  });
});

export const loader = route;
export const action = route;

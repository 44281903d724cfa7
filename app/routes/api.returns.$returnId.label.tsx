import { apiEndpoint } from "../api/extension-api.server";
import { createLabel } from "../returns/create-label.server";
import { toGid } from "../returns/order-returns.server";

// POST /api/returns/:returnId/label: create (or get back) the return's label and attach it in Shopify.
const route = apiEndpoint("createLabel", async ({ ctx, params, body }) => {
  const { manualLabel, ...rest } = body;
  return createLabel(ctx, {
    returnGid: toGid("Return", params.returnId ?? ""),
    ...rest,
    ...(manualLabel ? { manualLabel: { ...manualLabel, file: new Uint8Array(Buffer.from(manualLabel.fileBase64, "base64")) } } : {}),
  });
});

export const loader = route;
export const action = route;

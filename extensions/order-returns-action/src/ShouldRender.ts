import type { Api } from "@shopify/ui-extensions/admin.order-details.action.should-render";
import { orderHasReturns } from "../../shared/should-render";

// Shows the action only on orders that have returns (one small Admin API read, no app backend call).
const shopify = (globalThis as unknown as { shopify: Api }).shopify;

export default async () => ({ display: await orderHasReturns(shopify) });

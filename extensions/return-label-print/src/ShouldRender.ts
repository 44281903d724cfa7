import type { Api } from "@shopify/ui-extensions/admin.order-details.print-action.should-render";
import { orderHasReturns } from "../../shared/should-render";

// The print action appears only on orders that have returns.
const shopify = (globalThis as unknown as { shopify: Api }).shopify;

export default async () => ({ display: await orderHasReturns(shopify) });

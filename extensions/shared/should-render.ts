import type { ReturnsBridgeOrderHasReturnsQuery, ReturnsBridgeOrderHasReturnsQueryVariables } from "../../app/shopify/types/admin.generated";

// Both order-page extensions appear only on orders with returns: one direct Admin API read, no backend call.

export const ORDER_HAS_RETURNS = `#graphql
  query ReturnsBridgeOrderHasReturns($id: ID!) {
    order(id: $id) {
      returns(first: 1) {
        nodes {
          id
        }
      }
    }
  }
` as const;

interface QueryApi {
  data: { selected: Array<{ id: string }> };
  query: <Data = unknown, Variables = Record<string, unknown>>(query: string, options?: { variables?: Variables }) => Promise<{ data?: Data; errors?: unknown[] }>;
}

/** True when the selected order has at least one return; on a failed or empty read, show the action (it explains itself). */
export async function orderHasReturns(api: QueryApi): Promise<boolean> {
  const id = api.data.selected[0]?.id;
  if (!id) return false;
  try {
    const res = await api.query<ReturnsBridgeOrderHasReturnsQuery, ReturnsBridgeOrderHasReturnsQueryVariables>(ORDER_HAS_RETURNS, { variables: { id } });
    if (res.errors?.length || !res.data) return true;
    // No order: Shopify serves only the last 60 days of orders without read_all_orders; the action explains itself.
    if (!res.data.order) return true;
    return res.data.order.returns.nodes.length > 0;
  } catch {
    return true;
  }
}

import type { ShopStore } from "./store";
import { legacyId, type SimDisposition, type SimReturn, type SimReverseDelivery, type SimRfo, type SimRfoLineItem, type WebhookEvent } from "./store-model";

// Webhook payloads in the shapes of Shopify's published samples (decision record 0005, "Webhook payloads").

export function fullReturnPayload(store: ShopStore, r: SimReturn): Record<string, unknown> {
  return {
    id: legacyId(r.id),
    admin_graphql_api_id: r.id,
    status: r.status.toLowerCase(),
    order: { id: legacyId(r.orderId), admin_graphql_api_id: r.orderId },
    total_return_line_items: r.lineItemIds.length,
    name: r.name,
    return_line_items: r.lineItemIds.map((id) => {
      const rli = store.returnLineItems.get(id)!;
      const fli = store.fulfillmentLineItems.get(rli.fulfillmentLineItemId)!;
      return {
        id: legacyId(rli.id),
        admin_graphql_api_id: rli.id,
        fulfillment_line_item: {
          id: legacyId(fli.id),
          admin_graphql_api_id: fli.id,
          line_item: { id: legacyId(fli.lineItemId), admin_graphql_api_id: fli.lineItemId },
        },
        quantity: rli.quantity,
        return_reason: rli.returnReason.toLowerCase(),
        return_reason_note: rli.returnReasonNote,
        customer_note: rli.customerNote,
      };
    }),
    return_shipping_fees: [],
    exchange_line_items: [],
    total_exchange_line_items: 0,
  };
}

export function shortReturnPayload(r: SimReturn): Record<string, unknown> {
  return { id: legacyId(r.id), admin_graphql_api_id: r.id, order_id: legacyId(r.orderId), status: r.status.toLowerCase() };
}

export function declinePayload(r: SimReturn): Record<string, unknown> {
  return { id: legacyId(r.id), admin_graphql_api_id: r.id, status: "declined", decline: { reason: r.decline!.reason.toLowerCase(), note: r.decline!.note } };
}

export function removalsPayload(r: SimReturn, removals: Array<{ admin_graphql_api_id: string; delta: number }>): Record<string, unknown> {
  return {
    admin_graphql_api_id: r.id,
    return_line_items: { removals },
    restocking_fees: { updates: [], removals: [] },
    return_shipping_fees: { updates: [], removals: [] },
  };
}

export function attachDeliverableEvent(store: ShopStore, rd: SimReverseDelivery): WebhookEvent {
  const rfo = store.rfos.get(rd.rfoId)!;
  return {
    topic: "reverse_deliveries/attach_deliverable",
    payload: {
      id: legacyId(rd.id),
      admin_graphql_api_id: rd.id,
      return: { id: legacyId(rfo.returnId), admin_graphql_api_id: rfo.returnId },
      shipping_deliverable: {
        tracking: {
          carrier_name: rd.tracking?.carrierName ?? null,
          tracking_number: rd.tracking?.number ?? null,
          tracking_url: rd.tracking?.url ?? null,
        },
        label: rd.label ? { public_file_url: rd.label.publicFileUrl, created_at: rd.label.createdAt } : null,
      },
    },
  };
}

/**
 * reverse_fulfillment_orders/dispose: the reverse fulfillment order and the dispositions just recorded, in the shape of
 * Shopify's sample payload as mirrored by generated public code (sadsciencee/shopify-webhooks-go
 * pkg/v2025_01/payload/reverse_fulfillment_orders_dispose.go).
 */
export function disposeEvent(rfo: SimRfo, disposed: Array<{ line: SimRfoLineItem; disposition: SimDisposition }>): WebhookEvent {
  return {
    topic: "reverse_fulfillment_orders/dispose",
    payload: {
      id: legacyId(rfo.id),
      admin_graphql_api_id: rfo.id,
      total_dispositions: disposed.length,
      dispositions: disposed.map(({ line, disposition }) => ({
        reverse_fulfillment_order_line_item: { id: legacyId(line.id), admin_graphql_api_id: line.id },
        reverse_delivery_line_item: null,
        type: disposition.type.toLowerCase(),
        location: disposition.locationId ? { id: legacyId(disposition.locationId), admin_graphql_api_id: disposition.locationId } : null,
        quantity: disposition.quantity,
      })),
    },
  };
}

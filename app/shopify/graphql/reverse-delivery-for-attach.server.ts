import { z } from "zod";
import { parseData, type AdminClient } from "../graphql-client.server";
import { deliverableSchema, nodesOf } from "./shared-schemas.server";

// A reverse delivery as reverse_deliveries/attach_deliverable announces it: its label and tracking, and the
// return it belongs to (found through the order's returns: ReverseFulfillmentOrder has no `return` field).

export const REVERSE_DELIVERY_FOR_ATTACH = `#graphql
  query ReverseDeliveryForAttach($id: ID!) {
    reverseDelivery(id: $id) {
      id
      deliverable {
        __typename
        ... on ReverseDeliveryShippingDeliverable {
          tracking {
            number
            url
            carrierName
          }
          label {
            publicFileUrl
          }
        }
      }
      reverseFulfillmentOrder {
        id
        order {
          id
          returns(first: 20) {
            nodes {
              id
              reverseFulfillmentOrders(first: 10) {
                nodes {
                  id
                }
              }
            }
          }
        }
      }
    }
  }
`;

export const reverseDeliveryForAttachSchema = z.object({
  reverseDelivery: z
    .object({
      id: z.string(),
      deliverable: deliverableSchema,
      reverseFulfillmentOrder: z.object({
        id: z.string(),
        order: z
          .object({
            id: z.string(),
            returns: nodesOf(z.object({ id: z.string(), reverseFulfillmentOrders: nodesOf(z.object({ id: z.string() })) })),
          })
          .nullable(),
      }),
    })
    .nullable(),
});

export interface AttachedDeliverable {
  reverseDeliveryId: string;
  reverseFulfillmentOrderId: string;
  returnId: string | null;
  trackingNumber: string | null;
  trackingUrl: string | null;
  carrierName: string | null;
  labelUrl: string | null;
}

export async function fetchReverseDeliveryForAttach(client: AdminClient, id: string): Promise<AttachedDeliverable | null> {
  // The order may be out of the app's reach (older than 60 days): it comes back null and the webhook's return id serves.
  const res = await client.request(REVERSE_DELIVERY_FOR_ATTACH, { id }, { allowPartial: true });
  const rd = parseData("ReverseDeliveryForAttach", reverseDeliveryForAttachSchema, res.data).reverseDelivery;
  if (!rd) return null;
  const rfoId = rd.reverseFulfillmentOrder.id;
  const ret = rd.reverseFulfillmentOrder.order?.returns.nodes.find((r) => r.reverseFulfillmentOrders.nodes.some((n) => n.id === rfoId));
  return {
    reverseDeliveryId: rd.id,
    reverseFulfillmentOrderId: rfoId,
    returnId: ret?.id ?? null,
    trackingNumber: rd.deliverable?.tracking?.number ?? null,
    trackingUrl: rd.deliverable?.tracking?.url ?? null,
    carrierName: rd.deliverable?.tracking?.carrierName ?? null,
    labelUrl: rd.deliverable?.label?.publicFileUrl ?? null,
  };
}

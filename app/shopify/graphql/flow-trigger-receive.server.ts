import { ValidationError } from "../../http/errors.server";
import type { AdminClient } from "../graphql-client.server";

// Start the merchant's Shopify Flow workflows that begin with one of the app's triggers
// (https://shopify.dev/docs/apps/build/flow/triggers/reference): the trigger's handle and a payload whose keys are
// the fields its extension TOML declares (`order_id` for an order reference).

export const FLOW_TRIGGER_RECEIVE = `#graphql
  mutation FlowTriggerReceive($handle: String!, $payload: JSON!) {
    flowTriggerReceive(handle: $handle, payload: $payload) {
      userErrors {
        field
        message
      }
    }
  }
` as const;

export interface FlowTriggerReceiveVariables {
  handle: string;
  payload: Record<string, unknown>;
}

export async function receiveFlowTrigger(client: AdminClient, variables: FlowTriggerReceiveVariables): Promise<void> {
  const res = await client.request(FLOW_TRIGGER_RECEIVE, { ...variables });
  const errors = res.data.flowTriggerReceive?.userErrors ?? [];
  // UserError (not ReturnUserError): no code to classify by, and every refusal is about the payload.
  if (errors.length) throw new ValidationError(`Shopify Flow refused trigger ${variables.handle}: ${errors.map((e) => e.message).join("; ")}`, { service: "shopify" });
}

// The app's Shopify Flow triggers (extensions/flow-*/shopify.extension.toml): what Flow cannot see without the app.
// Flow already has its own return approved / closed triggers, so they are not repeated here. Every payload carries
// the order (order_reference: `order_id`, the numeric id) and the return's id and name; field keys are letters and
// spaces only, as the CLI requires of trigger fields. A test keeps this table and the TOML files in step.

export type FlowTriggerName = "label-created" | "pickup-booked" | "parcel-in-transit" | "parcel-arrived" | "sync-failed";

export interface FlowTriggerDefinition {
  handle: string;
  /** Folder under extensions/. */
  extension: string;
  /** Custom fields beyond the order, "Return ID" and "Return name" (all single-line text). */
  extraFields: readonly string[];
}

export const FLOW_TRIGGERS: Record<FlowTriggerName, FlowTriggerDefinition> = {
  "label-created": { handle: "return-label-created", extension: "flow-return-label-created", extraFields: ["Provider", "Carrier", "Tracking number"] },
  "pickup-booked": { handle: "return-pickup-booked", extension: "flow-return-pickup-booked", extraFields: ["Provider", "Pickup windows"] },
  "parcel-in-transit": { handle: "return-parcel-in-transit", extension: "flow-return-parcel-in-transit", extraFields: ["Provider", "Tracking number"] },
  "parcel-arrived": { handle: "return-parcel-arrived", extension: "flow-return-parcel-arrived", extraFields: ["Arrival source"] },
  "sync-failed": { handle: "return-sync-failed", extension: "flow-return-sync-failed", extraFields: ["Error message"] },
};

export const COMMON_FIELDS = ["Return ID", "Return name"] as const;

/** The action extension: "Create return label". */
export const FLOW_ACTION_CREATE_LABEL = { handle: "create-return-label", extension: "flow-create-return-label", path: "/flow/actions/create-return-label" } as const;

export interface FlowSubject {
  returnGid: string;
  returnName: string;
  orderGid: string;
}

/** One line of text (Flow's single_line_text_field), at most 255 characters. */
function line(value: string | null | undefined): string {
  return (value ?? "").replace(/[\r\n\t]+/g, " ").trim().slice(0, 255);
}

/** The payload of a trigger: every field it declares, in the trigger reference's shape. */
export function flowPayload(trigger: FlowTriggerName, subject: FlowSubject, extra: Partial<Record<string, string | null>> = {}): Record<string, unknown> {
  const orderId = Number(/\/(\d+)$/.exec(subject.orderGid)?.[1] ?? NaN);
  const payload: Record<string, unknown> = { order_id: orderId, "Return ID": subject.returnGid, "Return name": line(subject.returnName) };
  for (const f of FLOW_TRIGGERS[trigger].extraFields) payload[f] = line(extra[f]);
  return payload;
}

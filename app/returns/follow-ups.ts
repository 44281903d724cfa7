import type { NormalisedStatus } from "../platforms/types";

/** Work a use-case leaves to do after its own change is stored, each run by the job layer in its own job so a
 *  provider fault never blocks the change that caused it. */
export type FollowUp =
  | { kind: "resolve-reference"; linkId: string }
  | { kind: "push-status"; linkId: string; status: NormalisedStatus; reason: string; eventId: string }
  | { kind: "push-tracking"; linkId: string; shipmentId: string }
  /** The merchant asked: compare the link with Shopify and its provider again. */
  | { kind: "sync-link"; linkId: string }
  /** The merchant asked: send the link's latest tracking to its provider again. */
  | { kind: "push-link-tracking"; linkId: string }
  /** Automation rules on an event that may make them true (app/automation): requested, approved, parcel arrived. */
  | { kind: "automation"; linkId: string; event: "requested" | "approved" | "arrived"; source?: "REVER" | "SHOPIFY" | "MERCHANT"; retry?: boolean };

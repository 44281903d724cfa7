// Where a return is on its journey, from what the link already stores: Shopify's status and the provider's
// normalised status. Shared by the analytics (counts per stage) and the dashboard (its `stage` filter), so a
// number on the analytics page and the list it links to count the same returns.

export const STAGES = ["REQUESTED", "APPROVED", "LABEL_CREATED", "PICKUP_BOOKED", "IN_TRANSIT", "IN_WAREHOUSE", "CLOSED", "PROBLEM", "CANCELED", "DECLINED"] as const;
export type Stage = (typeof STAGES)[number];

/** Provider statuses of an open return, per stage (null: none recorded yet). */
export const OPEN_STAGE_PROVIDER_STATUSES: Record<"APPROVED" | "LABEL_CREATED" | "PICKUP_BOOKED" | "IN_TRANSIT" | "IN_WAREHOUSE" | "PROBLEM", ReadonlyArray<string | null>> = {
  APPROVED: [null, "NONE"],
  LABEL_CREATED: ["LABEL_CREATED"],
  PICKUP_BOOKED: ["PICKUP_IN_PROGRESS"],
  IN_TRANSIT: ["PICKED_UP", "IN_TRANSIT"],
  IN_WAREHOUSE: ["IN_WAREHOUSE"],
  PROBLEM: ["PICKUP_FAILED", "PICKUP_CANCELED", "FAILED", "CANCELED"],
};

const SHOPIFY_STAGE: Record<string, Stage> = { REQUESTED: "REQUESTED", CLOSED: "CLOSED", CANCELED: "CANCELED", DECLINED: "DECLINED" };

/** A label whose pickup the app booked (a Pickup row SCHEDULED) waits for the carrier: "pickup booked". */
export function stageOf(status: string, providerStatus: string | null, pickupBooked = false): Stage {
  const fromShopify = SHOPIFY_STAGE[status];
  if (fromShopify) return fromShopify;
  if (pickupBooked && providerStatus === "LABEL_CREATED") return "PICKUP_BOOKED";
  for (const [stage, statuses] of Object.entries(OPEN_STAGE_PROVIDER_STATUSES)) if (statuses.includes(providerStatus)) return stage as Stage;
  // An open return with a provider status this table does not know yet: counted as approved, never dropped.
  return "APPROVED";
}

export function isStage(value: string | null | undefined): value is Stage {
  return !!value && (STAGES as readonly string[]).includes(value);
}

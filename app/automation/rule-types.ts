import type { PickupWindow, ProviderId, ReturnMethod } from "../platforms/types";

// An automation rule as the settings page edits it and the evaluator reads it (no server code: the page imports it).

export type RuleReturnMethod = Extract<ReturnMethod, "DROP_OFF_POINT" | "HOME_PICK_UP">;

export interface AutomationRuleView {
  /** Null for a rule not saved yet. */
  id: string | null;
  name: string;
  enabled: boolean;
  /** Conditions: an empty list or null matches any return. */
  countries: string[];
  reasonHandles: string[];
  minOrderTotal: string | null;
  maxOrderTotal: string | null;
  orderTags: string[];
  /** Actions. */
  autoApprove: boolean;
  createLabel: boolean;
  provider: ProviderId | null;
  returnMethod: RuleReturnMethod | null;
  pickupWindows: PickupWindow[];
  carrierService: string | null;
  notifyCustomer: boolean;
  processOnArrival: boolean;
  refundOnArrival: boolean;
  restockLocationId: string | null;
}

/** REVER's pickup ranges (RANGE_8_TO_12, RANGE_12_TO_16, RANGE_16_TO_20), the only windows a home pickup takes. */
export const REVER_PICKUP_WINDOWS: readonly PickupWindow[] = [
  { startHour: 8, endHour: 12 },
  { startHour: 12, endHour: 16 },
  { startHour: 16, endHour: 20 },
];

export const MAX_RULES = 20;

export function emptyRule(position: number): AutomationRuleView {
  return {
    id: null,
    name: `Rule ${position + 1}`,
    enabled: true,
    countries: [],
    reasonHandles: [],
    minOrderTotal: null,
    maxOrderTotal: null,
    orderTags: [],
    autoApprove: false,
    createLabel: true,
    provider: null,
    returnMethod: null,
    pickupWindows: [],
    carrierService: null,
    notifyCustomer: true,
    processOnArrival: false,
    refundOnArrival: false,
    restockLocationId: null,
  };
}

import type { ShopContext } from "../returns/shop-context.server";
import { markReceived, retryAutomation } from "./attention.server";

// The return page's automation buttons: retry the stages that failed, mark the parcel received.

export const AUTOMATION_INTENTS = ["retry-automation", "mark-received"] as const;
export type AutomationIntent = (typeof AUTOMATION_INTENTS)[number];
export type AutomationActionResult = { intent: AutomationIntent; ok: true };

export function isAutomationIntent(value: unknown): value is AutomationIntent {
  return (AUTOMATION_INTENTS as readonly unknown[]).includes(value);
}

export async function runAutomationAction(ctx: ShopContext, linkId: string, intent: AutomationIntent): Promise<AutomationActionResult> {
  if (intent === "retry-automation") await retryAutomation(ctx, [linkId]);
  else await markReceived(ctx, linkId);
  return { intent, ok: true };
}

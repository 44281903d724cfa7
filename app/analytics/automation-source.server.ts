import type { Db } from "../db.server";

// The plug-in point for "handled without a click". Automation (rules and Shopify Flow, issue 16) will record what
// it did for each return; its source answers, per return, whether nobody had to click. Until one is plugged in
// here the analytics page says the figure is not available yet, rather than guessing it from the timeline.

export interface AutomationSource {
  /** Per link id: true when the return was handled without a click, false when someone acted. Unknown links are left out. */
  handledWithoutClick(db: Db, shop: string, linkIds: string[]): Promise<Map<string, boolean>>;
}

/** The source the roll-up reads. Set it to the automation records' source when they exist. */
export const AUTOMATION_SOURCE: AutomationSource | null = null;

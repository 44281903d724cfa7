import { z } from "zod";
import { startBulkLabels, type BulkSelection } from "../bulk/bulk-labels.server";
import { PROVIDER_IDS } from "../platforms/types";
import { RETURN_STATUSES } from "../returns/dashboard-options";
import type { ShopContext } from "../returns/shop-context.server";
import { retryAutomation } from "./attention.server";

// The dashboard's automation buttons: "Create labels" for the selected rows or the whole filter, and "Retry" for the
// returns that need attention.

export type DashboardAutomationResult =
  | { ok: true; intent: "create-labels"; runId: string; total: number; at: string }
  | { ok: true; intent: "retry-automation"; accepted: number; at: string };

const filterSchema = z.object({
  status: z.enum(RETURN_STATUSES as unknown as [string, ...string[]]).nullable().catch(null),
  provider: z.enum(["NONE", ...PROVIDER_IDS]).nullable().catch(null),
  hasError: z.boolean().catch(false),
  q: z.string().max(100).catch(""),
});

function selectionFrom(form: FormData): BulkSelection {
  if (form.get("scope") === "filter") {
    const raw = (() => {
      try {
        return JSON.parse(String(form.get("filter") ?? "{}")) as unknown;
      } catch {
        return {};
      }
    })();
    return { filter: filterSchema.parse(raw) as Extract<BulkSelection, { filter: unknown }>["filter"] };
  }
  let ids: unknown = [];
  try {
    ids = JSON.parse(String(form.get("ids") ?? "[]"));
  } catch {
    ids = [];
  }
  return { ids: Array.isArray(ids) ? ids.filter((v): v is string => typeof v === "string" && v.length <= 64) : [] };
}

export async function runDashboardAutomation(ctx: ShopContext, intent: "create-labels" | "retry-automation", form: FormData): Promise<DashboardAutomationResult> {
  const at = new Date().toISOString();
  if (intent === "create-labels") {
    const run = await startBulkLabels(ctx, selectionFrom(form));
    return { ok: true, intent, runId: run.runId, total: run.total, at };
  }
  const linkId = form.get("linkId");
  const accepted = await retryAutomation(ctx, typeof linkId === "string" && linkId ? [linkId] : undefined);
  return { ok: true, intent, accepted, at };
}

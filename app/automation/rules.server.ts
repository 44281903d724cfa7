import type { AutomationRule, Prisma } from "@prisma/client";
import { z } from "zod";
import type { Db } from "../db.server";
import type { MessageKey } from "../i18n/messages";
import { PROVIDER_IDS, type PickupWindow, type ProviderId } from "../platforms/types";
import type { ShopContext } from "../returns/shop-context.server";
import { MAX_RULES, REVER_PICKUP_WINDOWS, type AutomationRuleView, type RuleReturnMethod } from "./rule-types";

// A shop's automation rules: read in order for evaluation and the settings page, saved all at once from the page
// (validated, every message an i18n key shown next to its field).

const list = (v: string | null): string[] => {
  if (!v) return [];
  try {
    const parsed: unknown = JSON.parse(v);
    return Array.isArray(parsed) ? parsed.filter((x): x is string => typeof x === "string") : [];
  } catch {
    return [];
  }
};

function windowsOf(v: string | null): PickupWindow[] {
  try {
    const parsed = z.array(z.object({ startHour: z.number(), endHour: z.number() })).safeParse(JSON.parse(v ?? "[]"));
    return parsed.success ? parsed.data : [];
  } catch {
    return [];
  }
}

export function toRuleView(r: AutomationRule): AutomationRuleView {
  return {
    id: r.id,
    name: r.name,
    enabled: r.enabled,
    countries: list(r.countries),
    reasonHandles: list(r.reasonHandles),
    minOrderTotal: r.minOrderTotal,
    maxOrderTotal: r.maxOrderTotal,
    orderTags: list(r.orderTags),
    autoApprove: r.autoApprove,
    createLabel: r.createLabel,
    provider: (PROVIDER_IDS as readonly string[]).includes(r.provider ?? "") ? (r.provider as ProviderId) : null,
    returnMethod: r.returnMethod === "HOME_PICK_UP" || r.returnMethod === "DROP_OFF_POINT" ? r.returnMethod : null,
    pickupWindows: windowsOf(r.pickupWindows),
    carrierService: r.carrierService,
    notifyCustomer: r.notifyCustomer,
    processOnArrival: r.processOnArrival,
    refundOnArrival: r.refundOnArrival,
    restockLocationId: r.restockLocationId,
  };
}

/** The shop's rules in the order they are tried. */
export async function listAutomationRules(db: Db, shop: string): Promise<AutomationRuleView[]> {
  return (await db.automationRule.findMany({ where: { shop }, orderBy: [{ position: "asc" }, { createdAt: "asc" }] })).map(toRuleView);
}

export async function hasEnabledRules(db: Db, shop: string): Promise<boolean> {
  return (await db.automationRule.count({ where: { shop, enabled: true } })) > 0;
}

const text = (max: number, key: MessageKey) => z.string().trim().min(1, key).max(max, key);
const amount = z
  .union([z.literal(""), z.null(), z.string().trim().regex(/^\d{1,9}(\.\d{1,2})?$/, "automation.error.amount" satisfies MessageKey)])
  .optional()
  .transform((v) => (v ? v : null));
const windowKey = (w: PickupWindow) => `${w.startHour}-${w.endHour}`;
const REVER_WINDOWS = new Set(REVER_PICKUP_WINDOWS.map(windowKey));

const ruleInput = z
  .object({
    id: z.string().max(64).nullable().optional(),
    name: text(80, "automation.error.name"),
    enabled: z.boolean(),
    countries: z.array(z.string().trim().toUpperCase().regex(/^[A-Z]{2}$/, "automation.error.country" satisfies MessageKey)).max(50),
    reasonHandles: z.array(z.string().trim().regex(/^[a-z0-9][a-z0-9-]{0,59}$/, "automation.error.reason" satisfies MessageKey)).max(50),
    minOrderTotal: amount,
    maxOrderTotal: amount,
    orderTags: z.array(text(40, "automation.error.tag")).max(20),
    autoApprove: z.boolean(),
    createLabel: z.boolean(),
    provider: z.enum(["IFRETURNS", "REVER"]).nullable(),
    returnMethod: z.enum(["DROP_OFF_POINT", "HOME_PICK_UP"]).nullable(),
    pickupWindows: z.array(z.object({ startHour: z.number().int(), endHour: z.number().int() })).max(3),
    carrierService: z.string().trim().max(60).nullable().transform((v) => (v ? v : null)),
    notifyCustomer: z.boolean(),
    processOnArrival: z.boolean(),
    refundOnArrival: z.boolean(),
    restockLocationId: z
      .string()
      .regex(/^gid:\/\/shopify\/Location\/\d+$/, "automation.error.location" satisfies MessageKey)
      .nullable()
      .or(z.literal("").transform(() => null)),
  })
  .superRefine((r, c) => {
    const issue = (path: string, key: MessageKey) => c.addIssue({ code: z.ZodIssueCode.custom, path: [path], message: key });
    if (r.minOrderTotal && r.maxOrderTotal && Number(r.minOrderTotal) > Number(r.maxOrderTotal)) issue("maxOrderTotal", "automation.error.range");
    if (r.returnMethod === "HOME_PICK_UP" && r.provider !== "REVER") issue("returnMethod", "automation.error.pickupProvider");
    if (r.returnMethod === "HOME_PICK_UP" && (!r.pickupWindows.length || r.pickupWindows.some((w) => !REVER_WINDOWS.has(windowKey(w))))) issue("pickupWindows", "automation.error.pickup");
    if (r.refundOnArrival && !r.processOnArrival) issue("refundOnArrival", "automation.error.needsProcess");
    if (r.restockLocationId && !r.processOnArrival) issue("restockLocationId", "automation.error.needsProcess");
  });

export type RulesSaveResult = { ok: true; rules: AutomationRuleView[] } | { ok: false; fieldErrors: Record<string, MessageKey> };

/** Replaces the shop's rules with the page's list (ids kept for rules that stay), or says what to fix. */
export async function saveAutomationRules(ctx: ShopContext, raw: unknown): Promise<RulesSaveResult> {
  const { db, shop } = ctx;
  const parsed = z.array(ruleInput).max(MAX_RULES, "automation.error.tooMany" satisfies MessageKey).safeParse(raw);
  if (!parsed.success) {
    const fieldErrors: Record<string, MessageKey> = {};
    for (const issue of parsed.error.issues) fieldErrors[["rules", ...issue.path].join(".")] ??= issue.message as MessageKey;
    return { ok: false, fieldErrors };
  }
  const connected = await ctx.connectedProviders();
  const fieldErrors: Record<string, MessageKey> = {};
  parsed.data.forEach((r, i) => {
    if (r.provider && !connected.includes(r.provider)) fieldErrors[`rules.${i}.provider`] = "automation.error.providerNotConnected";
  });
  if (Object.keys(fieldErrors).length) return { ok: false, fieldErrors };
  const existing = new Set((await db.automationRule.findMany({ where: { shop }, select: { id: true } })).map((r) => r.id));
  const rows = parsed.data.map((r, position): Prisma.AutomationRuleUncheckedCreateInput => ({
    shop,
    position,
    name: r.name,
    enabled: r.enabled,
    countries: r.countries.length ? JSON.stringify([...new Set(r.countries)]) : null,
    reasonHandles: r.reasonHandles.length ? JSON.stringify([...new Set(r.reasonHandles)]) : null,
    minOrderTotal: r.minOrderTotal,
    maxOrderTotal: r.maxOrderTotal,
    orderTags: r.orderTags.length ? JSON.stringify([...new Set(r.orderTags)]) : null,
    autoApprove: r.autoApprove,
    createLabel: r.createLabel,
    provider: r.provider,
    returnMethod: r.returnMethod as RuleReturnMethod | null,
    pickupWindows: r.returnMethod === "HOME_PICK_UP" ? JSON.stringify(r.pickupWindows) : null,
    carrierService: r.carrierService,
    notifyCustomer: r.notifyCustomer,
    processOnArrival: r.processOnArrival,
    refundOnArrival: r.refundOnArrival,
    restockLocationId: r.restockLocationId,
  }));
  const keep = parsed.data.map((r) => (r.id && existing.has(r.id) ? r.id : null));
  await db.$transaction([
    db.automationRule.deleteMany({ where: { shop, id: { notIn: keep.filter((id): id is string => !!id) } } }),
    ...rows.map((data, i) => (keep[i] ? db.automationRule.update({ where: { id: keep[i]! }, data }) : db.automationRule.create({ data }))),
  ]);
  ctx.log.info("automation.rules_saved", { shop, rules: rows.length });
  return { ok: true, rules: await listAutomationRules(db, shop) };
}

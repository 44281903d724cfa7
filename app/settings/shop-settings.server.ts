import { z } from "zod";
import type { ShopSettings } from "@prisma/client";
import type { Db } from "../db.server";
import type { MessageKey } from "../i18n/messages";
import { isProviderId } from "../platforms/registry.server";
import { PROVIDER_IDS, type ProviderId } from "../platforms/types";
import type { ShopContext } from "../returns/shop-context.server";
import { deleteProviderConnection, formToConnectionInput, saveProviderConnection, testProviderConnection, type SettingsScope, type TestResult } from "./provider-connections.server";
import { upsertShopSettings } from "./shop-settings-row.server";


// Shop-wide settings behind the settings and onboarding pages: how often reconciliation runs, and the
// status-to-action rules (what the app does when a return or its parcel reaches a given state).

export const MIN_RECONCILE_MINUTES = 5;
export const MAX_RECONCILE_MINUTES = 1440;

export interface ShopSettingsView {
  defaultProvider: ProviderId | null;
  reconcileIntervalMinutes: number;
  /** Rule: creating a label for a requested return approves it in Shopify first (else the merchant approves). */
  approveBeforeLabel: boolean;
  /** Rule: the parcel reached the warehouse at the provider -> close the Shopify return. */
  closeOnWarehouse: boolean;
  /** Rule: the return was canceled or declined in Shopify -> cancel it at the provider. */
  pushCancellations: boolean;
  onboardedAt: string | null;
  lastReconciledAt: string | null;
}

const DEFAULTS: Omit<ShopSettingsView, "onboardedAt" | "lastReconciledAt"> = {
  defaultProvider: null,
  reconcileIntervalMinutes: 60,
  approveBeforeLabel: false,
  closeOnWarehouse: false,
  pushCancellations: true,
};

function toView(row: ShopSettings | null): ShopSettingsView {
  if (!row) return { ...DEFAULTS, onboardedAt: null, lastReconciledAt: null };
  return {
    defaultProvider: (PROVIDER_IDS as readonly string[]).includes(row.defaultProvider ?? "") ? (row.defaultProvider as ProviderId) : null,
    reconcileIntervalMinutes: row.reconcileIntervalMinutes,
    approveBeforeLabel: row.approveBeforeLabel,
    closeOnWarehouse: row.closeOnWarehouse,
    pushCancellations: row.pushCancellations,
    onboardedAt: row.onboardedAt?.toISOString() ?? null,
    lastReconciledAt: row.lastReconciledAt?.toISOString() ?? null,
  };
}

/** Read only: a shop that never saved its settings sees the defaults, and nothing is written. */
export async function getShopSettings(db: Db, shop: string): Promise<ShopSettingsView> {
  return toView(await db.shopSettings.findUnique({ where: { shop } }));
}

// Messages are i18n keys: the page shows them next to the field in the merchant's language.
const rule = z
  .union([z.boolean(), z.enum(["on", "true", "false", "1", "0", ""])])
  .optional()
  .transform((v) => v === true || v === "on" || v === "true" || v === "1");
const invalidInterval: MessageKey = "settings.rules.error.interval";
const invalidProvider: MessageKey = "settings.rules.error.defaultProvider";

export const shopSettingsInput = z.object({
  reconcileIntervalMinutes: z.coerce
    .number({ invalid_type_error: invalidInterval })
    .int(invalidInterval)
    .min(MIN_RECONCILE_MINUTES, invalidInterval)
    .max(MAX_RECONCILE_MINUTES, invalidInterval),
  defaultProvider: z
    .union([z.enum(PROVIDER_IDS as [ProviderId, ...ProviderId[]]), z.literal(""), z.null()], { errorMap: () => ({ message: invalidProvider }) })
    .optional()
    .transform((v) => (v ? v : null)),
  approveBeforeLabel: rule,
  closeOnWarehouse: rule,
  pushCancellations: rule,
});
export type ShopSettingsInput = z.input<typeof shopSettingsInput>;

export type ShopSettingsSaveResult = { ok: true; settings: ShopSettingsView } | { ok: false; fieldErrors: Record<string, MessageKey> };

export async function saveShopSettings({ db, shop, log }: SettingsScope, input: unknown): Promise<ShopSettingsSaveResult> {
  const parsed = shopSettingsInput.safeParse(input);
  if (!parsed.success) {
    const fieldErrors: Record<string, MessageKey> = {};
    for (const issue of parsed.error.issues) fieldErrors[issue.path.join(".") || "form"] ??= issue.message as MessageKey;
    return { ok: false, fieldErrors };
  }
  const data = parsed.data;
  const row = await upsertShopSettings(db, shop, data, data);
  log.info("settings.shop_saved", { shop, reconcileIntervalMinutes: data.reconcileIntervalMinutes, defaultProvider: data.defaultProvider });
  return { ok: true, settings: toView(row) };
}

/** Unchecked checkboxes are absent from a submitted form: absent rules are off. */
export function formToShopSettingsInput(form: FormData | URLSearchParams): Record<string, string> {
  const text = (name: string) => {
    const v = form.get(name);
    return typeof v === "string" ? v : undefined;
  };
  return {
    reconcileIntervalMinutes: text("reconcileIntervalMinutes") ?? "",
    defaultProvider: text("defaultProvider") ?? "",
    approveBeforeLabel: text("approveBeforeLabel") ?? "",
    closeOnWarehouse: text("closeOnWarehouse") ?? "",
    pushCancellations: text("pushCancellations") ?? "",
  };
}

// ---- Onboarding ----

export interface OnboardingState {
  /** Connected providers with what the steps need to know about each. */
  connections: Array<{ provider: ProviderId; tested: boolean; lastTestResult: string | null; hasWarehouse: boolean; hasDefaults: boolean }>;
  steps: { connect: boolean; test: boolean; warehouse: boolean; defaults: boolean; firstReturn: boolean };
  /** The first return that reached the app (linked or not), once one has. */
  firstReturn: { id: string; returnName: string; orderName: string; createdAt: string } | null;
  onboardedAt: string | null;
}

export async function getOnboardingState(db: Db, shop: string): Promise<OnboardingState> {
  const [rows, first, settings] = await Promise.all([
    db.providerConnection.findMany({
      where: { shop },
      orderBy: { provider: "asc" },
      select: { provider: true, lastTestResult: true, warehouseAddress: true, defaultCarrierService: true, defaultParcel: true, reverProvider: true },
    }),
    db.returnLink.findFirst({ where: { shop }, orderBy: { id: "asc" }, select: { id: true, returnName: true, orderName: true, createdAt: true } }),
    db.shopSettings.findUnique({ where: { shop }, select: { onboardedAt: true } }),
  ]);
  const connections = rows.map((r) => ({
    provider: r.provider as ProviderId,
    tested: r.lastTestResult === "OK",
    lastTestResult: r.lastTestResult,
    hasWarehouse: !!r.warehouseAddress,
    hasDefaults: !!r.defaultParcel && !!(r.defaultCarrierService || r.reverProvider),
  }));
  return {
    connections,
    steps: {
      connect: connections.length > 0,
      test: connections.some((c) => c.tested),
      warehouse: connections.some((c) => c.hasWarehouse),
      defaults: connections.some((c) => c.hasDefaults),
      firstReturn: !!first,
    },
    firstReturn: first ? { id: first.id, returnName: first.returnName, orderName: first.orderName, createdAt: first.createdAt.toISOString() } : null,
    onboardedAt: settings?.onboardedAt?.toISOString() ?? null,
  };
}

/** The merchant finished (or skipped) the walk-through: the dashboard stops offering it. */
export async function completeOnboarding(db: Db, shop: string): Promise<void> {
  const at = new Date();
  await upsertShopSettings(db, shop, { onboardedAt: at }, { onboardedAt: at });
}

// ---- The settings and onboarding pages' form posts, in one place ----

export type SettingsActionResult =
  | { intent: "save-connection"; provider: ProviderId; ok: boolean; fieldErrors: Record<string, string> | null }
  | { intent: "test-connection"; provider: ProviderId; outcome: TestResult }
  | { intent: "delete-connection"; provider: ProviderId; ok: boolean }
  | { intent: "save-rules"; ok: boolean; fieldErrors: Record<string, MessageKey> | null }
  | { intent: "complete-onboarding"; ok: true }
  | { intent: null; ok: false };

export async function runSettingsAction(ctx: ShopContext, form: FormData): Promise<SettingsActionResult> {
  const { db, shop } = ctx;
  const intent = form.get("intent");
  const rawProvider = String(form.get("provider") ?? "");
  const provider = isProviderId(rawProvider) ? rawProvider : null;
  switch (intent) {
    case "save-connection": {
      if (!provider) return { intent, provider: PROVIDER_IDS[0], ok: false, fieldErrors: { provider: "Choose iF returns or REVER" } };
      const saved = await saveProviderConnection(ctx, formToConnectionInput(form));
      return { intent, provider, ok: saved.ok, fieldErrors: saved.ok ? null : saved.fieldErrors };
    }
    case "test-connection":
      if (!provider) return { intent: null, ok: false };
      return { intent, provider, outcome: await testProviderConnection(ctx, provider) };
    case "delete-connection":
      if (!provider) return { intent: null, ok: false };
      return { intent, provider, ok: await deleteProviderConnection(db, shop, provider) };
    case "save-rules": {
      const saved = await saveShopSettings(ctx, formToShopSettingsInput(form));
      return { intent, ok: saved.ok, fieldErrors: saved.ok ? null : saved.fieldErrors };
    }
    case "complete-onboarding":
      await completeOnboarding(db, shop);
      return { intent, ok: true };
    default:
      return { intent: null, ok: false };
  }
}

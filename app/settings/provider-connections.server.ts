import { z } from "zod";
import type { ProviderConnection } from "@prisma/client";
import type { Db } from "../db.server";
import type { Env } from "../env.server";
import { AppError } from "../http/errors.server";
import { redactText, truncate } from "../http/redact.server";
import type { ScopedLogger } from "../logger.server";
import { ASSUMED_CAPABILITIES, parseAssumedCapabilities, serializeAssumedCapabilities, type AssumedCapability } from "../platforms/assumed-capabilities";
import { descriptorOf, serverUrls } from "../platforms/descriptors";
import { isLoopbackHostname, onHostList, type ProviderHosts } from "../platforms/provider-hosts";
import { credentialsSealContext, loadPlatform, isProviderId } from "../platforms/registry.server";
import type { ShopContext } from "../returns/shop-context.server";
import type { Address, LabelFormat, Parcel, ProviderId } from "../platforms/types";
import type { SecretBox } from "../security/encryption.server";

// Server-side use-cases behind the settings page: validate and save a provider connection (credentials are
// write-only, and needed again when the endpoint changes), list what the page may show, and test a connection
// with the provider's exact reason. Endpoints are the providers' known hosts; `custom` is for development only.

const trimmed = z.string().trim();
const optionalText = trimmed.optional().transform((v) => (v ? v : undefined));
const checkbox = z
  .union([z.boolean(), z.enum(["on", "true", "false", "1", "0", "yes", "no", ""])])
  .optional()
  .transform((v) => v === true || v === "on" || v === "true" || v === "1" || v === "yes");
const intFrom = (min: number, max: number, label: string) =>
  z.coerce.number({ invalid_type_error: `${label} must be a number` }).int(`${label} must be a whole number`).min(min, `${label} must be at least ${min}`).max(max, `${label} must be at most ${max}`);
const optionalNumber = (label: string) =>
  z
    .union([z.number(), trimmed])
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === "") return undefined;
      const n = Number(v);
      if (!Number.isFinite(n) || n <= 0) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: `${label} must be a positive number` });
        return z.NEVER;
      }
      return n;
    });

const addressInput = z.object({
  name: trimmed.min(1, "Name is required"),
  company: optionalText,
  email: z.preprocess((v) => (typeof v === "string" && !v.trim() ? undefined : v), trimmed.email("Enter an email address").optional()),
  phone: optionalText,
  line1: trimmed.min(1, "Address is required"),
  line2: optionalText,
  city: trimmed.min(1, "City is required"),
  postalCode: trimmed.min(1, "Postal code is required"),
  region: optionalText,
  regionCode: optionalText,
  countryCode: trimmed.toUpperCase().pipe(z.string().regex(/^[A-Z]{2}$/, "Use a two-letter country code such as ES")),
});

const parcelInput = z
  .object({
    weightGrams: z.union([z.number(), trimmed]).optional(),
    lengthCm: optionalNumber("Length"),
    widthCm: optionalNumber("Width"),
    heightCm: optionalNumber("Height"),
  })
  .optional()
  .transform((p, ctx): Parcel | undefined => {
    if (!p || p.weightGrams === undefined || p.weightGrams === "") {
      if (p && (p.lengthCm || p.widthCm || p.heightCm)) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["weightGrams"], message: "Weight is required for a default parcel" });
      return undefined;
    }
    const w = Number(p.weightGrams);
    if (!Number.isInteger(w) || w < 1 || w > 70_000) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["weightGrams"], message: "Weight must be whole grams between 1 and 70000" });
      return z.NEVER;
    }
    return { weightGrams: w, lengthCm: p.lengthCm, widthCm: p.widthCm, heightCm: p.heightCm };
  });

const serviceList = z
  .union([z.array(trimmed), trimmed])
  .optional()
  .transform((v) => [...new Set((typeof v === "string" ? v.split(/[\s,]+/) : v ?? []).map((s) => s.trim()).filter(Boolean))]);

const common = {
  /** Write-only: empty on edit keeps the stored credential. */
  credential: optionalText,
  baseUrl: optionalText.refine((v) => v === undefined || isAllowedBaseUrl(v), "Use an https:// URL (http:// only for 127.0.0.1 or localhost)"),
  warehouseAddress: addressInput,
  defaultCarrierService: optionalText,
  carrierServices: serviceList,
  defaultParcel: parcelInput,
  notifyCustomer: checkbox,
  syncToShopify: checkbox,
  syncToProvider: checkbox,
  requestsPerSecond: z.union([z.number(), trimmed]).optional().transform((v) => (v === undefined || v === "" ? 10 : v)).pipe(intFrom(1, 100, "Requests per second")),
};

/**
 * Undocumented behaviours turned on: a list, a comma-separated string (the form's hidden field; "" is none) or
 * checkboxes ({name: "on"}). Absent keeps what is stored, so saving another part of the form never changes them.
 */
const assumedInput = <P extends keyof typeof ASSUMED_CAPABILITIES>(provider: P) =>
  z
    .union([z.array(z.string()), z.string(), z.record(z.union([z.string(), z.boolean()]))])
    .optional()
    .transform((v, ctx): AssumedCapability[] | undefined => {
      if (v === undefined) return undefined;
      const names =
        typeof v === "string"
          ? v.split(",").map((n) => n.trim()).filter(Boolean)
          : Array.isArray(v)
            ? v
            : Object.entries(v).filter(([, on]) => on === true || on === "on" || on === "true" || on === "1").map(([k]) => k);
      const unknown = names.filter((n) => !(ASSUMED_CAPABILITIES[provider] as readonly string[]).includes(n));
      if (unknown.length) ctx.addIssue({ code: z.ZodIssueCode.custom, message: `Unknown option(s) ${unknown.join(", ")}` });
      return names as AssumedCapability[];
    });

export const ifReturnsConnectionInput = z.object({
  provider: z.literal("IFRETURNS"),
  environment: z.enum(["production", "staging", "development", "custom"], { errorMap: () => ({ message: "Choose production, staging, development or custom" }) }).default("production"),
  shopCode: optionalText.pipe(z.string().regex(/^[A-Za-z0-9_-]+$/, "Shop code has letters, digits, '-' and '_' only").optional()),
  defaultLabelFormat: z.enum(["PDF", "ZPL"], { errorMap: () => ({ message: "iF returns prints PDF or ZPL labels" }) }).default("PDF"),
  assumedCapabilities: assumedInput("IFRETURNS"),
  ...common,
});

export const reverConnectionInput = z.object({
  provider: z.literal("REVER"),
  environment: z.enum(["production", "custom"], { errorMap: () => ({ message: "Choose production or custom" }) }).default("production"),
  ecommerceId: trimmed.min(1, "E-commerce id is required (REVER gives it at onboarding)"),
  ecommerceGroup: optionalText,
  logisticsProvider: optionalText,
  defaultLabelFormat: z.enum(["PDF", "PNG", "JPG"], { errorMap: () => ({ message: "REVER labels are PDF, PNG or JPG" }) }).default("PDF"),
  assumedCapabilities: assumedInput("REVER"),
  ...common,
});

export const providerConnectionInput = z
  .discriminatedUnion("provider", [ifReturnsConnectionInput, reverConnectionInput], { errorMap: () => ({ message: "Choose iF returns or REVER" }) })
  .superRefine((v, ctx) => {
    if (v.environment === "custom" && !v.baseUrl) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["baseUrl"], message: "A custom environment needs a base URL" });
    const d = descriptorOf(v.provider);
    if (d.connection.warehouseContactRequired) {
      if (!v.warehouseAddress.email) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["warehouseAddress", "email"], message: `${d.displayName} needs the warehouse email` });
      if (!v.warehouseAddress.phone) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["warehouseAddress", "phone"], message: `${d.displayName} needs the warehouse phone` });
    }
    // The import is used only after a search found nothing (it must not duplicate a process REVER already has).
    if (v.assumedCapabilities?.includes("returnsImport") && !v.assumedCapabilities.includes("processSearch")) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["assumedCapabilities", "returnsImport"], message: "The returns import needs the process search (it imports only returns the search did not find)" });
    }
    if (v.defaultCarrierService && v.carrierServices.length && !v.carrierServices.includes(v.defaultCarrierService)) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["defaultCarrierService"], message: "The default carrier service must be one of the listed ones" });
    }
  });
export type ProviderConnectionInput = z.input<typeof providerConnectionInput>;

function isAllowedBaseUrl(value: string): boolean {
  try {
    const u = new URL(value);
    return u.protocol === "https:" || (u.protocol === "http:" && isLoopbackHostname(u.hostname));
  } catch {
    return false;
  }
}

/** Where connections may point, from the app's configuration (never from a merchant). */
export interface EndpointRules {
  /** NODE_ENV=production: no custom environment, no simulators. */
  production: boolean;
  hosts: ProviderHosts;
  /** REVER_API_BASE_URL: REVER documents only a mock server, so its production URL is the operator's. */
  reverProductionUrl?: string;
}

export function endpointRulesOf(rt: { env: Pick<Env, "NODE_ENV" | "REVER_API_BASE_URL">; providerHosts: ProviderHosts }): EndpointRules {
  return { production: rt.env.NODE_ENV === "production", hosts: rt.providerHosts, reverProductionUrl: rt.env.REVER_API_BASE_URL };
}

export const ENDPOINT_MESSAGES = {
  customInProduction: "The custom environment exists only in development and the sandbox",
  reverNotConfigured: "REVER's production address is not configured: the app's operator sets REVER_API_BASE_URL",
  hostNotAllowed: "Use a base URL on the provider's own API host (or, outside production, a simulator on 127.0.0.1 or localhost)",
  credentialAgain: { IFRETURNS: "Enter the iF returns API token again: the endpoint changed", REVER: "Enter the REVER API key again: the endpoint changed" },
} as const;

/** The environment and base URL checked against the providers' hosts: field -> problem. */
export function endpointProblems(v: { provider: ProviderId; environment: string; baseUrl?: string }, rules: EndpointRules): Record<string, string> {
  if (v.environment === "custom") {
    if (rules.production) return { environment: ENDPOINT_MESSAGES.customInProduction };
    if (!v.baseUrl || !isAllowedBaseUrl(v.baseUrl)) return {};
    const u = new URL(v.baseUrl);
    const simulator = isLoopbackHostname(u.hostname);
    if (!simulator && !(u.protocol === "https:" && onHostList(u.hostname, rules.hosts[v.provider]))) return { baseUrl: ENDPOINT_MESSAGES.hostNotAllowed };
    return {};
  }
  if (v.provider === "REVER" && v.environment === "production" && !rules.reverProductionUrl) return { environment: ENDPOINT_MESSAGES.reverNotConfigured };
  return {};
}

export function baseUrlFor(provider: ProviderId, environment: string, custom: string | undefined, rules: EndpointRules): string {
  if (environment === "custom") return custom!;
  // REVER's production URL is in no document: it is the operator's (EndpointRules); the rest are documented.
  if (provider === "REVER" && environment === "production") return rules.reverProductionUrl!;
  return serverUrls(provider)[environment];
}

/** What the page may show: never the credential, only a hint of its last characters. */
export interface ProviderConnectionView {
  id: string;
  provider: ProviderId;
  environment: string;
  baseUrl: string;
  hasCredential: boolean;
  credentialHint: string | null;
  shopCode: string | null;
  ecommerceId: string | null;
  ecommerceGroup: string | null;
  logisticsProvider: string | null;
  warehouseAddress: Address | null;
  defaultCarrierService: string | null;
  carrierServices: string[];
  defaultLabelFormat: LabelFormat;
  defaultParcel: Parcel | null;
  notifyCustomer: boolean;
  syncToShopify: boolean;
  syncToProvider: boolean;
  requestsPerSecond: number;
  /** Undocumented behaviours turned on for this connection (decision 0004). */
  assumedCapabilities: AssumedCapability[];
  lastTestedAt: string | null;
  lastTestResult: string | null;
}

function parseJson<T>(value: string | null): T | null {
  if (!value) return null;
  try {
    return JSON.parse(value) as T;
  } catch {
    return null;
  }
}

export function toView(row: ProviderConnection): ProviderConnectionView {
  return {
    id: row.id,
    provider: row.provider as ProviderId,
    environment: row.environment,
    baseUrl: row.baseUrl,
    hasCredential: !!row.credentialsEncrypted,
    credentialHint: row.credentialsHint ? `…${row.credentialsHint}` : null,
    shopCode: row.ifShopCode,
    ecommerceId: row.reverEcommerceId,
    ecommerceGroup: row.reverEcommerceGroup,
    logisticsProvider: row.reverProvider,
    warehouseAddress: parseJson<Address>(row.warehouseAddress),
    defaultCarrierService: row.defaultCarrierService,
    carrierServices: parseJson<string[]>(row.carrierServices) ?? [],
    defaultLabelFormat: row.defaultLabelFormat as LabelFormat,
    defaultParcel: parseJson<Parcel>(row.defaultParcel),
    notifyCustomer: row.notifyCustomer,
    syncToShopify: row.syncToShopify,
    syncToProvider: row.syncToProvider,
    requestsPerSecond: row.requestsPerSecond,
    assumedCapabilities: isProviderId(row.provider) ? [...parseAssumedCapabilities(row.provider, row.assumedCapabilities)] : [],
    lastTestedAt: row.lastTestedAt?.toISOString() ?? null,
    lastTestResult: row.lastTestResult,
  };
}

export type SaveResult = { ok: true; connection: ProviderConnectionView } | { ok: false; fieldErrors: Record<string, string> };

function fieldErrorsOf(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const i of error.issues) {
    const key = i.path.join(".") || "form";
    out[key] ??= i.message;
  }
  return out;
}

/** What the settings use-cases need of a shop context. */
export interface SettingsScope {
  db: Db;
  shop: string;
  log: ScopedLogger;
  rt: { secrets: SecretBox; env: Pick<Env, "NODE_ENV" | "REVER_API_BASE_URL">; providerHosts: ProviderHosts };
}

/** Validate and save; returns the errors by field name (dotted: "warehouseAddress.city") or the saved view. */
export async function saveProviderConnection({ db, shop, log, rt }: SettingsScope, input: unknown): Promise<SaveResult> {
  const rules = endpointRulesOf(rt);
  const parsed = providerConnectionInput.superRefine((v, ctx) => {
    for (const [field, message] of Object.entries(endpointProblems(v, rules))) ctx.addIssue({ code: z.ZodIssueCode.custom, path: [field], message });
  }).safeParse(input);
  if (!parsed.success) return { ok: false, fieldErrors: fieldErrorsOf(parsed.error) };
  const v = parsed.data;
  const existing = await db.providerConnection.findUnique({ where: { shop_provider: { shop, provider: v.provider } } });
  const d = descriptorOf(v.provider);
  if (!existing && !v.credential) {
    return { ok: false, fieldErrors: { credential: `Enter the ${d.displayName} ${d.connection.credential === "token" ? "API token" : "API key"}` } };
  }
  const baseUrl = baseUrlFor(v.provider, v.environment, v.baseUrl, rules);
  // A stored credential never follows the connection to another endpoint: whoever moves it types it again.
  if (existing && !v.credential && (existing.environment !== v.environment || existing.baseUrl !== baseUrl)) {
    return { ok: false, fieldErrors: { credential: ENDPOINT_MESSAGES.credentialAgain[v.provider] } };
  }
  log.addSecret(v.credential);
  const credentials = v.credential ? { [d.connection.credential]: v.credential } : null;
  const own = v as Partial<{ shopCode: string; ecommerceId: string; ecommerceGroup: string; logisticsProvider: string }>;
  const data = {
    environment: v.environment,
    baseUrl,
    // Each provider's own fields (descriptor.connection.fields); the other provider's stay empty.
    ifShopCode: own.shopCode ?? null,
    reverEcommerceId: own.ecommerceId ?? null,
    reverEcommerceGroup: own.ecommerceGroup ?? null,
    reverProvider: own.logisticsProvider ?? null,
    ...(v.assumedCapabilities ? { assumedCapabilities: serializeAssumedCapabilities(v.provider, v.assumedCapabilities) } : {}),
    warehouseAddress: JSON.stringify(v.warehouseAddress),
    defaultCarrierService: v.defaultCarrierService ?? null,
    carrierServices: v.carrierServices.length ? JSON.stringify(v.carrierServices) : null,
    defaultLabelFormat: v.defaultLabelFormat,
    defaultParcel: v.defaultParcel ? JSON.stringify(v.defaultParcel) : null,
    notifyCustomer: v.notifyCustomer,
    syncToShopify: v.syncToShopify,
    syncToProvider: v.syncToProvider,
    requestsPerSecond: v.requestsPerSecond,
    ...(credentials ? { credentialsEncrypted: rt.secrets.sealJson(credentials, credentialsSealContext(shop, v.provider)), credentialsHint: v.credential!.slice(-4) } : {}),
    // A new credential or endpoint makes the last test result meaningless.
    ...(credentials || existing?.baseUrl !== baseUrl ? { lastTestedAt: null, lastTestResult: null } : {}),
  };
  const row = existing
    ? await db.providerConnection.update({ where: { id: existing.id }, data })
    : await db.providerConnection.create({ data: { shop, provider: v.provider, credentialsEncrypted: data.credentialsEncrypted!, ...data } });
  log.info("settings.connection_saved", { shop, provider: v.provider, environment: v.environment, credentialChanged: !!credentials });
  return { ok: true, connection: toView(row) };
}

export async function listProviderConnectionViews(db: Db, shop: string): Promise<ProviderConnectionView[]> {
  const rows = await db.providerConnection.findMany({ where: { shop }, orderBy: { provider: "asc" } });
  return rows.map(toView);
}

export async function getProviderConnectionView(db: Db, shop: string, provider: ProviderId): Promise<ProviderConnectionView | null> {
  const row = await db.providerConnection.findUnique({ where: { shop_provider: { shop, provider } } });
  return row ? toView(row) : null;
}

export async function deleteProviderConnection(db: Db, shop: string, provider: ProviderId): Promise<boolean> {
  const { count } = await db.providerConnection.deleteMany({ where: { shop, provider } });
  return count > 0;
}

export type TestResult = { ok: true } | { ok: false; reason: string };

/** Call the provider with the saved settings; the reason is the provider's own words (secrets redacted). */
export async function testProviderConnection(ctx: ShopContext, provider: string): Promise<TestResult> {
  const { db, shop, rt } = ctx;
  if (!isProviderId(provider)) return { ok: false, reason: `Unknown provider ${provider}` };
  let result: TestResult;
  try {
    const platform = await loadPlatform({ db, shop, secrets: rt.secrets }, provider, { http: rt.http, log: ctx.log, limiters: rt.limiters, allowedHosts: rt.providerHosts[provider], retry: { maxAttempts: 2 }, timeoutMs: 10_000, ...rt.providerTransport });
    await platform.testConnection();
    result = { ok: true };
  } catch (err) {
    // Outside words reach this text only from the provider's allowed hosts (the HTTP client); kept short.
    result = { ok: false, reason: truncate(redactText(err instanceof AppError || err instanceof Error ? err.message : String(err), ctx.log.secrets), 400) };
  }
  await db.providerConnection.updateMany({
    where: { shop, provider },
    data: { lastTestedAt: new Date(), lastTestResult: result.ok ? "OK" : result.reason },
  });
  return result;
}

/** Turn a submitted form (dotted names like "warehouseAddress.city") into the nested input the schema reads. */
export function formToConnectionInput(form: FormData | URLSearchParams): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of form.entries()) {
    if (typeof value !== "string") continue;
    const parts = key.split(".");
    // Field names come from the client: never walk into the prototype chain ("a.__proto__.x") or through a value.
    if (parts.some((p) => p === "__proto__" || p === "constructor" || p === "prototype")) continue;
    let node = out;
    for (const p of parts.slice(0, -1)) {
      const next = node[p];
      node = (next !== null && typeof next === "object" ? next : (node[p] = {})) as Record<string, unknown>;
    }
    node[parts.at(-1)!] = value;
  }
  return out;
}

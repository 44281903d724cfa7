import type { z } from "zod";
import { addressBody, createLabelBody, dropOffPointBody, dropOffSearchBody, linkBody, pickupBody } from "../../contract/extension-bodies";
import { AppError, ValidationError } from "../../http/errors.server";
import { enqueueFollowUps } from "../../jobs/follow-ups.server";
import { PROVIDERS } from "../../platforms/descriptors";
import { isProviderId } from "../../platforms/registry.server";
import type { DropOffPoint } from "../../platforms/types";
import { approveReturn } from "../../returns/approve-return.server";
import { createLabel } from "../../returns/create-label.server";
import { requestLinkSync } from "../../returns/dashboard.server";
import { chooseDropOffPoint, findDropOffPointsForReturn } from "../../returns/find-drop-off-points.server";
import { linkReturn, unlinkReturn } from "../../returns/manual-link.server";
import { humanError, type HumanError } from "../../returns/return-details.server";
import { schedulePickup } from "../../returns/schedule-pickup.server";
import type { ShopContext } from "../../returns/shop-context.server";

// The return page's buttons: each form is mapped into the extension API's body for the same use-case and checked
// by that body's schema (app/contract/extension-bodies.ts), so the page and the extension share one validator.

export const RETURN_INTENTS = ["retry-sync", "push-tracking", "approve", "create-label", "schedule-pickup", "find-drop-off-points", "choose-drop-off-point", "link", "unlink"] as const;
export type ReturnIntent = (typeof RETURN_INTENTS)[number];

/** The customer's address fields the return page asks for when Shopify did not share them. */
export const ORIGIN_FIELDS = ["name", "email", "phone", "line1", "city", "postalCode", "countryCode"] as const;

export type ReturnActionResult =
  | { intent: ReturnIntent; ok: true; detail?: string | null; tracking?: string | null; points?: DropOffPoint[]; labelState?: string }
  | { intent: ReturnIntent | null; ok: false; error: HumanError };

// The label form sends only what Shopify did not share of the origin, so its address fields are each optional here.
const pageLabelBody = createLabelBody.extend({ origin: addressBody.partial().optional() });

type FormFields = Record<string, string>;

function invalid(fields: Record<string, string>): ValidationError {
  return new ValidationError(`Check ${Object.keys(fields).join(", ")}`, { service: "app", fields });
}

/** A text field left empty is a field not given. */
function given(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value;
}

/** A number field: the number typed, or the text itself so that the schema names the field it cannot use. */
function numeric(value: string | undefined): number | string | undefined {
  const text = given(value);
  if (text === undefined) return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : text;
}

/** Checks a body with its contract schema; a refusal names the page's own fields (fieldOf maps a zod path back). */
function validate<T extends z.ZodTypeAny>(schema: T, body: unknown, fieldOf: (path: (string | number)[]) => string = (p) => p.join(".")): z.output<T> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const fields: Record<string, string> = {};
  for (const issue of result.error.issues) fields[fieldOf(issue.path) || "form"] ??= issue.message;
  throw invalid(fields);
}

function labelBody(f: FormFields) {
  const origin = Object.fromEntries(ORIGIN_FIELDS.flatMap((k) => (given(f[`origin.${k}`]) ? [[k, f[`origin.${k}`]]] : [])));
  const weightGrams = numeric(f.weightGrams);
  return {
    provider: given(f.provider),
    carrierService: given(f.carrierService),
    labelFormat: given(f.labelFormat),
    parcels: weightGrams === undefined ? undefined : [{ weightGrams }],
    origin: Object.keys(origin).length ? origin : undefined,
  };
}
const labelField = (path: (string | number)[]) => (path[0] === "parcels" ? "weightGrams" : path.join("."));

// The form's date is required (the API's is optional): an absent one is refused as an empty one.
const pickupBodyOf = (f: FormFields) => ({ windows: [{ date: f.date ?? "", startHour: numeric(f.startHour), endHour: numeric(f.endHour) }] });
const pickupField = (path: (string | number)[]) => (path[0] === "windows" && path.length > 2 ? String(path[2]) : path.join("."));

function pointBody(f: FormFields) {
  if (f.point === undefined || f.point === "none") return { point: f.point === "none" ? null : undefined };
  try {
    return { point: JSON.parse(f.point) as unknown };
  } catch {
    throw invalid({ point: "not a drop-off point" });
  }
}

/** The reference goes in the provider's own field of the link body, and its refusal back to the form's field. */
function linkBodyOf(f: FormFields) {
  const provider = given(f.provider);
  return { provider, ...(isProviderId(provider) ? { [PROVIDERS[provider].reference.column]: f.reference ?? "" } : {}) };
}
const linkField = (path: (string | number)[]) => (path[0] === "reverProcessId" || path[0] === "ifReturnName" ? "reference" : path.join("."));

/** Runs one button of the return page for a link of this shop; failures come back as human errors. */
export async function runReturnAction(ctx: ShopContext, linkId: string, form: FormData): Promise<ReturnActionResult> {
  const raw = form.get("intent");
  const intent = (RETURN_INTENTS as readonly string[]).includes(String(raw)) ? (raw as ReturnIntent) : null;
  const f: FormFields = Object.fromEntries([...form.entries()].filter((e): e is [string, string] => typeof e[1] === "string"));
  try {
    if (!intent) throw invalid({ intent: "unknown action" });
    const link = await ctx.db.returnLink.findFirst({ where: { id: linkId, shop: ctx.shop }, select: { id: true, returnGid: true } });
    if (!link) throw new ValidationError("This return is not in this shop", { service: "app" });
    const returnGid = link.returnGid;
    switch (intent) {
      case "retry-sync":
      case "push-tracking":
        await enqueueFollowUps(ctx.rt.jobs, ctx.shop, (await requestLinkSync(ctx.db, ctx.shop, [link.id], intent === "retry-sync" ? "sync" : "push-tracking")).followUps);
        return { intent, ok: true };
      case "approve":
        // The page's button sends no fields: the extension's approve body with nothing in it.
        await approveReturn(ctx, { returnGid, approvedBy: { source: "MERCHANT", phrase: "on the return page" } });
        return { intent, ok: true };
      case "create-label": {
        const { provider, carrierService, labelFormat, parcels, origin } = validate(pageLabelBody, labelBody(f), labelField);
        const result = await createLabel(ctx, { returnGid, provider, carrierService, labelFormat, ...(parcels ? { parcels } : {}), originFill: origin ?? {}, approvedBy: { source: "MERCHANT", phrase: "on the return page" } });
        return { intent, ok: true, tracking: result.trackingNumber, detail: result.notice, labelState: result.state };
      }
      case "schedule-pickup": {
        const { windows } = validate(pickupBody, pickupBodyOf(f), pickupField);
        await schedulePickup(ctx, { returnGid, windows });
        return { intent, ok: true };
      }
      case "find-drop-off-points": {
        const input = validate(dropOffSearchBody, { rangeKm: numeric(f.rangeKm), limit: 10 });
        const found = await findDropOffPointsForReturn(ctx, { returnGid, ...input });
        return { intent, ok: true, points: found.points, detail: found.searchedNear };
      }
      case "choose-drop-off-point": {
        const { point } = validate(dropOffPointBody, pointBody(f), () => "point");
        await chooseDropOffPoint(ctx, { returnGid, point });
        return { intent, ok: true };
      }
      case "link": {
        const input = validate(linkBody, linkBodyOf(f), linkField);
        await linkReturn(ctx, { returnGid, ...input });
        return { intent, ok: true };
      }
      case "unlink":
        await unlinkReturn(ctx, { returnGid });
        return { intent, ok: true };
    }
  } catch (err) {
    if (!(err instanceof AppError)) ctx.log.error("return_page.action_crashed", { shop: ctx.shop, linkId, intent, err });
    return { intent, ok: false, error: humanError(err, ctx.log.secrets) };
  }
}

import type { Pickup } from "@prisma/client";
import { ConflictError, OutcomeUnknownError, UnimplementedError, ValidationError } from "../http/errors.server";
import type { Address, PickupWindow, ProviderId } from "../platforms/types";
import { claimOnce, DEFAULT_CLAIM_TIMING, type ClaimTiming } from "./claim-once.server";
import { readOrder } from "./order-access.server";
import { ensureLink, legacyId, loadOrder, orderAddress } from "./order-returns.server";
import { missingReference, PROVIDER_NAMES, providerRefOf } from "./provider-ref.server";
import type { ShopContext } from "./shop-context.server";
import { recordEvent } from "./timeline.server";
import { PICKUP_MAY_BE_BOOKED, type PickupResultView } from "../contract/extension-api";
import { emitFlowEvent } from "../flow/emit.server";
export { PICKUP_MAY_BE_BOOKED };
export type { PickupResultView };

// A carrier collects the parcel at the customer's address (REVER HOME_PICK_UP, on top of the return's
// logistic order). The Pickup row is claimed before the call, so a double click books one pickup. A booking whose
// answer was lost is never repeated blindly (REVER documents no read that lists a process's pickups): the row
// stops as UNCERTAIN until the merchant, having looked in REVER, says it is booked or asks to book again.

export interface SchedulePickupInput {
  returnGid: string;
  windows: PickupWindow[];
  /** The address as the merchant edited it; defaults to the order's shipping address. */
  address?: Address;
  carrier?: string;
  /** After "may already be booked": the merchant saw it in REVER ("booked") or did not ("book-again"). */
  resolve?: "booked" | "book-again";
}

function mayBeBooked(provider: ProviderId, detail?: string | null): ConflictError {
  return new ConflictError(
    `${PROVIDER_NAMES[provider]} did not confirm the pickup${detail ? ` (${detail})` : ""}: it may already be booked. Check the return in ${PROVIDER_NAMES[provider]}, then mark the pickup as booked here, or book it again.`,
    { service: "app", code: PICKUP_MAY_BE_BOOKED },
  );
}

/** The same return and windows are the same pickup. */
export function pickupIdempotencyKey(returnGid: string, windows: PickupWindow[]): string {
  const parts = windows
    .map((w) => `${w.date ?? "any"}_${w.startHour}-${w.endHour}`)
    .sort()
    .join(".");
  return `rb-${legacyId(returnGid)}-pickup-${parts}`.slice(0, 190);
}

function view(row: Pickup, reused: boolean, windows: PickupWindow[]): PickupResultView {
  return { pickupId: row.id, provider: row.provider as ProviderId, state: "SCHEDULED", reused, providerPickupId: row.providerPickupId, carrier: row.carrier, windows };
}

export async function schedulePickup(ctx: ShopContext, input: SchedulePickupInput, timing: ClaimTiming = DEFAULT_CLAIM_TIMING): Promise<PickupResultView> {
  const { db, shop } = ctx;
  if (!input.windows.length) throw new ValidationError("Choose at least one pickup window", { service: "api", fields: { windows: "at least one" } });
  const link = await ensureLink(ctx, input.returnGid);
  if (!link.provider) throw new ValidationError("Link this return to a provider before booking a pickup", { service: "app", code: "REFERENCE_MISSING" });
  const provider = link.provider as ProviderId;
  const platform = await ctx.platform(provider);
  if (!platform.capabilities.pickups) {
    throw new UnimplementedError(`${PROVIDER_NAMES[provider]} does not book pickups: the customer takes the parcel to a drop-off point`, { service: "app", code: "PICKUPS_UNSUPPORTED" });
  }
  const waiting = missingReference(link);
  if (waiting) throw new ValidationError(waiting, { service: "app", code: "REFERENCE_MISSING" });

  // A typed address needs no order (it may be out of reach); the order's email still fills a missing one when Shopify shares it.
  const order = input.address ? (await readOrder(ctx, link.orderGid)).read.order : await loadOrder(ctx, link.orderGid);
  const address = input.address ?? (order ? orderAddress(order) : null);
  if (!address) throw new ValidationError("The order has no shipping address: enter the pickup address", { service: "app", code: "ADDRESS_MISSING", fields: { address: "required" } });
  const key = pickupIdempotencyKey(link.returnGid, input.windows);
  const where = { shop_provider_idempotencyKey: { shop, provider, idempotencyKey: key } };
  const claimData = { ranges: JSON.stringify(input.windows), address: JSON.stringify(address), carrier: input.carrier ?? null };

  if (input.resolve) {
    const current = await db.pickup.findUnique({ where });
    if (current?.state === "UNCERTAIN" && input.resolve === "booked") {
      const confirmed = await db.pickup.update({ where: { id: current.id }, data: { state: "SCHEDULED", error: null } });
      await recordEvent(db, { shop, returnLinkId: link.id, source: "MERCHANT", kind: "pickup", status: "PICKUP_IN_PROGRESS", detail: `Pickup confirmed as booked in ${PROVIDER_NAMES[provider]} by the merchant`, dedupeKey: `pickup-confirmed:${current.id}` });
      return view(confirmed, true, input.windows);
    }
    // "Book again" releases the uncertain row for a new claim below.
    if (current?.state === "UNCERTAIN") await db.pickup.updateMany({ where: { id: current.id, shop, state: "UNCERTAIN" }, data: { state: "FAILED", error: "The merchant asked to book again" } });
  }

  const outcome = await claimOnce<Pickup>(
    {
      create: () => db.pickup.create({ data: { shop, returnLinkId: link.id, provider, idempotencyKey: key, state: "CLAIMED", ...claimData } }),
      find: () => db.pickup.findUnique({ where }),
      blocked: { UNCERTAIN: () => mayBeBooked(provider) },
      takeOver: async (row, data) =>
        (
          await db.pickup.updateMany({
            where: { id: row.id, shop, state: row.state, updatedAt: row.updatedAt },
            data: { ...data, ...(data.state === "CLAIMED" ? claimData : {}), updatedAt: new Date() },
          })
        ).count === 1,
      done: ["SCHEDULED"],
      resumable: [],
    },
    timing,
    "pickup",
  );
  if (outcome.kind === "done") return view(outcome.row, true, input.windows);

  const row = outcome.row;
  const [firstName, ...rest] = address.name.trim().split(/\s+/);
  try {
    const result = await platform.schedulePickup(providerRefOf(link), {
      address,
      windows: input.windows,
      carrier: input.carrier,
      customer: { email: address.email ?? order?.email ?? undefined, firstName, lastName: rest.join(" ") || undefined },
    });
    const scheduled = await db.pickup.update({
      where: { id: row.id },
      data: { state: "SCHEDULED", error: null, providerPickupId: result.pickupId ?? null, carrier: result.carrier ?? input.carrier ?? null },
    });
    const windowsText = input.windows.map((w) => `${w.date ? `${w.date} ` : ""}${String(w.startHour).padStart(2, "0")}-${String(w.endHour).padStart(2, "0")}`).join(", ");
    await recordEvent(db, {
      shop,
      returnLinkId: link.id,
      source: provider,
      kind: "pickup",
      status: "PICKUP_IN_PROGRESS",
      detail: `Pickup booked with ${PROVIDER_NAMES[provider]}${result.carrier ? ` (${result.carrier})` : ""}: ${windowsText}`,
      dedupeKey: `pickup:${row.id}`,
    });
    await emitFlowEvent(ctx, { trigger: "pickup-booked", subject: { linkId: link.id, returnGid: link.returnGid, returnName: link.returnName, orderGid: link.orderGid }, key: row.id, extra: { Provider: PROVIDER_NAMES[provider], "Pickup windows": windowsText } });
    return view(scheduled, false, input.windows);
  } catch (err) {
    if (err instanceof OutcomeUnknownError) {
      const uncertain = mayBeBooked(provider, err.message);
      await db.pickup.update({ where: { id: row.id }, data: { state: "UNCERTAIN", error: uncertain.message.slice(0, 2000) } });
      await recordEvent(db, { shop, returnLinkId: link.id, source: provider, kind: "pickup", result: "ERROR", detail: uncertain.message });
      ctx.log.warn("pickup.outcome_unknown", { shop, provider, returnGid: link.returnGid, err });
      throw uncertain;
    }
    const message = (err as Error).message;
    await db.pickup.update({ where: { id: row.id }, data: { state: "FAILED", error: message.slice(0, 2000) } });
    await recordEvent(db, { shop, returnLinkId: link.id, source: provider, kind: "pickup", result: "ERROR", detail: message });
    ctx.log.warn("pickup.provider_failed", { shop, provider, returnGid: link.returnGid, err });
    throw err;
  }
}

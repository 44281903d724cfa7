import type { Shipment } from "@prisma/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConflictError, ValidationError } from "../http/errors.server";
import type { ReturnForSync } from "../shopify/graphql/return-for-sync.server";
import { createTestDb, type TestDb } from "../../test/db";
import { claimOnce, PreviousAttemptFailedError, type ClaimOps } from "./claim-once.server";
import { labelIdempotencyKey, pickReverseFulfillmentOrder } from "./create-label.server";
import { toGid } from "./order-returns.server";
import { pickupIdempotencyKey } from "./schedule-pickup.server";

// The claim that makes labels and pickups happen once, on a real database, and the small rules around it.

const SHOP = "claims.myshopify.com";
let t: TestDb;
let linkId: string;

beforeAll(async () => {
  t = await createTestDb();
  const link = await t.db.returnLink.create({
    data: { shop: SHOP, returnGid: "gid://shopify/Return/1", returnName: "#1001-R1", normalizedName: "1001-R1", orderGid: "gid://shopify/Order/1", orderName: "#1001", status: "OPEN" },
  });
  linkId = link.id;
});
afterAll(async () => t.cleanup());

function ops(key: string): ClaimOps<Shipment> {
  const where = { shop_provider_idempotencyKey: { shop: SHOP, provider: "IFRETURNS", idempotencyKey: key } };
  return {
    create: () => t.db.shipment.create({ data: { shop: SHOP, returnLinkId: linkId, provider: "IFRETURNS", idempotencyKey: key, state: "CLAIMED" } }),
    find: () => t.db.shipment.findUnique({ where }),
    takeOver: async (row, data) => (await t.db.shipment.updateMany({ where: { id: row.id, state: row.state, updatedAt: row.updatedAt }, data: { ...data, updatedAt: new Date() } })).count === 1,
    done: ["ATTACHED"],
    resumable: ["CREATED"],
  };
}

const fast = { pollMs: 10, maxWaitMs: 2_000, leaseMs: 60_000 };

describe("claimOnce", () => {
  it("claims a new row, and hands a finished row to the next caller as done", async () => {
    const first = await claimOnce(ops("k-new"), fast, "label");
    expect(first.kind).toBe("claimed");
    await t.db.shipment.update({ where: { id: first.row.id }, data: { state: "ATTACHED" } });
    const second = await claimOnce(ops("k-new"), fast, "label");
    expect(second).toMatchObject({ kind: "done", row: { id: first.row.id } });
  });

  it("lets exactly one of many concurrent callers claim, the others wait for its result", async () => {
    const o = ops("k-race");
    const claimed = claimOnce(o, fast, "label").then(async (r) => {
      if (r.kind === "claimed") {
        await new Promise((res) => setTimeout(res, 50));
        await t.db.shipment.update({ where: { id: r.row.id }, data: { state: "ATTACHED" } });
      }
      return r;
    });
    const others = Array.from({ length: 4 }, () => claimOnce(o, fast, "label"));
    const all = await Promise.all([claimed, ...others]);
    expect(all.filter((r) => r.kind === "claimed")).toHaveLength(1);
    expect(all.filter((r) => r.kind === "done")).toHaveLength(4);
    expect(await t.db.shipment.count({ where: { idempotencyKey: "k-race" } })).toBe(1);
  });

  it("answers 409 when another request still holds a fresh claim after the wait", async () => {
    await claimOnce(ops("k-busy"), fast, "label");
    await expect(claimOnce(ops("k-busy"), { ...fast, maxWaitMs: 60 }, "label")).rejects.toBeInstanceOf(ConflictError);
  });

  it("takes over the claim of a request that died once its lease has passed", async () => {
    const dead = await claimOnce(ops("k-dead"), fast, "label");
    await t.db.shipment.update({ where: { id: dead.row.id }, data: { updatedAt: new Date(Date.now() - 120_000) } });
    const next = await claimOnce(ops("k-dead"), { ...fast, leaseMs: 60_000 }, "label");
    expect(next).toMatchObject({ kind: "claimed", row: { id: dead.row.id } });
  });

  it("resumes a row stopped half-way with its reason", async () => {
    const first = await claimOnce(ops("k-half"), fast, "label");
    await t.db.shipment.update({ where: { id: first.row.id }, data: { state: "CREATED", error: "Shopify was down" } });
    const next = await claimOnce(ops("k-half"), fast, "label");
    expect(next).toMatchObject({ kind: "resume", row: { id: first.row.id, error: null } });
  });

  it("gives a waiting caller the failure of the attempt it waited for, and a later caller a fresh claim", async () => {
    const first = await claimOnce(ops("k-fail"), fast, "label");
    // Prisma queries run when awaited: the other request fails its attempt 40 ms into our wait.
    setTimeout(async () => {
      await t.db.shipment.update({ where: { id: first.row.id }, data: { state: "FAILED", error: "carrier GLS is not available" } });
    }, 40);
    const waiting = claimOnce(ops("k-fail"), fast, "label");
    await expect(waiting).rejects.toBeInstanceOf(PreviousAttemptFailedError);
    await expect(claimOnce(ops("k-fail"), fast, "label").then(() => null, (e: Error) => e.message)).resolves.toBeNull();
    const again = await t.db.shipment.findUniqueOrThrow({ where: { id: first.row.id } });
    expect(again).toMatchObject({ state: "CLAIMED", error: null });
  });
});

function returnWith(rfos: Array<{ id: string; status: "OPEN" | "CLOSED" | "CANCELED" }>): ReturnForSync {
  return {
    id: "gid://shopify/Return/77",
    name: "#1001-R1",
    status: "OPEN",
    totalQuantity: 1,
    returnLineItems: { nodes: [] },
    reverseFulfillmentOrders: { nodes: rfos.map((r) => ({ ...r, lineItems: { nodes: [] }, reverseDeliveries: { nodes: [] } })) },
  };
}

describe("choosing the reverse fulfillment order", () => {
  it("takes the only open one, and asks to choose among several", () => {
    expect(pickReverseFulfillmentOrder(returnWith([{ id: "gid://shopify/ReverseFulfillmentOrder/1", status: "CLOSED" }, { id: "gid://shopify/ReverseFulfillmentOrder/2", status: "OPEN" }])).id).toBe("gid://shopify/ReverseFulfillmentOrder/2");
    const several = returnWith([{ id: "gid://shopify/ReverseFulfillmentOrder/1", status: "OPEN" }, { id: "gid://shopify/ReverseFulfillmentOrder/2", status: "OPEN" }]);
    expect(() => pickReverseFulfillmentOrder(several)).toThrow(expect.objectContaining({ code: "CHOOSE_REVERSE_FULFILLMENT_ORDER" }));
    expect(pickReverseFulfillmentOrder(several, "2").id).toBe("gid://shopify/ReverseFulfillmentOrder/2");
  });

  it("refuses one that is closed or not of this return", () => {
    const ret = returnWith([{ id: "gid://shopify/ReverseFulfillmentOrder/1", status: "CLOSED" }]);
    expect(() => pickReverseFulfillmentOrder(ret, "gid://shopify/ReverseFulfillmentOrder/1")).toThrow(/is closed/);
    expect(() => pickReverseFulfillmentOrder(ret, "gid://shopify/ReverseFulfillmentOrder/9")).toThrow(/is not a reverse fulfillment order of return #1001-R1/);
    expect(() => pickReverseFulfillmentOrder(ret)).toThrow(/no open reverse fulfillment order/);
  });
});

describe("idempotency keys and ids", () => {
  it("derive the label key from the return and the reverse fulfillment order", () => {
    expect(labelIdempotencyKey("gid://shopify/Return/123", "gid://shopify/ReverseFulfillmentOrder/456")).toBe("rb-123-456");
  });

  it("make the same pickup key whatever the order of its windows", () => {
    const a = pickupIdempotencyKey("gid://shopify/Return/5", [{ date: "2026-12-01", startHour: 16, endHour: 20 }, { date: "2026-12-01", startHour: 8, endHour: 12 }]);
    const b = pickupIdempotencyKey("gid://shopify/Return/5", [{ date: "2026-12-01", startHour: 8, endHour: 12 }, { date: "2026-12-01", startHour: 16, endHour: 20 }]);
    expect(a).toBe(b);
    expect(pickupIdempotencyKey("gid://shopify/Return/5", [{ date: "2026-12-02", startHour: 8, endHour: 12 }])).not.toBe(a);
  });

  it("accept numeric ids and GIDs of the right type only", () => {
    expect(toGid("Return", "42")).toBe("gid://shopify/Return/42");
    expect(toGid("Return", "gid://shopify/Return/42")).toBe("gid://shopify/Return/42");
    expect(() => toGid("Return", "gid://shopify/Order/42")).toThrow(ValidationError);
    expect(() => toGid("Order", "42; drop table")).toThrow(/Not a Shopify Order id/);
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedShop } from "../../sandbox/shopify/seed";
import { startAppHarness, type AppHarness } from "../../test/app-harness";
import { emptyRule } from "./rule-types";
import { saveAutomationRules } from "./rules.server";

// A rule that sends a carrier to the customer: the return is approved, its REVER process found, and the label made as
// a home pickup on REVER's ranges from the customer's address; Flow hears of the label and of the pickup, once each.

describe("a home pickup by rule", () => {
  let h: AppHarness;
  let returnGid: string;

  beforeAll(async () => {
    h = await startAppHarness({ providers: ["REVER"] });
    const saved = await saveAutomationRules(h.rt.shop(h.shop), [
      { ...emptyRule(0), name: "Pickups for Barcelona orders", orderTags: ["pickup"], autoApprove: true, createLabel: true, provider: "REVER", returnMethod: "HOME_PICK_UP", pickupWindows: [{ startHour: 8, endHour: 12 }, { startHour: 16, endHour: 20 }], notifyCustomer: false },
    ]);
    expect(saved.ok).toBe(true);
    const [order] = await seedShop(h.merchant, {
      orders: [
        {
          customer: { firstName: "Jordi", lastName: "Puig", email: "jordi@example.com" },
          email: "jordi@example.com",
          shippingAddress: { firstName: "Jordi", lastName: "Puig", address1: "Carrer de Mallorca 210", city: "Barcelona", provinceCode: "B", zip: "08008", countryCode: "ES", phone: "+34600333444" },
          lineItems: [{ title: "Leather sneakers", quantity: 1, price: "89.00" }],
          tags: ["pickup"],
          returns: [{ status: "REQUESTED" }],
        },
      ],
    });
    returnGid = order.returns[0].id;
    // REVER has the return's process (the customer started it there): the app finds it by the order number.
    h.rever.createProcess({ processId: "proc_pickup_1", orderNumber: order.name.slice(1), returnName: order.returns[0].name });
    await h.settle(60_000);
  }, 90_000);
  afterAll(async () => h?.close());

  it("books the pickup on REVER's ranges at the customer's address, with the label, once", async () => {
    const puts = h.rever.requests.filter((r) => r.method === "PUT" && /\/logistics\/?$/.test(r.path));
    expect(puts).toHaveLength(1);
    expect(puts[0].body).toMatchObject({ return_type: "HOME_PICK_UP", pickup_ranges: ["RANGE_8_TO_12", "RANGE_16_TO_20"], customer_address: expect.objectContaining({ city: "Barcelona", postcode: "08008" }) });
    expect(h.shopify.store.returns.get(returnGid)!.status).toBe("OPEN");
    const link = await h.t.db.returnLink.findFirstOrThrow({ where: { shop: h.shop, returnGid } });
    expect((await h.t.db.automationRun.findMany({ where: { returnLinkId: link.id }, orderBy: { stage: "asc" } })).map((r) => `${r.stage}:${r.state}`)).toEqual(["APPROVE:DONE", "LABEL:DONE"]);
    const handles = h.shopify.flow.received.filter((r) => r.payload["Return ID"] === returnGid).map((r) => r.handle).sort();
    expect(handles).toEqual(["return-label-created", "return-pickup-booked"]);
  });
});

import { describe, expect, it } from "vitest";
import { labelPng } from "../../sandbox/lib/label-files";
import { TEST_SHOP } from "../../sandbox/shopify/test-helpers";
import { linkReturn } from "../returns/manual-link.server";
import { PROFILES, reverConnection, saveConnection } from "../../test/order-page-harness";
import { orderPageSuite } from "../../test/order-page-suite";

// The REVER label flow from the API route down to the simulators (iF's is in order-page-api.test.ts): logistic
// orders, REVER's refusals passed through readably, uploaded label files. Against both simulator profiles: with the
// documented minimum the merchant links each return to its REVER process by hand first.

describe.each(PROFILES)("the REVER label API against the %s simulators", (profile) => {
  const minimum = profile === "documented-minimum";
  const suite = orderPageSuite(profile, { clearFaults: true });
  const { label, deliveriesOf, linkOf } = suite;

  describe("POST /api/returns/:id/label with REVER", () => {
    async function reverReturn() {
      const order = await suite.h.seedOrder(["OPEN"]);
      const process = suite.h.reverSim.createProcess({ orderNumber: order.name.replace(/^#/, "") });
      // Without the assumed process search the merchant pastes the process id (the default profile's search finds it).
      if (minimum) await linkReturn(suite.h.rt.shop(TEST_SHOP), { returnGid: order.returns[0].id, provider: "REVER", reference: process.processId });
      return { order, ret: order.returns[0], process };
    }

    it("creates the logistic order (PUT .../logistics/), fetches the label and attaches it in Shopify", async () => {
      const { ret, process } = await reverReturn();

      const res = await label(ret.id, { provider: "REVER", carrierService: "UPS" });

      expect(res.status).toBe(200);
      expect(res.json).toMatchObject({ provider: "REVER", state: "ATTACHED", attachedToShopify: true, carrier: "UPS" });
      const p = suite.h.reverSim.process(process.processId)!;
      expect(p.logisticOrders).toHaveLength(1);
      expect(p.logisticOrders[0].request).toMatchObject({ carrier: "UPS", provider: "SendCloud", return_type: "DROP_OFF_POINT", customer_address: { city: "Madrid" }, ecommerce_warehouse_address: { city: "Getafe" } });
      const [rd] = deliveriesOf(ret.id);
      expect(rd.tracking?.number).toBe(p.logisticOrders[0].trackingId);
      expect(rd.label?.publicFileUrl).toBeTruthy();
      const link = await linkOf(ret.id);
      expect(link).toMatchObject({ provider: "REVER", reverProcessId: process.processId, referenceState: "KNOWN" });
    });

    it("passes REVER code 3 (carrier not offered by the provider) through readably and stores nothing half-done", async () => {
      const { ret, process } = await reverReturn();

      const res = await label(ret.id, { provider: "REVER", carrierService: "GLS" });

      expect(res.status).toBe(422);
      expect(res.json.error).toMatchObject({ kind: "invalid_argument", code: 3, service: "rever" });
      expect(res.json.error.message).toMatch(minimum ? /INVALID_ARGUMENT/ : /carrier GLS is not available for provider SendCloud/);
      expect(suite.h.reverSim.process(process.processId)!.logisticOrders).toHaveLength(0);
      expect(deliveriesOf(ret.id)).toHaveLength(0);
      const link = await linkOf(ret.id);
      expect(link.shipments).toMatchObject([{ state: "FAILED", trackingNumber: null }]);
      expect(link.trackingNumber).toBeNull();

      const fixed = await label(ret.id, { provider: "REVER", carrierService: "DHL" });
      expect(fixed.status).toBe(200);
      expect(suite.h.reverSim.process(process.processId)!.logisticOrders).toHaveLength(1);
    });

    it("passes REVER code 12 (provider OPS did nothing) through readably and stores nothing half-done", async () => {
      await saveConnection(suite.h.rt, "returns-bridge-test.myshopify.com", await reverConnection(suite.h, { logisticsProvider: "OPS", credential: "" }));
      const { ret, process } = await reverReturn();
      try {
        const res = await label(ret.id, { provider: "REVER" });

        expect(res.status).toBe(422);
        expect(res.json.error).toMatchObject({ kind: "unimplemented", code: 12, service: "rever" });
        expect(res.json.error.message).toMatch(/OPS did nothing.*No label or pickup was created/);
        expect(res.json.error.retryable).toBe(false);
        expect(suite.h.reverSim.process(process.processId)!.logisticOrders).toHaveLength(0);
        expect(deliveriesOf(ret.id)).toHaveLength(0);
        expect((await linkOf(ret.id)).shipments).toMatchObject([{ state: "FAILED" }]);
      } finally {
        await saveConnection(suite.h.rt, "returns-bridge-test.myshopify.com", await reverConnection(suite.h, { credential: "" }));
      }
    });

    it("saves an uploaded PNG label as a manual logistic order and attaches it", async () => {
      const { ret, process } = await reverReturn();
      const png = labelPng("RETURN LABEL");

      const res = await label(ret.id, {
        provider: "REVER",
        manualLabel: { fileBase64: Buffer.from(png).toString("base64"), extension: "png", carrier: "CORREOS", trackingNumber: "PQ123456789ES", trackingUrl: "https://www.correos.es/track/PQ123456789ES" },
      });

      expect(res.status).toBe(200);
      expect(res.json).toMatchObject({ trackingNumber: "PQ123456789ES", labelFormat: "PNG", attachedToShopify: true });
      expect(suite.h.reverSim.process(process.processId)!.logisticOrders[0]).toMatchObject({ kind: "MANUAL", trackingId: "PQ123456789ES" });
      const [rd] = deliveriesOf(ret.id);
      expect(rd.tracking?.number).toBe("PQ123456789ES");
      const file = await fetch(rd.label!.publicFileUrl);
      expect(Buffer.from(await file.arrayBuffer()).subarray(1, 4).toString()).toBe("PNG");
    });

    it("searches again for a process that was not there at the first click (search on), or asks for the link (search off)", async () => {
      const order = await suite.h.seedOrder(["OPEN"]);
      const ret = order.returns[0];
      const first = await label(ret.id, { provider: "REVER" });
      expect(first.status).toBe(422);
      expect(first.json.error).toMatchObject({ code: "REFERENCE_MISSING", message: expect.stringMatching(/Needs a REVER link/) });
      const process = suite.h.reverSim.createProcess({ orderNumber: order.name.replace(/^#/, "") });
      const second = await label(ret.id, { provider: "REVER" });
      if (minimum) {
        expect(second.status).toBe(422);
        expect(suite.h.reverSim.requests.some((r) => r.kind === "assumed")).toBe(false);
      } else {
        expect(second.status).toBe(200);
        expect(await linkOf(ret.id)).toMatchObject({ reverProcessId: process.processId, referenceSource: "SEARCH" });
      }
    });

    it("refuses an uploaded label for iF returns, which takes none", async () => {
      const order = await suite.h.seedOrder(["OPEN"]);
      const res = await label(order.returns[0].id, { provider: "IFRETURNS", manualLabel: { fileBase64: Buffer.from(labelPng("X")).toString("base64"), extension: "png" } });
      expect(res.status).toBe(422);
      expect(res.json.error).toMatchObject({ kind: "unimplemented", code: "MANUAL_LABEL_UNSUPPORTED" });
    });
  });
});

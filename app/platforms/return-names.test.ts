import { describe, expect, it } from "vitest";
import { bareOrderName, derivedIfReturnName, legacyIdFromGid, normalizeReturnName } from "./return-names";

describe("return names", () => {
  it("strips one leading '#' and surrounding spaces, keeping the rest", () => {
    expect(normalizeReturnName("#64231-R1")).toBe("64231-R1");
    expect(normalizeReturnName("  #64231-R1 ")).toBe("64231-R1");
    expect(normalizeReturnName("64231-R1")).toBe("64231-R1");
    expect(normalizeReturnName("##A-1")).toBe("#A-1");
    expect(normalizeReturnName("#EU-1001-R12")).toBe("EU-1001-R12");
  });

  it("derives iF's return name from the documented R#-{ORDER_NAME} format", () => {
    expect(derivedIfReturnName("64231-R1")).toBe("R1-64231");
    expect(derivedIfReturnName("#64231-R2")).toBe("R2-64231");
    expect(derivedIfReturnName("EU-1001-R12")).toBe("R12-EU-1001");
    expect(derivedIfReturnName("64231")).toBeNull();
  });

  it("reads order names and legacy ids", () => {
    expect(bareOrderName("#64231")).toBe("64231");
    expect(legacyIdFromGid("gid://shopify/Order/5000")).toBe("5000");
    expect(legacyIdFromGid(undefined)).toBeUndefined();
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../../test/db";
import { createTestRuntime } from "../../test/runtime";
import type { Runtime } from "../runtime/runtime.server";
import { saveProviderConnection } from "../settings/provider-connections.server";
import { hasSpanishFieldError, translateFieldError } from "./field-errors";

// The settings use-case answers in English; the page must be able to say every one of its answers in Spanish.

const address = { name: "Almacén", line1: "Calle 1", city: "Madrid", postalCode: "28001", countryCode: "ES", email: "a@example.com", phone: "+34911" };

const BAD_INPUTS: unknown[] = [
  {},
  { provider: "IFRETURNS" },
  {
    provider: "IFRETURNS",
    environment: "moon",
    shopCode: "a b",
    defaultLabelFormat: "PNG",
    baseUrl: "ftp://example.com",
    warehouseAddress: { name: "", email: "not-an-email", line1: "", city: "", postalCode: "", countryCode: "Spain" },
    defaultParcel: { weightGrams: "abc", lengthCm: "-1", widthCm: "x", heightCm: "0" },
    requestsPerSecond: "abc",
  },
  { provider: "IFRETURNS", environment: "custom", warehouseAddress: { ...address, email: "", phone: "" }, requestsPerSecond: "0" },
  { provider: "IFRETURNS", warehouseAddress: address, requestsPerSecond: "1000", defaultCarrierService: "X", carrierServices: "A, B", defaultParcel: { lengthCm: "10" } },
  { provider: "IFRETURNS", warehouseAddress: address, requestsPerSecond: "1.5", defaultParcel: { weightGrams: "90000" } },
  { provider: "IFRETURNS", warehouseAddress: address },
  { provider: "REVER", environment: "staging", ecommerceId: "", defaultLabelFormat: "ZPL", warehouseAddress: address },
  { provider: "REVER", ecommerceId: "shop-1", warehouseAddress: address },
];

describe("field errors of the settings use-case", () => {
  let t: TestDb;
  let rt: Runtime;
  beforeAll(async () => {
    t = await createTestDb();
    rt = await createTestRuntime(t);
  });
  afterAll(async () => {
    await rt?.close();
    await t?.cleanup();
  });

  it("each has Spanish words, and English is shown as the use-case wrote it", async () => {
    const messages = new Set<string>();
    for (const input of BAD_INPUTS) {
      const result = await saveProviderConnection(rt.shop("errors.myshopify.com"), input);
      expect(result.ok).toBe(false);
      if (!result.ok) for (const m of Object.values(result.fieldErrors)) messages.add(m);
    }
    expect(messages.size).toBeGreaterThan(15);
    const untranslated = [...messages].filter((m) => !hasSpanishFieldError(m));
    expect(untranslated).toEqual([]);
    for (const m of messages) expect(translateFieldError("en", m)).toBe(m);
  });

  it("translates the messages built from a field name", () => {
    expect(translateFieldError("es", "Length must be a positive number")).toBe("El largo debe ser un número positivo");
    expect(translateFieldError("es", "Requests per second must be at most 100")).toBe("Las peticiones por segundo deben ser como máximo 100");
    expect(translateFieldError("es", "Something nobody wrote down")).toBe("Something nobody wrote down");
  });
});

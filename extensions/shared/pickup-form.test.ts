import { describe, expect, it } from "vitest";
import { PICKUP_MAY_BE_BOOKED } from "../../app/contract/extension-api";
import { ApiError } from "./api-client";
import { pickupRequest, pickupResolution, type PickupForm } from "./pickup-form";

// After a pickup whose answer was lost, the merchant answers "booked" or "book again" with the same request.

const form: PickupForm = {
  date: "2026-12-02",
  ranges: ["16-20", "12-16"],
  address: { name: "Lucía García", email: "", phone: "+34600111222", line1: "Calle de Alcalá 45", line2: "", city: "Madrid", postalCode: "28014", countryCode: "es" },
};
const sent = pickupRequest(form);
const lost = new ApiError("REVER did not confirm the pickup: it may already be booked.", { status: 409, code: PICKUP_MAY_BE_BOOKED });

describe("the answer to a pickup that may already be booked", () => {
  it("offers it only when the backend says the booking may exist", () => {
    expect(pickupResolution(lost, sent)).not.toBeNull();
    expect(pickupResolution(new ApiError("Link this return to a provider before booking a pickup", { status: 422, code: "REFERENCE_MISSING" }), sent)).toBeNull();
    expect(pickupResolution(new ApiError("Returns Bridge could not be reached", { status: 0, retryable: true }), sent)).toBeNull();
    expect(pickupResolution(new Error(PICKUP_MAY_BE_BOOKED), sent)).toBeNull();
  });

  it("resends the failed request's windows and address, marked booked or book-again", () => {
    const answers = pickupResolution(lost, sent)!;
    expect(answers.booked).toEqual({
      windows: [{ date: "2026-12-02", startHour: 12, endHour: 16 }, { date: "2026-12-02", startHour: 16, endHour: 20 }],
      address: { name: "Lucía García", phone: "+34600111222", line1: "Calle de Alcalá 45", city: "Madrid", postalCode: "28014", countryCode: "ES" },
      resolve: "booked",
    });
    expect(answers.bookAgain).toEqual({ ...answers.booked, resolve: "book-again" });
  });

  it("answers for the request that failed, not an earlier answer: a lost book-again asks again with the same windows", () => {
    const again = pickupResolution(lost, { ...sent, resolve: "book-again" })!;
    expect(again.booked).toEqual({ ...sent, resolve: "booked" });
    expect(again.bookAgain).toEqual({ ...sent, resolve: "book-again" });
  });
});

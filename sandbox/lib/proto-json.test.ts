import { describe, expect, it } from "vitest";
import { decodeMessage, ProtoJsonError, type MessageType } from "./proto-json";

// The gateway's decoding, as protojson does it: what it accepts, what it discards, what it refuses.

const ITEM: MessageType = { sku: "string", quantity: "int32" };
const MSG: MessageType = {
  process_id: "string",
  lkss: { enum: ["NO_SHIPPING_STATUS", "CREATED"] },
  weight_in_grams: "int32",
  label: "bytes",
  items: { repeated: { message: ITEM } },
  ranges: { repeated: { enum: ["NO_RANGE", "RANGE_8_TO_12"] } },
};

describe("protojson decoding", () => {
  it("reads proto and JSON field names, enums by name or number, int32 from numeric strings, both base64 alphabets", () => {
    const { value, unknownFields } = decodeMessage(MSG, {
      processId: "p1",
      lkss: 1,
      weight_in_grams: "1250",
      label: Buffer.from([0xfb, 0xff]).toString("base64url"),
      items: [{ sku: "A", quantity: 2, colour: "red" }],
      ranges: ["RANGE_8_TO_12"],
      extra: { deep: true },
    });
    expect(value).toEqual({ process_id: "p1", lkss: "CREATED", weight_in_grams: 1250, label: new Uint8Array([0xfb, 0xff]), items: [{ sku: "A", quantity: 2 }], ranges: ["RANGE_8_TO_12"] });
    expect(unknownFields).toEqual(["items[0].colour", "extra"]);
  });

  it("reads an empty body and null fields as unset", () => {
    expect(decodeMessage(MSG, undefined).value).toEqual({});
    expect(decodeMessage(MSG, { lkss: null, process_id: "x" }).value).toEqual({ process_id: "x" });
  });

  it.each([
    ["an unknown enum name", { lkss: "LOST" }, /enum field lkss: "LOST"/],
    ["a number for a string", { process_id: 7 }, /string field process_id/],
    ["a fraction for an int32", { weight_in_grams: 1.5 }, /int32 field weight_in_grams/],
    ["an int32 out of range", { weight_in_grams: 2 ** 31 }, /int32/],
    ["bytes that are not base64", { label: "not base64!" }, /bytes field label/],
    ["a list where one value belongs", { items: { sku: "A" } }, /list field items/],
    ["the same field under both names", { process_id: "a", processId: "b" }, /duplicate field processId/],
    ["a body that is not an object", ["x"], /syntax error/],
  ])("refuses %s", (_name, body, message) => {
    expect(() => decodeMessage(MSG, body)).toThrow(ProtoJsonError);
    expect(() => decodeMessage(MSG, body)).toThrow(message);
  });
});

import { describe, expect, it } from "vitest";
import { beyondExample } from "./example-shape";

// What "the document's example or strictly less" means for an answer.

describe("comparing an answer with a documented example", () => {
  const example = { a: "string", list: [{ code: "x" }], empty: [], obj: {}, status: "STATUS_UNSPECIFIED" };

  it("accepts an answer with fewer keys, other placeholder values and fewer items", () => {
    expect(beyondExample({ a: "real", list: [{ code: "y" }, {}], status: "STATUS_UNSPECIFIED" }, example, ["status"])).toEqual([]);
  });

  it("names extra keys, other types, items the example does not have and other enum values", () => {
    expect(beyondExample({ a: 1, list: [{ code: "y", more: 1 }], empty: [1], obj: { k: 1 }, status: "CREATED" }, example, ["status"])).toEqual([
      "a: number where the example has string",
      "list[].more: not in the example",
      "empty: 1 item(s) where the example has none",
      "obj.k: not in the example",
      'status: "CREATED" where the example shows only "STATUS_UNSPECIFIED"',
    ]);
  });
});

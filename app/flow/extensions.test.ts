import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadFlowExtensions, parseExtensionToml, payloadKey } from "../../sandbox/shopify/extension-toml";
import { COMMON_FIELDS, FLOW_ACTION_CREATE_LABEL, FLOW_TRIGGERS } from "./triggers";

// Flow extensions are checked by Shopify only at deploy: each TOML is checked here against Flow's documented rules
// (https://shopify.dev/docs/apps/build/flow/triggers/reference, .../actions/reference) and against the payloads the
// app sends. The reference types and custom types below are the documented ones; the CLI also requires trigger keys
// to be letters and spaces, and actions' runtime_url to be https.

const root = path.resolve(import.meta.dirname, "..", "..");
const extensionsDir = path.join(root, "extensions");
const TRIGGER_REFERENCES = ["customer_reference", "order_reference", "product_reference", "company_reference", "company_contact_reference"];
const TRIGGER_TYPES = ["boolean", "email", "single_line_text_field", "url", "number_decimal"];
const ACTION_REFERENCES = [...TRIGGER_REFERENCES, "marketing_activity_reference", "abandonment_reference"];
const ACTION_TYPES = ["boolean", "email", "multi_line_text_field", "number_integer", "single_line_text_field", "url", "number_decimal"];

const flow = loadFlowExtensions(extensionsDir);

describe("Shopify Flow extensions", () => {
  it("declare the five triggers of app/flow/triggers.ts and the label action, one extension folder each", () => {
    expect(flow.filter((e) => e.type === "flow_trigger").map((e) => e.handle).sort()).toEqual(Object.values(FLOW_TRIGGERS).map((t) => t.handle).sort());
    expect(flow.filter((e) => e.type === "flow_action").map((e) => e.handle)).toEqual([FLOW_ACTION_CREATE_LABEL.handle]);
    for (const t of Object.values(FLOW_TRIGGERS)) expect(path.basename(path.dirname(flow.find((e) => e.handle === t.handle)!.file))).toBe(t.extension);
  });

  it.each(flow.map((e) => [e.handle, e] as const))("%s follows Flow's documented fields and names", (_h, ext) => {
    expect(ext.handle).toMatch(/^[A-Za-z0-9-]{1,30}$/);
    expect(ext.name.trim()).not.toBe("");
    const references = ext.type === "flow_trigger" ? TRIGGER_REFERENCES : ACTION_REFERENCES;
    const types = ext.type === "flow_trigger" ? TRIGGER_TYPES : ACTION_TYPES;
    for (const f of ext.fields) {
      if (references.includes(f.type)) {
        expect(f.key, `${ext.handle}: a reference field has no key`).toBeUndefined();
        continue;
      }
      expect(types, `${ext.handle}: field type ${f.type}`).toContain(f.type);
      expect(typeof f.key, `${ext.handle}: a custom field needs a key`).toBe("string");
      if (ext.type === "flow_trigger") expect(f.key).toMatch(/^[a-zA-Z\s]+$/);
      else expect(typeof f.name, `${ext.handle}: an action field needs a name`).toBe("string");
    }
    expect(new Set(ext.fields.map(payloadKey)).size).toBe(ext.fields.length);
  });

  it("each trigger's fields are exactly the payload the app sends: the order, the return's id and name, then its own", () => {
    for (const t of Object.values(FLOW_TRIGGERS)) {
      const ext = flow.find((e) => e.handle === t.handle)!;
      expect(ext.fields.map(payloadKey)).toEqual(["order_id", ...COMMON_FIELDS, ...t.extraFields]);
      expect(ext.fields.filter((f) => f.type !== "order_reference").every((f) => f.type === "single_line_text_field")).toBe(true);
    }
  });

  it("the action posts to the app's route over https and takes the order (required) and an optional return id", () => {
    const action = flow.find((e) => e.type === "flow_action")!;
    expect(new URL(action.runtimeUrl!).protocol).toBe("https:");
    expect(new URL(action.runtimeUrl!).pathname).toBe(FLOW_ACTION_CREATE_LABEL.path);
    expect(readdirSync(path.join(root, "app", "routes"))).toContain(`${FLOW_ACTION_CREATE_LABEL.path.slice(1).replaceAll("/", ".")}.tsx`);
    expect(action.fields).toEqual([
      { type: "order_reference", required: true },
      expect.objectContaining({ type: "single_line_text_field", key: "return_id", name: "Return ID", required: false }),
    ]);
  });

  it("are read strictly: a line the reader does not understand fails instead of being skipped", () => {
    expect(() => parseExtensionToml('[[extensions]]\nname = "x"\nfields = { a = 1 }\n')).toThrow(/unsupported value/);
    expect(() => parseExtensionToml('[extensions\nname = "x"\n')).toThrow(/unsupported line/);
    expect(() => parseExtensionToml('name = "a"\nname = "b"\n')).toThrow(/given twice/);
    const text = readFileSync(path.join(extensionsDir, FLOW_ACTION_CREATE_LABEL.extension, "shopify.extension.toml"), "utf8");
    expect(parseExtensionToml(text)).toMatchObject({ extensions: [{ type: "flow_action", handle: "create-return-label" }], settings: { fields: [{ type: "order_reference" }, { key: "return_id" }] } });
  });
});

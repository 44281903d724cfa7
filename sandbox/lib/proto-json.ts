// Decoding a JSON body into a protobuf message the way a gRPC-gateway does (protojson, grpc-gateway v2 defaults):
// - field names in the proto spelling (`process_id`) or the JSON one (`processId`);
// - unknown fields discarded, not refused (DiscardUnknown: true in grpc-gateway's default marshaler,
//   github.com/grpc-ecosystem/grpc-gateway runtime/marshaler_registry.go); we list them for the request log;
// - null means "not set"; enums by name or number, an unknown name is an error; int32 as a number or a numeric
//   string; bytes as standard or URL-safe base64, padded or not (https://protobuf.dev/programming-guides/json/).
// Any error is what the gateway turns into gRPC InvalidArgument (code 3) before the service runs.

export type FieldType =
  | "string"
  | "int32"
  | "double"
  | "bool"
  | "bytes"
  | { enum: readonly string[] }
  | { message: MessageType }
  | { repeated: FieldType };

/** Fields by their proto name. */
export type MessageType = Readonly<Record<string, FieldType>>;

export class ProtoJsonError extends Error {}

export interface DecodedMessage {
  /** Set fields only, by proto name; enums as names (or the number when outside the known names), bytes as bytes. */
  value: Record<string, unknown>;
  /** Dotted paths of discarded fields. */
  unknownFields: string[];
}

const camel = (name: string) => name.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
const INT32 = { min: -(2 ** 31), max: 2 ** 31 - 1 };

function decodeScalar(type: FieldType, v: unknown, field: string, unknown: string[], path: string): unknown {
  const fail = (what: string): never => {
    throw new ProtoJsonError(`proto: invalid value for ${what} field ${field}: ${JSON.stringify(v)}`);
  };
  if (typeof type === "object") {
    if ("enum" in type) {
      if (typeof v === "string") return type.enum.includes(v) ? v : fail("enum");
      if (typeof v === "number" && Number.isInteger(v) && v >= INT32.min && v <= INT32.max) return type.enum[v] ?? v;
      return fail("enum");
    }
    if ("message" in type) {
      if (typeof v !== "object" || v === null || Array.isArray(v)) return fail("message");
      return decodeInto(type.message, v as Record<string, unknown>, unknown, path);
    }
    if (!Array.isArray(v)) return fail("list");
    return v.map((item, i) => (item === null ? fail("list element") : decodeScalar(type.repeated, item, `${field}[${i}]`, unknown, `${path}[${i}]`)));
  }
  switch (type) {
    case "string":
      return typeof v === "string" ? v : fail("string");
    case "bool":
      return typeof v === "boolean" ? v : fail("bool");
    case "double":
      if (typeof v === "number") return v;
      if (typeof v === "string" && v.trim() !== "" && !Number.isNaN(Number(v))) return Number(v);
      return fail("double");
    case "int32": {
      const n = typeof v === "number" ? v : typeof v === "string" && /^-?\d+$/.test(v) ? Number(v) : NaN;
      return Number.isInteger(n) && n >= INT32.min && n <= INT32.max ? n : fail("int32");
    }
    case "bytes": {
      if (typeof v !== "string" || !/^[A-Za-z0-9+/_-]*={0,2}$/.test(v) || v.replace(/=+$/, "").length % 4 === 1) return fail("bytes");
      return new Uint8Array(Buffer.from(v.replace(/-/g, "+").replace(/_/g, "/"), "base64"));
    }
  }
}

function decodeInto(type: MessageType, json: Record<string, unknown>, unknown: string[], path: string): Record<string, unknown> {
  const byJsonName = new Map<string, string>();
  for (const name of Object.keys(type)) {
    byJsonName.set(name, name);
    byJsonName.set(camel(name), name);
  }
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(json)) {
    const name = byJsonName.get(key);
    const at = path ? `${path}.${key}` : key;
    if (!name) {
      unknown.push(at);
      continue;
    }
    if (name in out) throw new ProtoJsonError(`proto: duplicate field ${key}`);
    if (v === null) continue;
    out[name] = decodeScalar(type[name], v, name, unknown, at);
  }
  return out;
}

/** Decode a parsed JSON body (undefined = empty body, which the gateway reads as an empty message). */
export function decodeMessage(type: MessageType, body: unknown): DecodedMessage {
  if (body === undefined) return { value: {}, unknownFields: [] };
  if (typeof body !== "object" || body === null || Array.isArray(body)) throw new ProtoJsonError(`proto: syntax error: unexpected token ${JSON.stringify(body)?.slice(0, 20)}`);
  const unknownFields: string[] = [];
  return { value: decodeInto(type, body as Record<string, unknown>, unknownFields, ""), unknownFields };
}

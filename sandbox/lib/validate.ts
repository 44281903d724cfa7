import { ZodArray, ZodDefault, ZodEffects, ZodNullable, ZodObject, ZodOptional, ZodPipeline, type ZodType, type ZodTypeAny, type ZodTypeDef } from "zod";
import { SimHttpError } from "./sim-server";

// Request validation for the simulators: the first problem names the field, every problem is listed.

export interface FieldProblem {
  field: string;
  message: string;
}

export function fieldPath(path: (string | number)[]): string {
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? p : `.${p}`)).join("") || "(body)";
}

/** Parse `body` or throw a 400 whose body is built by the vendor's `errorBody`. */
export function validateBody<T>(schema: ZodType<T, ZodTypeDef, unknown>, body: unknown, errorBody: (message: string, problems: FieldProblem[]) => unknown): T {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => {
    const field = fieldPath(i.path);
    const message =
      i.code === "unrecognized_keys" ? `unknown field(s) ${i.keys.join(", ")}` : i.code === "invalid_type" && i.received === "undefined" ? "is required" : i.message;
    return { field: i.code === "unrecognized_keys" && field === "(body)" ? i.keys[0] : field, message };
  });
  const first = problems[0];
  throw new SimHttpError(400, errorBody(`${first.field}: ${first.message}`, problems));
}

/**
 * Keys of `value` that the schema's documented objects do not name. Objects declared `.passthrough()` stand for
 * schemas the document collapses (contents unknown), so nothing inside them is reported.
 */
export function unknownFields(schema: ZodTypeAny, value: unknown, path = ""): string[] {
  let s: ZodTypeAny = schema;
  for (;;) {
    if (s instanceof ZodOptional || s instanceof ZodNullable) s = s.unwrap();
    else if (s instanceof ZodDefault) s = s.removeDefault();
    else if (s instanceof ZodEffects) s = s.innerType();
    else if (s instanceof ZodPipeline) s = s._def.in;
    else break;
  }
  if (s instanceof ZodArray && Array.isArray(value)) return value.flatMap((v, i) => unknownFields(s.element, v, `${path}[${i}]`));
  if (!(s instanceof ZodObject) || typeof value !== "object" || value === null || Array.isArray(value)) return [];
  if (s._def.unknownKeys === "passthrough") return [];
  const shape = s.shape as Record<string, ZodTypeAny>;
  return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => {
    const at = path ? `${path}.${k}` : k;
    return k in shape ? unknownFields(shape[k], v, at) : [at];
  });
}

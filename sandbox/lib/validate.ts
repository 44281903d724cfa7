import type { ZodType } from "zod";
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
export function validateBody<T>(schema: ZodType<T>, body: unknown, errorBody: (message: string, problems: FieldProblem[]) => unknown): T {
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

import { describe, expect, it } from "vitest";
import { AuthenticationError, InvalidArgumentError, NotFoundError, UnimplementedError, ValidationError } from "../../http/errors.server";
import { classifyRever, grpcCodeInBody, grpcCodeOf } from "./errors.server";

// REVER's errors by what was said: the gRPC code as a number or a name, wherever a gateway puts it, then the
// HTTP status.

const ctx = { text: "", redact: (t: string) => t };

describe("REVER error classification", () => {
  it("reads a gRPC code as a number, a numeric string or a name in any of its spellings", () => {
    for (const v of [3, "3", "INVALID_ARGUMENT", "InvalidArgument", "invalid-argument", " invalid_argument "]) expect(grpcCodeOf(v), String(v)).toBe(3);
    expect(grpcCodeOf("UNIMPLEMENTED")).toBe(12);
    expect(grpcCodeOf("NotFound")).toBe(5);
    expect(grpcCodeOf("CANCELED")).toBe(1);
    for (const v of [17, -1, 2.5, "TELEPORTED", "", null, {}]) expect(grpcCodeOf(v), JSON.stringify(v)).toBeUndefined();
  });

  it("finds the code in `code`, or a name in `status` or Google's `error.status`, never an HTTP status in `error.code`", () => {
    expect(grpcCodeInBody({ code: "NOT_FOUND" })).toBe(5);
    expect(grpcCodeInBody({ status: "PERMISSION_DENIED" })).toBe(7);
    expect(grpcCodeInBody({ error: { code: 400, status: "INVALID_ARGUMENT", message: "bad" } })).toBe(3);
    expect(grpcCodeInBody({ error: { code: 404 } })).toBeUndefined();
    expect(grpcCodeInBody("UNIMPLEMENTED")).toBeUndefined();
  });

  it("classifies by the code first, whatever the HTTP status says", () => {
    const classify = classifyRever();
    expect(classify(500, { code: "INVALID_ARGUMENT" }, ctx)).toBeInstanceOf(InvalidArgumentError);
    expect(classify(503, { code: "UNIMPLEMENTED" }, ctx)).toBeInstanceOf(UnimplementedError);
    expect(classify(400, { code: "NOT_FOUND" }, ctx)).toBeInstanceOf(NotFoundError);
    expect(classify(400, { code: "UNAUTHENTICATED" }, ctx)).toBeInstanceOf(AuthenticationError);
    expect(classify(400, { code: "FAILED_PRECONDITION" }, ctx)).toBeInstanceOf(ValidationError);
    const ops = classifyRever({ provider: "OPS", creates: true })(501, { code: "UNIMPLEMENTED" }, ctx)!;
    expect(ops.message).toMatch(/provider OPS did nothing.*gRPC code 12 UNIMPLEMENTED/);
    expect(ops.retryable).toBe(false);
  });

  it("leaves transient or unknown codes to the HTTP status, except 501, which is final", () => {
    const classify = classifyRever();
    expect(classify(503, { code: "UNAVAILABLE" }, ctx)).toBeUndefined();
    expect(classify(500, { code: "TELEPORTED" }, ctx)).toBeUndefined();
    expect(classify(500, undefined, ctx)).toBeUndefined();
    const noBody = classify(501, undefined, ctx)!;
    expect(noBody).toBeInstanceOf(UnimplementedError);
    expect(noBody.retryable).toBe(false);
    expect(noBody.message).toMatch(/HTTP 501/);
  });
});

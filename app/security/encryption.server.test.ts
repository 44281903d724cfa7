import { createCipheriv, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createSecretBox, keyId, SecretFormatError, type SealContext } from "./encryption.server";

const key = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
const otherKey = "f".repeat(64);
const oldKey = Buffer.alloc(32, 9).toString("base64");

const ctx: SealContext = { purpose: "provider-credentials", shop: "a.myshopify.com", subject: "IFRETURNS" };

/** What earlier versions wrote: "v1:<iv>:<tag>:<ciphertext>" in standard base64, no associated data. */
function sealV1(plaintext: string, rawKey: string): string {
  const iv = randomBytes(12);
  const c = createCipheriv("aes-256-gcm", Buffer.from(rawKey, "hex"), iv);
  const ct = Buffer.concat([c.update(plaintext, "utf8"), c.final()]);
  return ["v1", iv.toString("base64"), c.getAuthTag().toString("base64"), ct.toString("base64")].join(":");
}

/** Replaces part `index` of an envelope with `edit` applied to its bytes. */
function editPart(envelope: string, index: number, edit: (bytes: Buffer) => Buffer): string {
  const parts = envelope.split(":");
  parts[index] = edit(Buffer.from(parts[index], "base64url")).toString("base64url");
  return parts.join(":");
}

describe("secrets at rest", () => {
  const box = createSecretBox(key);

  it("round-trips a value and never stores the plaintext", () => {
    const sealed = box.sealJson({ token: "eyJhbGciOi.secret-token" }, ctx);
    expect(sealed).not.toContain("secret-token");
    expect(sealed.startsWith(`v2:${keyId(Buffer.from(key, "hex"))}:`)).toBe(true);
    expect(box.openJson<{ token: string }>(sealed, ctx).token).toBe("eyJhbGciOi.secret-token");
  });

  it("uses a fresh IV each time", () => {
    const a = box.seal("same", ctx);
    const b = box.seal("same", ctx);
    expect(a).not.toBe(b);
    expect(a.split(":")[2]).not.toBe(b.split(":")[2]);
  });

  it("refuses a tampered ciphertext or the wrong key", () => {
    const sealed = box.seal("api-key-123456", ctx);
    const flipped = editPart(sealed, 4, (b) => {
      b[0] ^= 1;
      return b;
    });
    expect(() => box.open(flipped, ctx)).toThrow();
    // The same key id under a different key: the tag does not verify.
    const wrongKeyNamedRight = sealed.replace(`v2:${keyId(Buffer.from(key, "hex"))}:`, `v2:${keyId(Buffer.from(otherKey, "hex"))}:`);
    expect(() => createSecretBox(otherKey).open(wrongKeyNamedRight, ctx)).toThrow();
    expect(() => createSecretBox(otherKey).open(sealed, ctx)).toThrow(SecretFormatError);
  });

  it("binds a value to its shop and provider: another shop's or provider's context cannot open it", () => {
    const sealed = box.seal("api-key-123456", ctx);
    expect(() => box.open(sealed, { ...ctx, shop: "b.myshopify.com" })).toThrow();
    expect(() => box.open(sealed, { ...ctx, subject: "REVER" })).toThrow();
    expect(() => box.open(sealed, { ...ctx, purpose: "shopify-session" })).toThrow();
    expect(box.open(sealed, { ...ctx })).toBe("api-key-123456");
  });

  it("refuses a truncated tag", () => {
    const sealed = box.seal("api-key-123456", ctx);
    const truncated = editPart(sealed, 3, (b) => b.subarray(0, 4));
    expect(() => box.open(truncated, ctx)).toThrow(SecretFormatError);
  });

  it("still opens a v1 envelope written by earlier versions, and asks for it to be resealed", () => {
    const legacy = sealV1(JSON.stringify({ apiKey: "legacy-key" }), key);
    expect(box.openJson<{ apiKey: string }>(legacy, ctx).apiKey).toBe("legacy-key");
    expect(box.needsReseal(legacy)).toBe(true);
    expect(box.needsReseal(box.seal("fresh", ctx))).toBe(false);
    expect(() => createSecretBox(otherKey).open(legacy, ctx)).toThrow();
  });

  it("rotates keys: a value sealed with an old key opens while that key is in ENCRYPTION_OLD_KEYS, and not after", () => {
    const sealedWithOld = createSecretBox(oldKey).seal("rotated-secret", ctx);
    const rotating = createSecretBox(key, [oldKey]);
    expect(rotating.open(sealedWithOld, ctx)).toBe("rotated-secret");
    expect(rotating.needsReseal(sealedWithOld)).toBe(true);
    const resealed = rotating.seal(rotating.open(sealedWithOld, ctx), ctx);
    expect(rotating.needsReseal(resealed)).toBe(false);
    expect(createSecretBox(key).open(resealed, ctx)).toBe("rotated-secret");
    expect(() => createSecretBox(key).open(sealedWithOld, ctx)).toThrow(/not configured/);
  });

  it("refuses a malformed key and an envelope of unknown format", () => {
    expect(() => createSecretBox("abcd")).toThrow(/ENCRYPTION_KEY/);
    expect(() => createSecretBox(key, ["abcd"])).toThrow(/ENCRYPTION_OLD_KEYS/);
    expect(() => box.open("plaintext-api-key", ctx)).toThrow(/unknown format/);
  });
});

import { describe, expect, it } from "vitest";
import { decryptJson, encryptJson, encryptSecret, decryptSecret } from "./encryption.server";

const key = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
const otherKey = "f".repeat(64);

describe("credential encryption", () => {
  it("round-trips a value and never stores the plaintext", () => {
    const sealed = encryptJson({ token: "eyJhbGciOi.secret-token" }, key);
    expect(sealed).not.toContain("secret-token");
    expect(decryptJson<{ token: string }>(sealed, key).token).toBe("eyJhbGciOi.secret-token");
  });

  it("uses a fresh IV each time", () => {
    expect(encryptSecret("same", key)).not.toBe(encryptSecret("same", key));
  });

  it("refuses a tampered ciphertext or the wrong key", () => {
    const sealed = encryptSecret("api-key-123456", key);
    const parts = sealed.split(":");
    const flipped = Buffer.from(parts[3], "base64");
    flipped[0] ^= 1;
    expect(() => decryptSecret([parts[0], parts[1], parts[2], flipped.toString("base64")].join(":"), key)).toThrow();
    expect(() => decryptSecret(sealed, otherKey)).toThrow();
  });
});

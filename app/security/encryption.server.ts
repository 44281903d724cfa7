import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { decodeKey } from "../env.server";

// Secrets at rest (provider credentials, Shopify tokens): AES-256-GCM with a random 96-bit IV, a 128-bit tag
// (pinned when reading, so a truncated tag is refused), and associated data binding each ciphertext to what it
// belongs to (purpose, shop, subject): a credential copied to another shop's row does not open.
// Envelope "v2:<key id>:<iv>:<tag>:<ciphertext>" (base64url): the key id names the key that sealed it, so keys
// rotate (ENCRYPTION_KEY seals, ENCRYPTION_OLD_KEYS still open). "v1:<iv>:<tag>:<ciphertext>" (no key id, no
// associated data) is what earlier versions wrote: still opened with any configured key, and reported by
// needsReseal so `npm run secrets:reseal` (and every save) rewrites it as v2.

export interface SealContext {
  purpose: "provider-credentials" | "shopify-session";
  shop: string;
  /** The provider (credentials) or the session id (tokens). */
  subject: string;
}

export interface SecretBox {
  seal(plaintext: string, context: SealContext): string;
  open(envelope: string, context: SealContext): string;
  /** Sealed by an older key or in the v1 format: open it and seal it again. */
  needsReseal(envelope: string): boolean;
  sealJson(value: unknown, context: SealContext): string;
  openJson<T>(envelope: string, context: SealContext): T;
}

const TAG_BYTES = 16;

export class SecretFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SecretFormatError";
  }
}

/** A key's public name: the first 8 hex characters of its SHA-256 (never the key itself). */
export function keyId(key: Buffer): string {
  return createHash("sha256").update(key).digest("hex").slice(0, 8);
}

function associatedData(c: SealContext): Buffer {
  return Buffer.from(JSON.stringify([c.purpose, c.shop, c.subject]), "utf8");
}

/** `current` seals; `current` and every `previous` key open. Keys are 32 bytes as hex or base64 (env.server). */
export function createSecretBox(current: string, previous: readonly string[] = []): SecretBox {
  const sealKey = decodeKey(current);
  if (!sealKey) throw new Error("ENCRYPTION_KEY must be 32 bytes as 64 hex or base64 characters");
  const keys = new Map<string, Buffer>([[keyId(sealKey), sealKey]]);
  for (const raw of previous) {
    const k = decodeKey(raw);
    if (!k) throw new Error("ENCRYPTION_OLD_KEYS must list 32-byte keys as 64 hex or base64 characters");
    keys.set(keyId(k), k);
  }
  const sealId = keyId(sealKey);

  function decipher(key: Buffer, iv: string, tag: string, ct: string, aad: Buffer | null): string {
    const d = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"), { authTagLength: TAG_BYTES });
    if (aad) d.setAAD(aad);
    const tagBytes = Buffer.from(tag, "base64url");
    if (tagBytes.length !== TAG_BYTES) throw new SecretFormatError("Encrypted value has a tag of the wrong length");
    d.setAuthTag(tagBytes);
    return Buffer.concat([d.update(Buffer.from(ct, "base64url")), d.final()]).toString("utf8");
  }

  const box: SecretBox = {
    seal(plaintext, context) {
      const iv = randomBytes(12);
      const c = createCipheriv("aes-256-gcm", sealKey, iv, { authTagLength: TAG_BYTES });
      c.setAAD(associatedData(context));
      const ct = Buffer.concat([c.update(plaintext, "utf8"), c.final()]);
      return ["v2", sealId, iv.toString("base64url"), c.getAuthTag().toString("base64url"), ct.toString("base64url")].join(":");
    },
    open(envelope, context) {
      const parts = envelope.split(":");
      if (parts[0] === "v2" && parts.length === 5) {
        const key = keys.get(parts[1]);
        if (!key) throw new SecretFormatError(`Sealed with key ${parts[1]}, which is not configured (ENCRYPTION_KEY / ENCRYPTION_OLD_KEYS)`);
        return decipher(key, parts[2], parts[3], parts[4], associatedData(context));
      }
      if (parts[0] === "v1" && parts.length === 4) {
        // Legacy: no key id, no associated data, standard base64. Any configured key may have sealed it.
        let last: unknown;
        for (const key of keys.values()) {
          try {
            return decipher(key, Buffer.from(parts[1], "base64").toString("base64url"), Buffer.from(parts[2], "base64").toString("base64url"), Buffer.from(parts[3], "base64").toString("base64url"), null);
          } catch (err) {
            last = err;
          }
        }
        throw last instanceof Error ? last : new SecretFormatError("No configured key opens this value");
      }
      throw new SecretFormatError("Encrypted value has an unknown format");
    },
    needsReseal(envelope) {
      const parts = envelope.split(":");
      return !(parts[0] === "v2" && parts[1] === sealId);
    },
    sealJson: (value, context) => box.seal(JSON.stringify(value), context),
    openJson: <T>(envelope: string, context: SealContext) => JSON.parse(box.open(envelope, context)) as T,
  };
  return box;
}

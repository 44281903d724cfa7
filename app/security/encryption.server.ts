import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { decodeKey } from "../env.server";

// Provider credentials at rest: AES-256-GCM, random 96-bit IV, auth tag checked on read.
// Envelope: "v1:<iv b64>:<tag b64>:<ciphertext b64>" so the format can evolve.

function keyFrom(raw: string): Buffer {
  const key = decodeKey(raw);
  if (!key) throw new Error("ENCRYPTION_KEY must be 32 bytes as 64 hex or base64 characters");
  return key;
}

export function encryptSecret(plaintext: string, rawKey = process.env.ENCRYPTION_KEY ?? ""): string {
  const key = keyFrom(rawKey);
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const ct = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return ["v1", iv.toString("base64"), cipher.getAuthTag().toString("base64"), ct.toString("base64")].join(":");
}

export function decryptSecret(envelope: string, rawKey = process.env.ENCRYPTION_KEY ?? ""): string {
  const [v, iv, tag, ct] = envelope.split(":");
  if (v !== "v1" || !iv || !tag || ct === undefined) throw new Error("Encrypted value has an unknown format");
  const decipher = createDecipheriv("aes-256-gcm", keyFrom(rawKey), Buffer.from(iv, "base64"));
  decipher.setAuthTag(Buffer.from(tag, "base64"));
  return Buffer.concat([decipher.update(Buffer.from(ct, "base64")), decipher.final()]).toString("utf8");
}

/** JSON credentials helpers: the only way credentials go in or out of the database. */
export function encryptJson(value: unknown, rawKey?: string): string {
  return encryptSecret(JSON.stringify(value), rawKey);
}

export function decryptJson<T>(envelope: string, rawKey?: string): T {
  return JSON.parse(decryptSecret(envelope, rawKey)) as T;
}

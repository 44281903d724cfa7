import { createHmac, randomUUID } from "node:crypto";

// Local stand-in for Shopify's staged upload storage: a target to POST (multipart) or PUT the bytes to,
// and a public URL that serves them afterwards.

export interface StagedFile {
  key: string;
  filename: string;
  mimeType: string;
  bytes: Uint8Array | null;
  httpMethod: "POST" | "PUT";
}

export class StagedUploads {
  readonly files = new Map<string, StagedFile>();
  origin = "";

  constructor(private readonly secret: string) {}

  createTarget(input: { resource: string; filename: string; mimeType: string; httpMethod?: "POST" | "PUT" | null }) {
    const key = `tmp/${randomUUID()}/${input.filename}`;
    const httpMethod = input.httpMethod ?? "PUT";
    this.files.set(key, { key, filename: input.filename, mimeType: input.mimeType, bytes: null, httpMethod });
    const signature = createHmac("sha256", this.secret).update(key).digest("hex");
    const resourceUrl = `${this.origin}/staged-files/${key}`;
    if (httpMethod === "POST") {
      return {
        url: `${this.origin}/staged-uploads`,
        resourceUrl,
        parameters: [
          { name: "Content-Type", value: input.mimeType },
          { name: "success_action_status", value: "201" },
          { name: "acl", value: "private" },
          { name: "key", value: key },
          { name: "x-sim-signature", value: signature },
        ],
      };
    }
    return { url: `${this.origin}/staged-uploads/${key}?x-sim-signature=${signature}`, resourceUrl, parameters: [{ name: "content_type", value: input.mimeType }, { name: "acl", value: "private" }] };
  }

  validSignature(key: string, signature: string | null): boolean {
    return signature === createHmac("sha256", this.secret).update(key).digest("hex");
  }

  store(key: string, bytes: Uint8Array): boolean {
    const f = this.files.get(key);
    if (!f) return false;
    f.bytes = bytes;
    return true;
  }
}

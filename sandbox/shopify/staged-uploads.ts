import { createHmac, randomUUID } from "node:crypto";
import type http from "node:http";
import { readBody, sendJson } from "./http-util";

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

/** The upload targets' HTTP side: multipart POST (signed key in the form) or signed PUT. */
export async function handleStagedUpload(staged: StagedUploads, req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
  const bytes = await readBody(req);
  if (req.method === "PUT") {
    const key = decodeURIComponent(url.pathname.slice("/staged-uploads/".length));
    if (!staged.validSignature(key, url.searchParams.get("x-sim-signature"))) return sendJson(res, 403, { error: "SignatureDoesNotMatch" });
    if (!staged.store(key, new Uint8Array(bytes))) return sendJson(res, 404, { error: "NoSuchUpload" });
    res.writeHead(200).end();
    return;
  }
  const form = await new Request("http://local/", { method: "POST", headers: { "content-type": req.headers["content-type"] ?? "" }, body: new Uint8Array(bytes) }).formData();
  const key = String(form.get("key") ?? "");
  if (!staged.validSignature(key, form.get("x-sim-signature") as string | null)) return sendJson(res, 403, { error: "SignatureDoesNotMatch" });
  const file = form.get("file");
  if (!file || typeof file === "string") return sendJson(res, 400, { error: "file field missing" });
  if (!staged.store(key, new Uint8Array(await file.arrayBuffer()))) return sendJson(res, 404, { error: "NoSuchUpload" });
  res.writeHead(201, { "content-type": "application/xml" }).end(`<PostResponse><Key>${key}</Key></PostResponse>`);
}

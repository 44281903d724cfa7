import { ValidationError } from "../http/errors.server";
import type { AdminClient } from "./graphql-client.server";
import { createReturnLabelTarget } from "./graphql/staged-uploads-create.server";

// Provider label URLs may expire and Shopify keeps whatever URL it is given, so the label bytes are
// uploaded to Shopify first and the staged URL is what goes into labelInput.fileUrl.

export type ReturnLabelMimeType = "application/pdf" | "image/png";

const ALLOWED: Record<string, ReturnLabelMimeType> = { "application/pdf": "application/pdf", "image/png": "image/png" };

/** What the bytes really are, whatever the provider claimed. */
export function sniffLabelFormat(bytes: Uint8Array): "pdf" | "png" | "zpl" | "unknown" {
  const head = Buffer.from(bytes.subarray(0, 8));
  if (head.subarray(0, 5).toString("latin1") === "%PDF-") return "pdf";
  if (head.equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return "png";
  if (/^\s*\^XA/.test(Buffer.from(bytes.subarray(0, 64)).toString("latin1"))) return "zpl";
  return "unknown";
}

/** Only PDF and PNG reach Shopify: a customer cannot print ZPL, which stays a warehouse download. */
export function assertCustomerPrintableLabel(bytes: Uint8Array, mimeType: string): ReturnLabelMimeType {
  const declared = mimeType.split(";")[0].trim().toLowerCase();
  const actual = sniffLabelFormat(bytes);
  if (actual === "zpl" || /zpl/.test(declared)) {
    throw new ValidationError(
      "A ZPL label cannot be attached to a Shopify return: customers cannot print ZPL. Keep it as a download for the warehouse printer.",
      { service: "upload", code: "LABEL_FORMAT_ZPL", fields: { mimeType: "ZPL is not accepted; only PDF or PNG" } },
    );
  }
  const allowed = ALLOWED[declared];
  const expected = allowed === "application/pdf" ? "pdf" : allowed === "image/png" ? "png" : undefined;
  if (!allowed || actual !== expected) {
    throw new ValidationError(`A return label for Shopify must be a PDF or PNG file (got ${declared || "no type"}, content looks like ${actual})`, {
      service: "upload",
      code: "LABEL_FORMAT_UNSUPPORTED",
      fields: { mimeType: "only application/pdf or image/png" },
    });
  }
  return allowed;
}

export interface UploadedLabel {
  /** Put this in labelInput.fileUrl. */
  fileUrl: string;
  mimeType: ReturnLabelMimeType;
  byteLength: number;
}

export async function uploadReturnLabel(
  client: AdminClient,
  file: { bytes: Uint8Array; filename: string; mimeType: string; timeoutMs?: number },
): Promise<UploadedLabel> {
  const mimeType = assertCustomerPrintableLabel(file.bytes, file.mimeType);
  const target = await createReturnLabelTarget(client, { filename: file.filename, mimeType, fileSize: file.bytes.byteLength });
  if (!target.url) throw new ValidationError("Shopify gave no upload URL for the return label", { service: "shopify", code: "NO_UPLOAD_URL" });
  const blob = new Blob([new Uint8Array(file.bytes)], { type: mimeType });
  const form = new FormData();
  // Storage providers require the policy fields before the file.
  for (const p of target.parameters) form.append(p.name, p.value);
  form.append("file", blob, file.filename);
  await client.http.request({ service: "upload", method: "POST", url: target.url, body: form, raw: true, timeoutMs: file.timeoutMs ?? 30_000 });
  return { fileUrl: target.resourceUrl ?? target.url, mimeType, byteLength: file.bytes.byteLength };
}

import { ValidationError } from "../http/errors.server";
import { sniffLabelFormat } from "../platforms/label-bytes";
import { loopbackEntry } from "../platforms/provider-hosts";
import type { AdminClient } from "./graphql-client.server";
import { createReturnLabelTarget } from "./graphql/staged-uploads-create.server";

// Provider label URLs may expire and Shopify keeps whatever URL it is given, so the label bytes are
// uploaded to Shopify first and the staged URL is what goes into labelInput.fileUrl.

export type ReturnLabelMimeType = "application/pdf" | "image/png";

const ALLOWED: Record<string, ReturnLabelMimeType> = { "application/pdf": "application/pdf", "image/png": "image/png" };

/** Only PDF and PNG reach Shopify: a customer cannot print ZPL, which stays a warehouse download. */
export function assertCustomerPrintableLabel(bytes: Uint8Array, mimeType: string): ReturnLabelMimeType {
  const declared = mimeType.split(";")[0].trim().toLowerCase();
  const actual = sniffLabelFormat(bytes);
  if (actual === "ZPL" || /zpl/.test(declared)) {
    throw new ValidationError(
      "A ZPL label cannot be attached to a Shopify return: customers cannot print ZPL. Keep it as a download for the warehouse printer.",
      { service: "upload", code: "LABEL_FORMAT_ZPL", fields: { mimeType: "ZPL is not accepted; only PDF or PNG" } },
    );
  }
  const allowed = ALLOWED[declared];
  const expected = allowed === "application/pdf" ? "PDF" : allowed === "image/png" ? "PNG" : undefined;
  if (!allowed || actual !== expected) {
    throw new ValidationError(`A return label for Shopify must be a PDF or PNG file (got ${declared || "no type"}, content looks like ${actual ?? "neither"})`, {
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
  // Shopify names the storage host in its answer and documents no fixed one: the gate lets the upload reach any
  // public https host, sends it no credential (the signed parameters are the authorisation) and follows no
  // redirect into the network. Only a Shopify simulator (outside production) may name a loopback target.
  const simulator = loopbackEntry(client.endpoint) ? loopbackEntry(target.url) : undefined;
  await client.http.request({
    service: "upload",
    access: { purpose: "file", loopbackHosts: simulator ? [simulator] : [] },
    method: "POST",
    url: target.url,
    body: form,
    raw: true,
    timeoutMs: file.timeoutMs ?? 30_000,
  });
  return { fileUrl: target.resourceUrl ?? target.url, mimeType, byteLength: file.bytes.byteLength };
}

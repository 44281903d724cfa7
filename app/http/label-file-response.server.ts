import { LABEL_CONTENT_TYPES } from "../platforms/label-bytes";
import type { LabelFormat } from "../platforms/types";

// How a label file leaves the app: its format's one fixed content type, never sniffed (nosniff), in a sandbox
// (no script, no same-origin access even if a viewer were tricked into running one), never cached.

export function labelFileResponse(file: { bytes: Uint8Array; format: LabelFormat; filename: string }, opts: { download: boolean }): Response {
  // ZPL is for warehouse printers: always a download.
  const download = opts.download || file.format === "ZPL";
  return new Response(new Uint8Array(file.bytes), {
    status: 200,
    headers: {
      "content-type": LABEL_CONTENT_TYPES[file.format],
      "content-length": String(file.bytes.byteLength),
      "content-disposition": `${download ? "attachment" : "inline"}; filename="${file.filename.replace(/[^A-Za-z0-9._-]/g, "_")}"`,
      "content-security-policy": "sandbox",
      "x-content-type-options": "nosniff",
      "cache-control": "private, no-store",
    },
  });
}

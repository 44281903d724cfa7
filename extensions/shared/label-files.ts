import type { OrderReturnsView } from "./api-client";

// Label files: what an uploaded file is sent as, and which kept labels the print action can show.

export function extensionOf(fileName: string): "pdf" | "png" | "jpg" | null {
  const ext = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase();
  return ext === "pdf" ? "pdf" : ext === "png" ? "png" : ext === "jpg" || ext === "jpeg" ? "jpg" : null;
}

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** Base64 without Buffer or btoa (the extension sandbox may lack both). */
export function bytesToBase64(bytes: Uint8Array): string {
  let out = "";
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out += B64[(n >> 18) & 63] + B64[(n >> 12) & 63] + B64[(n >> 6) & 63] + B64[n & 63];
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i] << 16;
    out += `${B64[(n >> 18) & 63]}${B64[(n >> 12) & 63]}==`;
  } else if (rest === 2) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8);
    out += `${B64[(n >> 18) & 63]}${B64[(n >> 12) & 63]}${B64[(n >> 6) & 63]}=`;
  }
  return out;
}

export interface PrintableLabel {
  returnId: string;
  returnName: string;
  shipmentId: string;
  trackingNumber: string | null;
  labelFormat: string | null;
  /** The signed URL the print preview loads. */
  fileUrl: string;
}

/** Labels the print action can show (PDF or image), newest first per return; ZPL is for warehouse printers. */
export function printableLabels(view: OrderReturnsView): PrintableLabel[] {
  const out: PrintableLabel[] = [];
  for (const r of view.returns) {
    for (const l of r.labels) {
      if (l.printable && l.fileUrl) out.push({ returnId: r.id, returnName: r.name, shipmentId: l.shipmentId, trackingNumber: l.trackingNumber, labelFormat: l.labelFormat, fileUrl: l.fileUrl });
    }
  }
  return out;
}

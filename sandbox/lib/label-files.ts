import { deflateSync } from "node:zlib";

// Real label documents for the simulators: a minimal valid PDF, ZPL text, and PNG / JPEG images.

function pdfEscape(text: string): string {
  return text.replace(/[\\()]/g, (c) => `\\${c}`).replace(/[^\x20-\x7e]/g, "?");
}

/** A one-page PDF (4x6 in) whose text holds the given lines; xref offsets are computed, so readers accept it. */
export function labelPdf(lines: string[]): Uint8Array {
  const content = ["BT", "/F1 16 Tf", "24 400 Td", "20 TL", ...lines.map((l) => `(${pdfEscape(l)}) Tj T*`), "ET"].join("\n");
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 288 432] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
    `<< /Length ${Buffer.byteLength(content, "latin1")} >>\nstream\n${content}\nendstream`,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ];
  let out = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out, "latin1"));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, "latin1");
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, "0")} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(out, "latin1"));
}

/** ZPL II for a 4x6 label with the tracking number as text and as a Code 128 barcode. */
export function labelZpl(trackingNumber: string, lines: string[] = []): string {
  const safe = (s: string) => s.replace(/[\^~]/g, " ");
  const body = lines.map((l, i) => `^FO40,${60 + i * 40}^A0N,30,30^FD${safe(l)}^FS`).join("\n");
  return `^XA\n^CI28\n${body}\n^FO40,700^BY3^BCN,160,Y,N,N^FD${safe(trackingNumber)}^FS\n^XZ\n`;
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

/** A small greyscale PNG with a barcode-like stripe pattern derived from the text (valid chunks and CRCs). */
export function labelPng(text: string, width = 64, height = 32): Uint8Array {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // greyscale
  const raw = Buffer.alloc((width + 1) * height, 255);
  for (let y = 0; y < height; y++) {
    raw[y * (width + 1)] = 0; // filter: none
    for (let x = 0; x < width; x++) {
      const code = text.charCodeAt(x % Math.max(1, text.length)) || 0;
      raw[y * (width + 1) + 1 + x] = (code + x) % 3 === 0 ? 0 : 255;
    }
  }
  const sig = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return new Uint8Array(Buffer.concat([sig, pngChunk("IHDR", ihdr), pngChunk("IDAT", deflateSync(raw)), pngChunk("IEND", Buffer.alloc(0))]));
}

/** The magic bytes of each file type the providers exchange. */
export function sniffFileType(bytes: Uint8Array): "pdf" | "png" | "jpg" | "zpl" | null {
  const b = Buffer.from(bytes.subarray(0, 8));
  if (b.subarray(0, 5).toString("latin1") === "%PDF-") return "pdf";
  if (b.length >= 8 && b.equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return "png";
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return "jpg";
  if (/^\s*\^XA/.test(Buffer.from(bytes.subarray(0, 32)).toString("latin1"))) return "zpl";
  return null;
}

export const CONTENT_TYPES = { pdf: "application/pdf", png: "image/png", jpg: "image/jpeg", zpl: "application/x-zpl" } as const;

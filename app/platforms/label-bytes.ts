import type { LabelFormat } from "./types";

// What a label file really is, from its first bytes (never from its URL or the content type its host claims),
// and the one content type each format is served with. Anything else is not a label and is never served.

/** The fixed content type of each label format the app serves. */
export const LABEL_CONTENT_TYPES: Record<LabelFormat, string> = {
  PDF: "application/pdf",
  PNG: "image/png",
  JPG: "image/jpeg",
  ZPL: "application/x-zpl",
};

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** PDF (%PDF-), PNG (its 8-byte signature), JPEG (FF D8 FF) or ZPL (^XA after optional whitespace); else null. */
export function sniffLabelFormat(bytes: Uint8Array): LabelFormat | null {
  const ascii = (from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to));
  if (ascii(0, 5) === "%PDF-") return "PDF";
  if (bytes.length >= 8 && PNG_SIGNATURE.every((b, i) => bytes[i] === b)) return "PNG";
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return "JPG";
  if (/^\s*\^XA/.test(ascii(0, 64))) return "ZPL";
  return null;
}

/** A short, human name for bytes that are not a label (for the refusal message): never the bytes themselves. */
export function describeNonLabel(bytes: Uint8Array): string {
  const head = String.fromCharCode(...bytes.subarray(0, 256)).trimStart().toLowerCase();
  if (!bytes.length) return "an empty file";
  if (head.startsWith("<svg") || (head.startsWith("<?xml") && head.includes("<svg"))) return "an SVG image";
  if (head.startsWith("<!doctype html") || head.startsWith("<html") || /<(script|body|head|iframe)\b/.test(head)) return "an HTML page";
  if (head.startsWith("<?xml") || head.startsWith("<")) return "an XML or HTML document";
  if (head.startsWith("{") || head.startsWith("[")) return "JSON";
  return "a file of an unknown kind";
}

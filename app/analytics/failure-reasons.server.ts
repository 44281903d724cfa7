import { createHash } from "node:crypto";

// A failure reason is an error message with its particulars (numbers, ids, URLs, e-mail addresses, quoted
// values) taken out, so "carrier GLS is not available" recorded on forty returns counts as one reason while the
// message shown is a real one. Provider statuses that end a shipment badly are reasons of their own.

export interface FailureReason {
  key: string;
  message: string;
}

/** The shape of a message: what stays the same from one return to the next. */
export function reasonShape(message: string): string {
  return message
    .replace(/https?:\/\/\S+/g, "<url>")
    .replace(/[\w.+-]+@[\w-]+(\.[\w-]+)+/g, "<email>")
    .replace(/"[^"]*"|'[^']*'|`[^`]*`/g, "<value>")
    .replace(/\b(?=[A-Za-z_-]*\d)[A-Za-z0-9_-]{6,}\b/g, "<id>")
    .replace(/\d+(\.\d+)?/g, "<n>")
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, 200);
}

export function reasonOfMessage(message: string): FailureReason {
  const key = `e-${createHash("sha256").update(reasonShape(message)).digest("hex").slice(0, 16)}`;
  return { key, message: message.slice(0, 500) };
}

/** Provider statuses that are failures (the page names them in the merchant's language). */
export const FAILURE_STATUSES = ["FAILED", "PICKUP_FAILED"] as const;

export function reasonOfStatus(status: (typeof FAILURE_STATUSES)[number], vendorStatus: string | null): FailureReason {
  return { key: `status-${status}`, message: vendorStatus ? `${status} (${vendorStatus})` : status };
}

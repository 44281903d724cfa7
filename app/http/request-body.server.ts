import { ResponseTooLargeError, ValidationError } from "./errors.server";
import { readCappedBody } from "./read-capped.server";

// Inbound bodies read with a cap, as a stream: a body over it is refused with 413 before more than the cap is in
// memory, never a crash. The extension API (JSON) and every embedded page action (forms) read through here.

/** Embedded forms carry settings and ids, never files: far below this. */
export const FORM_MAX_BYTES = 256 * 1024;

/** The body's bytes, or ResponseTooLargeError (service "api": answered 413) past `maxBytes`. */
export async function readBodyCapped(request: Request, maxBytes: number): Promise<Uint8Array> {
  let read: Awaited<ReturnType<typeof readCappedBody>>;
  try {
    read = await readCappedBody(request, maxBytes, { signal: request.signal });
  } catch {
    // The client went away mid-body, or the body broke: a bad request, not a crash.
    throw new ValidationError("The request body could not be read", { service: "api" });
  }
  if (!read.ok) {
    throw new ResponseTooLargeError(`The request body is larger than ${maxBytes} bytes: it was not read`, { service: "api", status: 413, limit: maxBytes });
  }
  return read.bytes;
}

function plain(status: number, message: string, extra: Record<string, string> = {}): Response {
  return new Response(message, { status, headers: { "content-type": "text/plain; charset=utf-8", ...extra } });
}

/**
 * An embedded page's form, read with a cap. Thrown Responses end the action: 413 past the cap (the message says
 * so), 400 for a body that is not a form.
 */
export async function readForm(request: Request, maxBytes = FORM_MAX_BYTES): Promise<FormData> {
  let bytes: Uint8Array;
  try {
    bytes = await readBodyCapped(request, maxBytes);
  } catch (err) {
    if (err instanceof ResponseTooLargeError) {
      throw plain(413, `The form is larger than ${Math.round(maxBytes / 1024)} KB, so it was not read. Nothing was saved.`, { connection: "close" });
    }
    throw plain(400, "The form could not be read");
  }
  try {
    return await new Response(new Uint8Array(bytes), { headers: { "content-type": request.headers.get("content-type") ?? "" } }).formData();
  } catch {
    // A body that is not a form (wrong type, broken multipart) is a bad request, not a crash.
    throw plain(400, "The form could not be read");
  }
}

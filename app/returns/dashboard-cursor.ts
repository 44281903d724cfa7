// The dashboard's keyset cursor: the sort column's value and the id of the row a page ends at, opaque in the URL.

type CursorValue = string | null;
export interface Cursor {
  v: CursorValue;
  id: string;
}

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.v, c.id])).toString("base64url");
}

export function decodeCursor(raw: string | null): Cursor | null {
  if (!raw) return null;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(raw, "base64url").toString("utf8"));
    if (!Array.isArray(parsed) || parsed.length !== 2 || typeof parsed[1] !== "string") return null;
    const [v, id] = parsed as [unknown, string];
    if (v !== null && typeof v !== "string") return null;
    return { v, id };
  } catch {
    return null;
  }
}

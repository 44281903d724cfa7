import type { ShopStore, SimOrder, SimReturn } from "./store";

// The slice of Shopify's search syntax the app and the captures use: `name:#1001`, `tag:x`,
// `updated_at:>='2026-07-01T00:00:00Z'`, `created_at:<...`, `status:OPEN`, terms joined by spaces (AND).

interface Term {
  field: string;
  op: ">=" | "<=" | ">" | "<" | "=";
  value: string;
  negate: boolean;
}

export function parseSearchQuery(q: string | null | undefined): Term[] {
  if (!q?.trim()) return [];
  const terms: Term[] = [];
  const re = /(-)?(\w+):(>=|<=|>|<)?(?:'([^']*)'|"([^"]*)"|(\S+))/g;
  for (const m of q.matchAll(re)) {
    terms.push({ negate: Boolean(m[1]), field: m[2].toLowerCase(), op: (m[3] as Term["op"]) ?? "=", value: m[4] ?? m[5] ?? m[6] ?? "" });
  }
  return terms;
}

function compare(a: string, op: Term["op"], b: string): boolean {
  switch (op) {
    case ">=":
      return a >= b;
    case "<=":
      return a <= b;
    case ">":
      return a > b;
    case "<":
      return a < b;
    default:
      return a === b;
  }
}

function normaliseDate(v: string): string {
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? v : d.toISOString().replace(/\.\d{3}Z$/, "Z");
}

export function matchesOrderQuery(order: SimOrder, q: string | null | undefined, store: ShopStore): boolean {
  return parseSearchQuery(q).every((t) => {
    let ok: boolean;
    switch (t.field) {
      case "name":
        ok = order.name.toLowerCase() === (t.value.startsWith("#") ? t.value : `#${t.value}`).toLowerCase();
        break;
      case "updated_at":
        ok = compare(order.updatedAt, t.op, normaliseDate(t.value));
        break;
      case "created_at":
      case "processed_at":
        ok = compare(order.createdAt, t.op, normaliseDate(t.value));
        break;
      case "tag":
        ok = order.tags.includes(t.value);
        break;
      case "email":
        ok = (order.email ?? "").toLowerCase() === t.value.toLowerCase();
        break;
      case "return_status":
        ok = store.orderReturnStatus(order).toLowerCase() === t.value.toLowerCase();
        break;
      case "id":
        ok = order.id.endsWith(`/${t.value}`);
        break;
      default:
        ok = true; // unknown filters are ignored, as Shopify does with a search warning
    }
    return t.negate ? !ok : ok;
  });
}

export function matchesReturnQuery(r: SimReturn, q: string | null | undefined): boolean {
  return parseSearchQuery(q).every((t) => {
    const ok = t.field === "status" ? r.status.toLowerCase() === t.value.toLowerCase() : true;
    return t.negate ? !ok : ok;
  });
}

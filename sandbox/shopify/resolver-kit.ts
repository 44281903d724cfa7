import { GraphQLError } from "graphql";
import { formatDecimal, legacyId } from "./store-model";

// Shapes every resolver builds: money bags and relay connections.

export function money(cents: number, currency: string) {
  const m = { amount: formatDecimal(cents), currencyCode: currency };
  return { shopMoney: m, presentmentMoney: m };
}

function cursorOf(id: string): string {
  const n = legacyId(id);
  return Buffer.from(JSON.stringify({ last_id: n, last_value: String(n) })).toString("base64");
}

/** Relay pagination over a list already in the connection's natural order. */
export function connection<T extends { id: string }>(all: T[], args: { first?: number | null; last?: number | null; after?: string | null; before?: string | null; reverse?: boolean | null }) {
  let items = args.reverse ? [...all].reverse() : [...all];
  const indexOf = (cursor: string) => items.findIndex((x) => cursorOf(x.id) === cursor);
  if (args.after) {
    const i = indexOf(args.after);
    if (i >= 0) items = items.slice(i + 1);
  }
  if (args.before) {
    const i = indexOf(args.before);
    if (i >= 0) items = items.slice(0, i);
  }
  if (args.first === undefined && args.last === undefined) {
    throw new GraphQLError("you must provide one of first or last", { extensions: { code: "BAD_REQUEST" } });
  }
  const total = items.length;
  let hasNextPage = false;
  let hasPreviousPage = Boolean(args.after);
  if (typeof args.first === "number") {
    hasNextPage = total > args.first;
    items = items.slice(0, args.first);
  }
  if (typeof args.last === "number") {
    hasPreviousPage = total > args.last;
    items = items.slice(Math.max(0, items.length - args.last));
  }
  return {
    nodes: items,
    edges: items.map((node) => ({ node, cursor: cursorOf(node.id) })),
    pageInfo: {
      hasNextPage,
      hasPreviousPage,
      startCursor: items.length ? cursorOf(items[0].id) : null,
      endCursor: items.length ? cursorOf(items[items.length - 1].id) : null,
    },
  };
}

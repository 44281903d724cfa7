import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import type { RecordedRequest } from "../../sandbox/lib/sim-server";
import type { GraphqlCall } from "../../sandbox/shopify";

// Counts what the simulators answered during a pass. The provider simulators keep only their last 5,000
// requests (sandbox/lib/sim-server.ts), so their log's push is wrapped to count every request as it arrives.

export interface ProviderTally {
  sent: number;
  /** Answered 429 (the simulator's requests-per-second budget was exceeded). */
  throttled: number;
  /** Anything but GET: a write at the provider. */
  writes: number;
  byRoute: Map<string, number>;
}

export interface ProviderCounter {
  snapshot(): ProviderTally;
}

const routeOf = (p: string) => p.replace(/\/processes\/[^/]+/, "/processes/:id").replace(/\/files\/labels\/.+$/, "/files/labels/:file");

export function countProviderRequests(log: RecordedRequest[]): ProviderCounter {
  const t: ProviderTally = { sent: 0, throttled: 0, writes: 0, byRoute: new Map() };
  const push = log.push.bind(log);
  log.push = (...records: RecordedRequest[]) => {
    for (const r of records) {
      t.sent++;
      if (r.method !== "GET") t.writes++;
      const route = `${r.method} ${routeOf(r.path)}`;
      t.byRoute.set(route, (t.byRoute.get(route) ?? 0) + 1);
      // The answer is set on the record after it is logged; count 429s as they are assigned.
      let answered: RecordedRequest["answeredWith"];
      Object.defineProperty(r, "answeredWith", {
        configurable: true,
        enumerable: true,
        get: () => answered,
        set: (v: RecordedRequest["answeredWith"]) => {
          answered = v;
          if (v === 429) t.throttled++;
        },
      });
    }
    return push(...records);
  };
  return { snapshot: () => ({ ...t, byRoute: new Map(t.byRoute) }) };
}

export function diffProvider(a: ProviderTally, b: ProviderTally): ProviderTally {
  const byRoute = new Map<string, number>();
  for (const [k, v] of b.byRoute) if (v - (a.byRoute.get(k) ?? 0) > 0) byRoute.set(k, v - (a.byRoute.get(k) ?? 0));
  return { sent: b.sent - a.sent, throttled: b.throttled - a.throttled, writes: b.writes - a.writes, byRoute };
}

export interface ShopifyTally {
  calls: number;
  throttled: number;
  mutations: number;
  /** Sum of requestedQueryCost of the calls admitted (the simulator refunds the part a query did not use). */
  requestedCost: number;
  byOperation: Map<string, number>;
}

/** Names of every GraphQL mutation the app sends, read from its source (`mutation Name(`). */
export function appMutationNames(root: string): Set<string> {
  const names = new Set<string>();
  const walk = (dir: string) => {
    for (const f of readdirSync(dir)) {
      const full = path.join(dir, f);
      if (statSync(full).isDirectory()) walk(full);
      else if (f.endsWith(".ts") && !f.endsWith(".test.ts")) for (const m of readFileSync(full, "utf8").matchAll(/\bmutation\s+([_A-Za-z][_0-9A-Za-z]*)\s*[({]/g)) names.add(m[1]);
    }
  };
  walk(path.join(root, "app"));
  return names;
}

export function tallyShopify(calls: GraphqlCall[], from: number, mutationNames: Set<string>): ShopifyTally {
  const t: ShopifyTally = { calls: 0, throttled: 0, mutations: 0, requestedCost: 0, byOperation: new Map() };
  for (const c of calls.slice(from)) {
    t.calls++;
    const op = c.operationName ?? "(anonymous)";
    t.byOperation.set(op, (t.byOperation.get(op) ?? 0) + 1);
    if (c.throttled) t.throttled++;
    else t.requestedCost += c.requestedQueryCost ?? 0;
    if (c.operationName && mutationNames.has(c.operationName)) t.mutations++;
  }
  return t;
}

import type { Loose } from "./loose";
import { GraphQLError } from "graphql";
import type { FlowSimulator } from "./flow";
import { connection, money } from "./resolver-kit";
import { orderRefundedCents, suggestedOutcome } from "./return-process";
import { NotSimulatedError, TopLevelError, type ShopStore, type SimOrder, type SimReturn, type SimTransaction } from "./store";

// Resolvers for what returns automation reads and writes (issue 16): the return reason library and each line's
// reason, the order's transactions and refunds, the refund Shopify suggests, exchange lines, Shopify Flow triggers,
// and the read_locations scope `locations` needs.

interface Ctx {
  store: ShopStore;
  flow: FlowSimulator;
}
type Resolver = (source: Loose, args: Loose, ctx: Ctx) => unknown;

const raise = (e: unknown): never => {
  if (e instanceof NotSimulatedError) throw new GraphQLError(`not simulated: ${e.what}`, { extensions: { code: "NOT_SIMULATED" } });
  if (e instanceof TopLevelError) throw new GraphQLError(e.message, { extensions: { code: e.code } });
  throw e;
};

/** Shopify's answer to a field the app's scopes do not cover (as reported by app developers, e.g.
 *  Shopify/example-app--qr-code--remix#23 "Access denied for product field. Required access: `read_products` access scope."). */
export function requireScope(store: ShopStore, scope: string, field: string): void {
  if (store.scopes.has(scope)) return;
  throw new GraphQLError(`Access denied for ${field} field. Required access: \`${scope}\` access scope.`, {
    extensions: { code: "ACCESS_DENIED", documentation: "https://shopify.dev/api/usage/access-scopes", requiredAccess: `\`${scope}\` access scope.` },
  });
}

export const automationResolvers: Record<string, Record<string, Resolver>> = {
  QueryRoot: {
    returnReasonDefinitions: (_s, a, ctx) => {
      const all = [...ctx.store.reasonDefinitions.values()].filter((d) => (!a.ids || a.ids.includes(d.id)) && (!a.handles || a.handles.includes(d.handle)));
      return connection(all, a);
    },
  },
  Mutation: {
    flowTriggerReceive: (_s, a, ctx) => {
      if (a.body !== undefined && a.body !== null) raise(new NotSimulatedError("flowTriggerReceive(body) (deprecated)"));
      try {
        return { userErrors: ctx.flow.receive(a.handle, a.payload) };
      } catch (e) {
        return raise(e);
      }
    },
  },
  Order: {
    transactions: (o: SimOrder, a, ctx) => o.transactionIds.map((id) => ctx.store.transactions.get(id)!).slice(0, a.first ?? undefined),
    totalRefundedSet: (o: SimOrder, _a, ctx) => money(orderRefundedCents(ctx.store, o), o.currency),
  },
  OrderTransaction: {
    amountSet: (t: SimTransaction) => money(t.amountCents, t.currency),
    parentTransaction: (t: SimTransaction, _a, ctx) => (t.parentId ? ctx.store.transactions.get(t.parentId) ?? null : null),
  },
  Return: {
    // The simulator's returns never carry exchange lines (returnRequest and returnCreate take none here).
    exchangeLineItems: (_r, a) => connection([], a),
    suggestedFinancialOutcome: (r: SimReturn, a, ctx) => {
      try {
        return suggestedOutcome(ctx.store, r, a.returnLineItems, a.exchangeLineItems);
      } catch (e) {
        return raise(e);
      }
    },
  },
  ReturnLineItem: {
    returnReasonDefinition: (l, _a, ctx) => (l.returnReasonDefinitionId ? ctx.store.reasonDefinitions.get(l.returnReasonDefinitionId) ?? null : null),
  },
};

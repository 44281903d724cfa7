import type { Env } from "../env.server";
import type { OutboundGateOptions, Resolver, SocketOpener } from "../http/outbound-gate.server";
import { loopbackEntry, providerHosts } from "../platforms/provider-hosts";

// The app's outbound policy, from configuration only (docs/security.md): API calls reach the providers' hosts and
// the shops' Admin API; label files any public https host; the simulators (loopback) only outside production.

export interface OutboundOptions {
  /** Name to addresses (tests hand in one they control; default: the system resolver). */
  resolve?: Resolver;
  /** Opens the socket once the gate chose the address (tests hand in one that refuses anything off the machine). */
  openSocket?: SocketOpener;
}

/** Shopify's Admin API lives at https://{shop}.myshopify.com (https://shopify.dev/docs/api/admin-graphql#endpoints). */
export const SHOPIFY_API_HOSTS = ["*.myshopify.com"] as const;

export function appOutboundPolicy(env: Env, opts: OutboundOptions = {}): OutboundGateOptions {
  const production = env.NODE_ENV === "production";
  const providers = providerHosts(env);
  const shopify: string[] = [...SHOPIFY_API_HOSTS, ...(env.SHOP_CUSTOM_DOMAIN ? [`*.${env.SHOP_CUSTOM_DOMAIN}`] : [])];
  // The Shopify simulator (SHOPIFY_ADMIN_API_ORIGIN, refused in production by the configuration schema).
  const sandbox = production ? undefined : env.SHOPIFY_ADMIN_API_ORIGIN;
  const simulator = sandbox ? loopbackEntry(sandbox) : undefined;
  if (sandbox && !simulator) shopify.push(new URL(sandbox).hostname);
  return {
    production,
    api: { hosts: [...providers.IFRETURNS, ...providers.REVER, ...shopify] },
    allowLoopbackHosts: simulator ? [simulator] : [],
    ...(opts.resolve ? { resolve: opts.resolve } : {}),
    ...(opts.openSocket ? { openSocket: opts.openSocket } : {}),
  };
}

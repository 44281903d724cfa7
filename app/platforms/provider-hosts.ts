import { PROVIDER_IDS, type ProviderId } from "./types";

// Which hosts each provider's API lives on: the only hosts its calls may reach and its credential may go to.
// iF returns documents its servers; REVER documents only a mock server, so its production host comes from the
// operator (REVER_API_BASE_URL). The operator, never a merchant, can add hosts with PROVIDER_EXTRA_HOSTS.

/** iF returns' documented servers (docs/providers/ifreturns.md, "Servers"): production, staging, development. */
export const IF_API_HOSTS = ["api.ifreturns.com", "api.stg.ifreturns.com", "api.dev.ifreturns.com"] as const;

export type ProviderHosts = Record<ProviderId, string[]>;

const HOST = /^(\*\.)?([a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z](?:[a-z0-9-]*[a-z0-9])?$/;

function emptyHosts(): ProviderHosts {
  return { IFRETURNS: [], REVER: [] };
}

/** "IFRETURNS:api.eu.ifreturns.com, REVER:api.rever.example" (an entry may be "*.domain.tld"). */
export function parseProviderExtraHosts(value: string): { hosts: ProviderHosts; problems: string[] } {
  const hosts = emptyHosts();
  const problems: string[] = [];
  for (const raw of value.split(",").map((e) => e.trim()).filter(Boolean)) {
    const at = raw.indexOf(":");
    const provider = raw.slice(0, at).trim().toUpperCase();
    const host = raw.slice(at + 1).trim().toLowerCase();
    if (at < 0 || !(PROVIDER_IDS as readonly string[]).includes(provider)) {
      problems.push(`"${raw}" must be PROVIDER:host with PROVIDER one of ${PROVIDER_IDS.join(", ")}`);
    } else if (!HOST.test(host) || host.endsWith(".localhost") || (host.startsWith("*.") && host.split(".").length < 3)) {
      problems.push(`"${host}" is not a host name (e.g. api.example.com or *.example.com; no scheme, port, path or IP)`);
    } else {
      hosts[provider as ProviderId].push(host);
    }
  }
  return { hosts, problems };
}

export interface ProviderHostSettings {
  PROVIDER_EXTRA_HOSTS: ProviderHosts;
  REVER_API_BASE_URL?: string;
}

/** Each provider's API hosts: the documented ones, the operator's REVER host and the operator's extra hosts. */
export function providerHosts(env: ProviderHostSettings): ProviderHosts {
  const rever = env.REVER_API_BASE_URL ? [new URL(env.REVER_API_BASE_URL).hostname.toLowerCase()] : [];
  return {
    IFRETURNS: [...IF_API_HOSTS, ...env.PROVIDER_EXTRA_HOSTS.IFRETURNS],
    REVER: [...rever, ...env.PROVIDER_EXTRA_HOSTS.REVER],
  };
}

/** A literal loopback address or "localhost": the only hosts a simulator may run on. */
export function isLoopbackHostname(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  return h === "localhost" || h === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/** "127.0.0.1:4001" for a URL on a loopback host (a simulator), else undefined. */
export function loopbackEntry(url: string): string | undefined {
  try {
    const u = new URL(url);
    return isLoopbackHostname(u.hostname) ? u.host : undefined;
  } catch {
    return undefined;
  }
}

/** Whether `hostname` is on a host list ("api.example.com" exactly, "*.example.com" for its subdomains). */
export function onHostList(hostname: string, list: readonly string[]): boolean {
  const h = hostname.toLowerCase().replace(/\.$/, "");
  return list.some((p) => (p.startsWith("*.") ? h.endsWith(p.slice(1)) && h.length > p.length - 1 : h === p));
}

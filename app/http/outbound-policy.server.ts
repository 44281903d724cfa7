import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import { classifyAddress } from "./address-class.server";
import { BlockedDestinationError, type Service } from "./errors.server";

// What the gate lets out, per purpose, and the two checks built on it: the URL check (scheme, host, port,
// literal IP) run on every hop, and the address check run on the addresses the socket will actually use.

export type OutboundPurpose = "api" | "file";

export interface ResolvedAddress {
  address: string;
  family: number;
}

/** Name to addresses; the gate connects only to an address this returned and the classifier allowed. */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

export interface OutboundPolicy {
  /** Production: https only and no loopback exemptions (a policy listing any is refused). */
  production: boolean;
  /** API calls: exact host names ("api.example.com") or subdomain patterns ("*.example.com"). */
  api: { hosts: string[] };
  /** Label files: any public https host unless `hosts` narrows it; ports default to 443 only. */
  file?: { hosts?: string[]; ports?: number[] };
  /**
   * Development, sandbox and tests only: hosts ("127.0.0.1", "localhost:4001", "[::1]") that may be reached
   * over http and may resolve to loopback addresses, for both purposes. Any other address class stays refused.
   */
  allowLoopbackHosts?: string[];
  /** Defaults to the system resolver (`dns.promises.lookup`, all addresses). */
  resolve?: Resolver;
}

export interface Destination {
  protocol: string;
  hostname: string;
  port: number;
}

export const defaultResolve: Resolver = async (hostname) =>
  (await lookup(hostname, { all: true, verbatim: true })).map((a) => ({ address: a.address, family: a.family }));

function bare(hostname: string): string {
  const h = hostname.toLowerCase().replace(/\.$/, "");
  return h.startsWith("[") && h.endsWith("]") ? h.slice(1, -1) : h;
}

function defaultPort(protocol: string): number {
  return protocol === "http:" ? 80 : 443;
}

export function destinationOf(url: URL): Destination {
  return { protocol: url.protocol, hostname: bare(url.hostname), port: url.port ? Number(url.port) : defaultPort(url.protocol) };
}

/** A URL safe to name in an error or a log: no user info, no query, no fragment. */
export function safeUrl(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}`;
}

export class HostList {
  private readonly exact = new Set<string>();
  private readonly suffixes: string[] = [];

  constructor(patterns: readonly string[]) {
    for (const raw of patterns) {
      const p = bare(raw.trim());
      const malformed = !isIP(p) && /[/:?#@\s]/.test(p);
      if (!p || malformed) throw new Error(`Not a host pattern: "${raw}"`);
      if (p.startsWith("*.")) this.suffixes.push(p.slice(1));
      else if (p.includes("*")) throw new Error(`Only a leading "*." is supported in host patterns: "${raw}"`);
      else this.exact.add(p);
    }
  }

  has(hostname: string): boolean {
    const h = bare(hostname);
    return this.exact.has(h) || this.suffixes.some((s) => h.endsWith(s) && h.length > s.length);
  }
}

interface LoopbackEntry {
  hostname: string;
  port?: number;
}

function parseLoopbackEntry(entry: string): LoopbackEntry {
  let u: URL;
  try {
    u = new URL(`http://${entry}`);
  } catch {
    throw new Error(`allowLoopbackHosts: not a host[:port]: "${entry}"`);
  }
  const hostname = bare(u.hostname);
  const verdict = classifyAddress(hostname);
  if (isIP(hostname) && (verdict.allowed || verdict.reason !== "loopback")) throw new Error(`allowLoopbackHosts: ${entry} is not a loopback address`);
  return { hostname, ...(u.port ? { port: Number(u.port) } : {}) };
}

/** The policy, validated once, with the checks the gate runs. */
export class CompiledPolicy {
  readonly production: boolean;
  readonly apiHosts: HostList;
  readonly fileHosts?: HostList;
  readonly filePorts: ReadonlySet<number>;
  readonly resolve: Resolver;
  private readonly loopback: LoopbackEntry[];

  constructor(policy: OutboundPolicy) {
    this.production = policy.production;
    const loopback = policy.allowLoopbackHosts ?? [];
    if (policy.production && loopback.length) throw new Error("allowLoopbackHosts is refused in production");
    this.loopback = loopback.map(parseLoopbackEntry);
    this.apiHosts = new HostList(policy.api.hosts);
    this.fileHosts = policy.file?.hosts ? new HostList(policy.file.hosts) : undefined;
    this.filePorts = new Set(policy.file?.ports ?? [443]);
    this.resolve = policy.resolve ?? defaultResolve;
  }

  loopbackAllowed(dest: Destination): boolean {
    return this.loopback.some((e) => e.hostname === dest.hostname && (e.port === undefined || e.port === dest.port));
  }

  /**
   * The checks that need no DNS: scheme, host and port for the purpose, and a literal IP host's class.
   * `narrowHosts` further limits API calls to one provider's hosts.
   */
  checkDestination(purpose: OutboundPurpose, dest: Destination, service: Service, narrowHosts?: HostList, url?: string): void {
    const refuse = (reason: ConstructorParameters<typeof BlockedDestinationError>[1], address?: string) =>
      new BlockedDestinationError(dest.hostname, reason, { service, address, url });
    if (dest.protocol !== "https:" && dest.protocol !== "http:") throw refuse("scheme");
    const loopbackOk = this.loopbackAllowed(dest);
    if (dest.protocol === "http:" && !loopbackOk) throw refuse("not_https");
    if (!loopbackOk) {
      if (purpose === "api" && (!this.apiHosts.has(dest.hostname) || (narrowHosts && !narrowHosts.has(dest.hostname)))) throw refuse("host_not_allowed");
      if (purpose === "file" && this.fileHosts && !this.fileHosts.has(dest.hostname)) throw refuse("host_not_allowed");
      if (purpose === "file" && !this.filePorts.has(dest.port)) throw refuse("port_not_allowed");
    }
    if (isIP(dest.hostname)) this.checkAddress(dest, dest.hostname, service, loopbackOk);
  }

  /** Refuse an address the socket would use unless it is public (or loopback for an allowed loopback host). */
  checkAddress(dest: Destination, address: string, service: Service, loopbackOk = this.loopbackAllowed(dest)): void {
    const verdict = classifyAddress(address);
    if (verdict.allowed) return;
    if (loopbackOk && verdict.reason === "loopback") return;
    throw new BlockedDestinationError(dest.hostname, verdict.reason, { service, address: verdict.address });
  }

  /**
   * The address to connect to: the literal IP, or the first resolved address once every resolved address
   * passed (a name answering one private address among public ones is refused as a whole).
   */
  async addressFor(purpose: OutboundPurpose, dest: Destination, service: Service): Promise<string> {
    this.checkDestination(purpose, dest, service);
    if (isIP(dest.hostname)) return dest.hostname;
    const answers = await this.resolve(dest.hostname);
    if (!answers.length) throw new Error(`${dest.hostname} has no address`);
    for (const a of answers) this.checkAddress(dest, a.address, service);
    return answers[0].address;
  }
}

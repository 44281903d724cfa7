import { isIP } from "node:net";

// Which IP addresses an outbound connection may reach. Allow-list by construction: IPv4 outside the special
// ranges and IPv6 global unicast (2000::/3) outside its special ranges; addresses that carry an IPv4 inside
// (mapped, translated, NAT64, 6to4) are judged by the IPv4 they carry. Anything unparsable is refused.
// Ranges: IANA special-purpose registries (RFC 6890),
// https://www.iana.org/assignments/iana-ipv4-special-registry/ and .../iana-ipv6-special-registry/

export type BlockedReason =
  | "metadata"
  | "loopback"
  | "private"
  | "link_local"
  | "cgnat"
  | "unspecified"
  | "multicast"
  | "broadcast"
  | "reserved"
  | "benchmark"
  | "documentation"
  | "unique_local"
  | "not_an_ip";

export type AddressVerdict =
  | { allowed: true; address: string; family: 4 | 6 }
  | { allowed: false; address: string; reason: BlockedReason; embeddedIpv4?: string };

/** Cloud instance-metadata endpoints (AWS/GCP/Azure, AWS ECS and EKS, Alibaba, Oracle, AWS IPv6). */
const METADATA = new Set(["169.254.169.254", "169.254.170.2", "169.254.170.23", "100.100.100.200", "192.0.0.192", "fd00:ec2::254"]);

// [network, prefix length, reason]; the first match wins, so narrower ranges come before the ones holding them.
const IPV4_BLOCKED: [string, number, BlockedReason][] = [
  ["255.255.255.255", 32, "broadcast"],
  ["0.0.0.0", 8, "unspecified"],
  ["10.0.0.0", 8, "private"],
  ["100.64.0.0", 10, "cgnat"],
  ["127.0.0.0", 8, "loopback"],
  ["169.254.0.0", 16, "link_local"],
  ["172.16.0.0", 12, "private"],
  ["192.0.0.0", 24, "reserved"],
  ["192.0.2.0", 24, "documentation"],
  ["192.88.99.0", 24, "reserved"],
  ["192.168.0.0", 16, "private"],
  ["198.18.0.0", 15, "benchmark"],
  ["198.51.100.0", 24, "documentation"],
  ["203.0.113.0", 24, "documentation"],
  ["224.0.0.0", 4, "multicast"],
  ["240.0.0.0", 4, "reserved"],
];

function ipv4ToInt(address: string): number {
  return address.split(".").reduce((acc, part) => acc * 256 + Number(part), 0);
}

const IPV4_TABLE = IPV4_BLOCKED.map(([net, bits, reason]) => {
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  return { base: (ipv4ToInt(net) & mask) >>> 0, mask, reason };
});

function ipv4Reason(address: string): BlockedReason | undefined {
  if (METADATA.has(address)) return "metadata";
  const n = ipv4ToInt(address);
  return IPV4_TABLE.find((r) => ((n & r.mask) >>> 0) === r.base)?.reason;
}

/** Expand a valid IPv6 text (any of its notations, zone removed) into its eight 16-bit groups. */
export function ipv6Groups(address: string): number[] {
  let text = address.toLowerCase();
  const lastColon = text.lastIndexOf(":");
  const last = text.slice(lastColon + 1);
  if (last.includes(".")) {
    // A trailing dotted quad is two groups written in IPv4 notation.
    const v4 = ipv4ToInt(last);
    text = `${text.slice(0, lastColon + 1)}${Math.floor(v4 / 65536).toString(16)}:${(v4 % 65536).toString(16)}`;
  }
  const parse = (s: string) => (s === "" ? [] : s.split(":").map((h) => parseInt(h, 16)));
  const gap = text.indexOf("::");
  if (gap === -1) return parse(text);
  const head = parse(text.slice(0, gap));
  const rest = parse(text.slice(gap + 2));
  return [...head, ...new Array<number>(8 - head.length - rest.length).fill(0), ...rest];
}

function ipv4From(hi: number, lo: number): string {
  return [hi >> 8, hi & 0xff, lo >> 8, lo & 0xff].join(".");
}

function judgeEmbedded(address: string, v4: string, refuseEvenIfPublic?: BlockedReason): AddressVerdict {
  const reason = ipv4Reason(v4) ?? refuseEvenIfPublic;
  return reason ? { allowed: false, address, reason, embeddedIpv4: v4 } : { allowed: true, address, family: 6 };
}

function classifyIpv6(address: string): AddressVerdict {
  const g = ipv6Groups(address);
  const zeros = (from: number, to: number) => g.slice(from, to).every((x) => x === 0);
  const refuse = (reason: BlockedReason): AddressVerdict => ({ allowed: false, address, reason });
  if (zeros(0, 8)) return refuse("unspecified");
  if (zeros(0, 7) && g[7] === 1) return refuse("loopback");
  // ::ffff:a.b.c.d (mapped) and ::ffff:0:a.b.c.d (translated) reach the IPv4 they carry.
  if (zeros(0, 5) && g[5] === 0xffff) return judgeEmbedded(address, ipv4From(g[6], g[7]));
  if (zeros(0, 4) && g[4] === 0xffff && g[5] === 0) return judgeEmbedded(address, ipv4From(g[6], g[7]));
  // ::a.b.c.d (IPv4-compatible) is deprecated (RFC 4291 2.5.5.1): nothing legitimate uses it.
  if (zeros(0, 6)) return judgeEmbedded(address, ipv4From(g[6], g[7]), "reserved");
  // 64:ff9b::/96 is the well-known NAT64 prefix (RFC 6052); 64:ff9b:1::/48 is local-use NAT64 (RFC 8215).
  if (g[0] === 0x64 && g[1] === 0xff9b && zeros(2, 6)) return judgeEmbedded(address, ipv4From(g[6], g[7]));
  if (g[0] === 0x64 && g[1] === 0xff9b && g[2] === 1) return refuse("private");
  if (g[0] === 0x2002) return judgeEmbedded(address, ipv4From(g[1], g[2])); // 6to4 (RFC 3056)
  if (METADATA.has(canonicalIpv6(g))) return refuse("metadata");
  if ((g[0] & 0xfe00) === 0xfc00) return refuse("unique_local");
  if ((g[0] & 0xffc0) === 0xfe80) return refuse("link_local");
  if ((g[0] & 0xffc0) === 0xfec0) return refuse("private"); // site-local, deprecated (RFC 3879)
  if ((g[0] & 0xff00) === 0xff00) return refuse("multicast");
  if (g[0] === 0x2001 && g[1] === 0x0db8) return refuse("documentation");
  if (g[0] === 0x3fff && g[1] < 0x1000) return refuse("documentation"); // 3fff::/20 (RFC 9637)
  if (g[0] === 0x2001 && g[1] === 0x0002 && g[2] === 0) return refuse("benchmark");
  // 2001::/23 holds Teredo (whose embedded IPv4 is obfuscated), ORCHID and other protocol assignments.
  if (g[0] === 0x2001 && g[1] < 0x0200) return refuse("reserved");
  if ((g[0] & 0xe000) === 0x2000) return { allowed: true, address, family: 6 };
  return refuse("reserved");
}

function canonicalIpv6(g: number[]): string {
  // Only used to compare with METADATA's compressed spelling: compress the longest run of zero groups.
  let best = { at: -1, len: 0 };
  for (let i = 0; i < 8; ) {
    if (g[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > best.len) best = { at: i, len: j - i };
    i = j;
  }
  const hex = g.map((x) => x.toString(16));
  if (best.len < 2) return hex.join(":");
  return `${hex.slice(0, best.at).join(":")}::${hex.slice(best.at + best.len).join(":")}`;
}

/** Judge one address as the socket would use it (IPv4 dotted quad or IPv6 text, optionally with a zone). */
export function classifyAddress(input: string): AddressVerdict {
  const address = input.startsWith("[") && input.endsWith("]") ? input.slice(1, -1) : input;
  const bare = address.split("%")[0];
  const family = isIP(bare);
  if (family === 4) {
    const reason = ipv4Reason(bare);
    return reason ? { allowed: false, address: bare, reason } : { allowed: true, address: bare, family: 4 };
  }
  if (family === 6) return classifyIpv6(bare);
  return { allowed: false, address: input, reason: "not_an_ip" };
}

/** Human words for a reason, used in error messages. */
export function describeReason(reason: BlockedReason): string {
  const words: Record<BlockedReason, string> = {
    metadata: "a cloud metadata service address",
    loopback: "a loopback address",
    private: "a private network address",
    link_local: "a link-local address",
    cgnat: "a carrier-grade NAT address",
    unspecified: "an unspecified address",
    multicast: "a multicast address",
    broadcast: "the broadcast address",
    reserved: "a reserved address",
    benchmark: "a benchmarking address",
    documentation: "a documentation address",
    unique_local: "a unique-local (private) IPv6 address",
    not_an_ip: "not an IP address",
  };
  return words[reason];
}

import { describe, expect, it } from "vitest";
import { classifyAddress, ipv6Groups, type BlockedReason } from "./address-class.server";

const refused: [string, BlockedReason][] = [
  ["127.0.0.1", "loopback"],
  ["127.255.255.254", "loopback"],
  ["10.0.0.1", "private"],
  ["172.16.0.1", "private"],
  ["172.31.255.255", "private"],
  ["192.168.1.1", "private"],
  ["169.254.169.254", "metadata"],
  ["169.254.170.2", "metadata"],
  ["169.254.1.1", "link_local"],
  ["100.64.0.1", "cgnat"],
  ["100.127.255.255", "cgnat"],
  ["100.100.100.200", "metadata"],
  ["0.0.0.0", "unspecified"],
  ["0.1.2.3", "unspecified"],
  ["224.0.0.1", "multicast"],
  ["239.255.255.250", "multicast"],
  ["240.0.0.1", "reserved"],
  ["255.255.255.255", "broadcast"],
  ["198.18.0.1", "benchmark"],
  ["198.19.255.255", "benchmark"],
  ["192.0.0.192", "metadata"],
  ["192.0.2.10", "documentation"],
  ["198.51.100.10", "documentation"],
  ["203.0.113.10", "documentation"],
  ["::1", "loopback"],
  ["0:0:0:0:0:0:0:1", "loopback"],
  ["::", "unspecified"],
  ["fc00::1", "unique_local"],
  ["fd12:3456::1", "unique_local"],
  ["fd00:ec2::254", "metadata"],
  ["fe80::1", "link_local"],
  ["fe80::1%eth0", "link_local"],
  ["febf::1", "link_local"],
  ["fec0::1", "private"],
  ["ff02::1", "multicast"],
  ["::ffff:127.0.0.1", "loopback"],
  ["::ffff:7f00:1", "loopback"],
  ["::FFFF:7F00:0001", "loopback"],
  ["0:0:0:0:0:ffff:10.0.0.1", "private"],
  ["::ffff:a9fe:a9fe", "metadata"],
  ["::ffff:0:127.0.0.1", "loopback"],
  ["::127.0.0.1", "loopback"],
  ["::8.8.8.8", "reserved"],
  ["64:ff9b::10.0.0.1", "private"],
  ["64:ff9b::a9fe:a9fe", "metadata"],
  ["64:ff9b:1::8.8.8.8", "private"],
  ["2002:7f00:1::", "loopback"],
  ["2002:a9fe:a9fe::1", "metadata"],
  ["2002:c0a8:0101::1", "private"],
  ["2001:db8::1", "documentation"],
  ["3fff::1", "documentation"],
  ["2001:2::1", "benchmark"],
  ["2001:0:4136:e378:8000:63bf:3fff:fdd2", "reserved"],
  ["100::1", "reserved"],
  ["4000::1", "reserved"],
  ["[::1]", "loopback"],
];

const allowed = [
  "8.8.8.8",
  "93.184.216.34",
  "1.1.1.1",
  "172.15.255.255",
  "172.32.0.0",
  "100.63.255.255",
  "100.128.0.0",
  "198.17.255.255",
  "198.20.0.0",
  "223.255.255.255",
  "2606:4700:4700::1111",
  "2a00:1450:4001:82b::200e",
  "::ffff:8.8.8.8",
  "64:ff9b::8.8.8.8",
  "2002:0808:0808::1",
];

describe("classifyAddress", () => {
  it.each(refused)("refuses %s as %s", (address, reason) => {
    const verdict = classifyAddress(address);
    expect(verdict.allowed).toBe(false);
    expect(verdict.allowed === false && verdict.reason).toBe(reason);
  });

  it.each(allowed)("lets the public address %s through", (address) => {
    expect(classifyAddress(address)).toMatchObject({ allowed: true });
  });

  it("names the IPv4 address an IPv6 address carries when refusing it for that address", () => {
    expect(classifyAddress("::ffff:a9fe:a9fe")).toMatchObject({ allowed: false, embeddedIpv4: "169.254.169.254" });
    expect(classifyAddress("2002:0a00:0001::")).toMatchObject({ allowed: false, reason: "private", embeddedIpv4: "10.0.0.1" });
  });

  it.each(["localhost", "0177.0.0.1", "0x7f.1", "2130706433", "127.1", "", "1.2.3.4.5", "::ffff:999.0.0.1"])(
    "refuses %j, which is not an address the socket layer would take as written",
    (text) => {
      expect(classifyAddress(text)).toMatchObject({ allowed: false, reason: "not_an_ip" });
    },
  );
});

describe("ipv6Groups", () => {
  it("expands every spelling of an IPv6 address into the same eight groups", () => {
    const expected = [0, 0, 0, 0, 0, 0xffff, 0x7f00, 1];
    for (const text of ["::ffff:127.0.0.1", "::ffff:7f00:1", "0:0:0:0:0:ffff:7f00:0001", "0000::ffff:127.0.0.1"]) {
      expect(ipv6Groups(text)).toEqual(expected);
    }
    expect(ipv6Groups("2001:db8::")).toEqual([0x2001, 0xdb8, 0, 0, 0, 0, 0, 0]);
    expect(ipv6Groups("::")).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
  });
});

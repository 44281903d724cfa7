import { describe, expect, it } from "vitest";
import { parseEnv } from "../env.server";
import { TEST_ENV_DEFAULTS } from "../../test/runtime";
import { IF_SERVERS } from "./ifreturns/client.server";
import { IF_API_HOSTS, isLoopbackHostname, loopbackEntry, onHostList, parseProviderExtraHosts, providerHosts } from "./provider-hosts";

// Where each provider's calls and credential may go: iF's documented servers, REVER's operator-set URL (its
// document names only a mock server) and hosts the operator adds; never a merchant's choice.

describe("provider hosts", () => {
  it("are iF's documented servers, and for REVER only what the operator configured", () => {
    expect([...IF_API_HOSTS].sort()).toEqual(Object.values(IF_SERVERS).map((u) => new URL(u).hostname).sort());
    const env = parseEnv({ ...TEST_ENV_DEFAULTS });
    expect(providerHosts(env)).toEqual({ IFRETURNS: [...IF_API_HOSTS], REVER: [] });
    const configured = parseEnv({ ...TEST_ENV_DEFAULTS, REVER_API_BASE_URL: "https://api.rever.example/", PROVIDER_EXTRA_HOSTS: "IFRETURNS:api.eu.ifreturns.com, rever:*.rever-cdn.example" });
    expect(providerHosts(configured)).toEqual({ IFRETURNS: [...IF_API_HOSTS, "api.eu.ifreturns.com"], REVER: ["api.rever.example", "*.rever-cdn.example"] });
  });

  it("refuse operator entries that are not PROVIDER:host, name an IP, a port, a path or a whole top-level domain", () => {
    expect(parseProviderExtraHosts("").problems).toEqual([]);
    for (const bad of ["api.example.com", "SHOPIFY:api.example.com", "REVER:https://api.example.com", "REVER:api.example.com:8443", "REVER:10.0.0.1", "REVER:*.com", "REVER:intranet.localhost", "REVER:api.example.com/v1"]) {
      expect(parseProviderExtraHosts(bad).problems, bad).toHaveLength(1);
    }
    expect(() => parseEnv({ ...TEST_ENV_DEFAULTS, PROVIDER_EXTRA_HOSTS: "REVER:10.0.0.1" })).toThrow(/PROVIDER_EXTRA_HOSTS: "10\.0\.0\.1" is not a host name/);
  });

  it("match exactly, or as subdomains of a *. entry", () => {
    expect(onHostList("API.ifreturns.com.", IF_API_HOSTS)).toBe(true);
    expect(onHostList("evil-api.ifreturns.com", IF_API_HOSTS)).toBe(false);
    expect(onHostList("a.rever-cdn.example", ["*.rever-cdn.example"])).toBe(true);
    expect(onHostList("rever-cdn.example", ["*.rever-cdn.example"])).toBe(false);
  });

  it("see a simulator only on a literal loopback address or localhost", () => {
    expect(["127.0.0.1", "127.9.9.9", "localhost", "[::1]"].map(isLoopbackHostname)).toEqual([true, true, true, true]);
    expect(["10.0.0.1", "localtest.me", "127.0.0.1.nip.io", "0.0.0.0"].map(isLoopbackHostname)).toEqual([false, false, false, false]);
    expect(loopbackEntry("http://127.0.0.1:4102/integration/v1/")).toBe("127.0.0.1:4102");
    expect(loopbackEntry("https://api.ifreturns.com/integration/v1/")).toBeUndefined();
  });
});

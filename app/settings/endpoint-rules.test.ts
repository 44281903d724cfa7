import { describe, expect, it } from "vitest";
import { hasSpanishFieldError } from "../i18n/field-errors";
import { IF_API_HOSTS } from "../platforms/provider-hosts";
import { ENDPOINT_MESSAGES, baseUrlFor, endpointProblems, type EndpointRules } from "./provider-connections.server";

// Where a merchant may point a provider connection: the provider's own hosts; a simulator only outside production;
// REVER's production only once the operator has configured it.

const dev: EndpointRules = { production: false, hosts: { IFRETURNS: [...IF_API_HOSTS], REVER: ["api.rever.example"] }, reverProductionUrl: "https://api.rever.example/v1/" };
const prod: EndpointRules = { ...dev, production: true };

describe("connection endpoints", () => {
  it("accept the providers' own hosts and, outside production, a simulator on loopback", () => {
    expect(endpointProblems({ provider: "IFRETURNS", environment: "custom", baseUrl: "https://api.stg.ifreturns.com/integration/v1/" }, dev)).toEqual({});
    expect(endpointProblems({ provider: "REVER", environment: "custom", baseUrl: "http://127.0.0.1:4103/" }, dev)).toEqual({});
    expect(endpointProblems({ provider: "IFRETURNS", environment: "staging" }, prod)).toEqual({});
  });

  it("refuse another provider's host, any other host, and the custom environment in production", () => {
    expect(endpointProblems({ provider: "IFRETURNS", environment: "custom", baseUrl: "https://api.rever.example/" }, dev)).toEqual({ baseUrl: ENDPOINT_MESSAGES.hostNotAllowed });
    expect(endpointProblems({ provider: "REVER", environment: "custom", baseUrl: "https://metadata.evil.test/" }, dev)).toEqual({ baseUrl: ENDPOINT_MESSAGES.hostNotAllowed });
    expect(endpointProblems({ provider: "IFRETURNS", environment: "custom", baseUrl: "http://127.0.0.1:4102/" }, prod)).toEqual({ environment: ENDPOINT_MESSAGES.customInProduction });
  });

  it("take REVER's production base URL from the operator, and refuse it when there is none", () => {
    expect(baseUrlFor("REVER", "production", undefined, dev)).toBe("https://api.rever.example/v1/");
    expect(endpointProblems({ provider: "REVER", environment: "production" }, { ...dev, reverProductionUrl: undefined })).toEqual({ environment: ENDPOINT_MESSAGES.reverNotConfigured });
  });

  it("say every refusal in Spanish too", () => {
    const messages = [ENDPOINT_MESSAGES.customInProduction, ENDPOINT_MESSAGES.reverNotConfigured, ENDPOINT_MESSAGES.hostNotAllowed, ...Object.values(ENDPOINT_MESSAGES.credentialAgain)];
    expect(messages.filter((m) => !hasSpanishFieldError(m))).toEqual([]);
  });
});

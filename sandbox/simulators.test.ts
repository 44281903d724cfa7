import { afterEach, describe, expect, it, vi } from "vitest";
import { startSandbox, type Sandbox } from "./simulators";

// `npm run sandbox` and `npm run demo` pick the provider simulators' profile from SANDBOX_PROFILE.

const options = { appUrl: "http://127.0.0.1:9", apiSecret: "secret", apiKey: "profile-test-key", shop: "profile-test.myshopify.com", accessToken: "shpat_profile_test" };
let sandbox: Sandbox | undefined;
afterEach(async () => {
  vi.unstubAllEnvs();
  await sandbox?.close();
  sandbox = undefined;
});

describe("sandbox profile", () => {
  it("starts both provider simulators with the profile SANDBOX_PROFILE names", async () => {
    vi.stubEnv("SANDBOX_PROFILE", "documented-minimum");
    sandbox = await startSandbox(options);
    expect([sandbox.profile, sandbox.ifreturns.profile.name, sandbox.rever.profile.name]).toEqual(["documented-minimum", "documented-minimum", "documented-minimum"]);
    expect(sandbox.rever.profile.assumedEndpoints).toBe(false);
  });

  it("refuses an unknown SANDBOX_PROFILE with the list of profiles, before starting anything", async () => {
    vi.stubEnv("SANDBOX_PROFILE", "paranoid");
    await expect(startSandbox(options)).rejects.toThrow('SANDBOX_PROFILE "paranoid" is not a simulator profile: use one of default, documented-minimum, hostile');
  });
});

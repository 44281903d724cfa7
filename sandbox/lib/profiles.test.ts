import { describe, expect, it } from "vitest";
import { HOSTILE_BEHAVIOURS } from "./hostile";
import { PROFILE_NAMES, profileFromEnv, resolveProfile, UnknownProfileError } from "./profiles";

// Profiles are data: a name picks a row, options override one setting at a time, unknown names are refused.

describe("simulator profiles", () => {
  it("turns assumed endpoints and answers off in the documented minimum and every hostile behaviour on in hostile", () => {
    expect(resolveProfile()).toMatchObject({ name: "default", assumedEndpoints: true, assumedAnswers: true, errorBodies: "assumed", hostile: [] });
    expect(resolveProfile({ profile: "documented-minimum" })).toMatchObject({ assumedEndpoints: false, assumedAnswers: false, errorBodies: "string-code", hostile: [] });
    expect(resolveProfile({ profile: "hostile" }).hostile).toEqual([...HOSTILE_BEHAVIOURS]);
  });

  it("lets each setting be overridden alone, so a test can ask for exactly one behaviour", () => {
    expect(resolveProfile({ profile: "documented-minimum", errorBodies: "none", assumedEndpoints: true })).toMatchObject({ errorBodies: "none", assumedEndpoints: true, assumedAnswers: false });
    expect(resolveProfile({ hostile: ["svg-label"] })).toMatchObject({ name: "default", hostile: ["svg-label"] });
  });

  it("refuses an unknown profile, hostile behaviour or error style with the list of valid ones", () => {
    expect(() => resolveProfile({ profile: "strict" as never })).toThrow(UnknownProfileError);
    expect(() => resolveProfile({ profile: "strict" as never })).toThrow(PROFILE_NAMES.join(", "));
    expect(() => resolveProfile({ hostile: ["xss" as never] })).toThrow(/xss.*svg-label/);
    expect(() => resolveProfile({ errorBodies: "html" as never })).toThrow(/assumed, string-code, none/);
  });

  it("reads SANDBOX_PROFILE, empty meaning default, and refuses a value that is not a profile", () => {
    expect(profileFromEnv({})).toBe("default");
    expect(profileFromEnv({ SANDBOX_PROFILE: " " })).toBe("default");
    expect(profileFromEnv({ SANDBOX_PROFILE: "documented-minimum" })).toBe("documented-minimum");
    expect(() => profileFromEnv({ SANDBOX_PROFILE: "Hostile" })).toThrow('SANDBOX_PROFILE "Hostile" is not a simulator profile: use one of default, documented-minimum, hostile');
  });
});

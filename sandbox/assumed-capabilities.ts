import { ASSUMED_CAPABILITIES } from "../app/platforms/assumed-capabilities";
import type { ProfileName } from "./lib";

// Which undocumented behaviours (decision 0004) a test, demo or soak connection turns on, to match the simulators'
// profile: the default profile models them, the documented minimum does not.

export interface HarnessProfileOptions {
  /** The provider simulators' profile (decision 0008); default "default". */
  profile?: ProfileName;
  /**
   * The connections' assumed capabilities: "modelled" (every assumption the default profile models, except REVER's
   * returns import, which creates processes and is a rule of its own), "none" (the merchant's defaults) or a list.
   * Default: "modelled" for the default and hostile profiles, "none" for the documented minimum.
   */
  assumed?: "modelled" | "none" | string[];
}

/** The assumed-capability list a test saves on a connection. */
export function assumedFor(provider: "IFRETURNS" | "REVER", opts: HarnessProfileOptions): string[] {
  const assumed = opts.assumed ?? ((opts.profile ?? "default") === "documented-minimum" ? "none" : "modelled");
  if (assumed === "modelled") return ASSUMED_CAPABILITIES[provider].filter((a) => a !== "returnsImport");
  if (assumed === "none") return [];
  return assumed.filter((a) => (ASSUMED_CAPABILITIES[provider] as readonly string[]).includes(a));
}

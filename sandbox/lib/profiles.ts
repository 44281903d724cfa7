import { HOSTILE_BEHAVIOURS, type HostileBehaviour, type HostileTuning } from "./hostile";

// Simulator profiles (decision 0008): data that the two provider simulators consult through small hooks.
// default = the documents plus our marked assumptions; documented-minimum = only what the documents show;
// hostile = default plus answers built to hurt the client.

export const PROFILE_NAMES = ["default", "documented-minimum", "hostile"] as const;
export type ProfileName = (typeof PROFILE_NAMES)[number];

/** Error bodies: the assumed vendor shape (decision 0004), only a string code (`{"code":"UNIMPLEMENTED"}`), or none. */
export const ERROR_BODIES = ["assumed", "string-code", "none"] as const;
export type ErrorBodies = (typeof ERROR_BODIES)[number];

export interface SimProfile {
  name: ProfileName;
  /** Undocumented endpoints the app calls (REVER process search and returns import); off answers 404. */
  assumedEndpoints: boolean;
  /** Fill what the documents collapse or leave open (label items, PUDO points, summary statuses) with our guesses. */
  assumedAnswers: boolean;
  errorBodies: ErrorBodies;
  /** Hostile behaviours switched on (any subset of HOSTILE_BEHAVIOURS). */
  hostile: readonly HostileBehaviour[];
  /** Every n-th API answer is made huge or trickled when those behaviours are on. */
  hostileAnswerEvery: number;
}

export const PROFILES: Readonly<Record<ProfileName, Omit<SimProfile, "name">>> = {
  default: { assumedEndpoints: true, assumedAnswers: true, errorBodies: "assumed", hostile: [], hostileAnswerEvery: 1 },
  "documented-minimum": { assumedEndpoints: false, assumedAnswers: false, errorBodies: "string-code", hostile: [], hostileAnswerEvery: 1 },
  // One API answer in four turns huge or slow, so a demo day still shows the rest of the app.
  hostile: { assumedEndpoints: true, assumedAnswers: true, errorBodies: "assumed", hostile: HOSTILE_BEHAVIOURS, hostileAnswerEvery: 4 },
};

/** Options every provider simulator takes: a profile, and any of its settings overridden one by one. */
export interface ProfileOptions {
  profile?: ProfileName;
  assumedEndpoints?: boolean;
  assumedAnswers?: boolean;
  errorBodies?: ErrorBodies;
  hostile?: readonly HostileBehaviour[];
  hostileAnswerEvery?: number;
  /** Sizes and speeds of the hostile answers (tests shrink them). */
  hostileTuning?: HostileTuning;
}

export class UnknownProfileError extends Error {}

function checkProfileName(name: string, source: string): ProfileName {
  if ((PROFILE_NAMES as readonly string[]).includes(name)) return name as ProfileName;
  throw new UnknownProfileError(`${source} "${name}" is not a simulator profile: use one of ${PROFILE_NAMES.join(", ")}`);
}

export function resolveProfile(opts: ProfileOptions = {}): SimProfile {
  const name = checkProfileName(opts.profile ?? "default", "profile");
  const base = PROFILES[name];
  const hostile = opts.hostile ?? base.hostile;
  const unknown = hostile.filter((h) => !(HOSTILE_BEHAVIOURS as readonly string[]).includes(h));
  if (unknown.length) throw new UnknownProfileError(`unknown hostile behaviour(s) ${unknown.join(", ")}: use any of ${HOSTILE_BEHAVIOURS.join(", ")}`);
  if (opts.errorBodies && !ERROR_BODIES.includes(opts.errorBodies)) throw new UnknownProfileError(`errorBodies "${opts.errorBodies}": use one of ${ERROR_BODIES.join(", ")}`);
  return {
    name,
    assumedEndpoints: opts.assumedEndpoints ?? base.assumedEndpoints,
    assumedAnswers: opts.assumedAnswers ?? base.assumedAnswers,
    errorBodies: opts.errorBodies ?? base.errorBodies,
    hostile: [...hostile],
    hostileAnswerEvery: Math.max(1, Math.floor(opts.hostileAnswerEvery ?? base.hostileAnswerEvery)),
  };
}

/** SANDBOX_PROFILE for `npm run sandbox` and `npm run demo`: unset or empty is "default"; anything unknown is refused. */
export function profileFromEnv(env: Record<string, string | undefined> = process.env): ProfileName {
  const value = env.SANDBOX_PROFILE?.trim();
  return value ? checkProfileName(value, "SANDBOX_PROFILE") : "default";
}

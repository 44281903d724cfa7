import type { AssumedCapability } from "./assumed-capabilities";
import { descriptorOf, type ReferenceKind } from "./descriptors";
import { derivedIfReturnName } from "./return-names";
import { PROVIDER_IDS, type ProviderId } from "./types";

// The provider-neutral reference of a return: whatever addresses it at its provider (iF's return name, REVER's
// process id), where it came from, and whether the provider is known to accept it. Code outside app/platforms
// reads and writes links' references through these functions, never through provider-specific columns.

/** PENDING: not known yet; KNOWN: set; CHECK: the provider did not recognise it (the merchant must check it). */
export type ReferenceState = "PENDING" | "KNOWN" | "CHECK";
/** MERCHANT: typed or imported by the merchant; PROVIDER: named in the provider's own answer; DERIVED: computed
 *  from Shopify's name by an assumed rule; SEARCH / IMPORT: found by an assumed endpoint. */
export type ReferenceSource = "MERCHANT" | "PROVIDER" | "DERIVED" | "SEARCH" | "IMPORT";
export const REFERENCE_SOURCES: readonly ReferenceSource[] = ["MERCHANT", "PROVIDER", "DERIVED", "SEARCH", "IMPORT"];

export interface ProviderReference {
  provider: ProviderId;
  kind: ReferenceKind;
  value: string | null;
  state: ReferenceState;
  source: ReferenceSource | null;
}

/** The columns of a stored link that carry its reference. */
export interface ReferenceColumns {
  provider: string | null;
  ifReturnName: string | null;
  reverProcessId: string | null;
  referenceState: string;
  referenceSource?: string | null;
}

export function isProvider(value: unknown): value is ProviderId {
  return typeof value === "string" && (PROVIDER_IDS as readonly string[]).includes(value);
}

export function referenceOf(link: ReferenceColumns): ProviderReference | null {
  if (!isProvider(link.provider)) return null;
  const d = descriptorOf(link.provider);
  const value = link[d.reference.column] ?? null;
  const state: ReferenceState = link.referenceState === "CHECK" ? "CHECK" : value ? "KNOWN" : "PENDING";
  const source = (link.referenceSource ?? null) as ReferenceSource | null;
  return { provider: link.provider, kind: d.reference.kind, value, state, source: value ? source : null };
}

/** The column values that give a link `provider` with `value` (null: waiting for it); the other provider's are cleared. */
export function referenceData(provider: ProviderId | null, value: string | null, source: ReferenceSource | null) {
  const column = provider ? descriptorOf(provider).reference.column : null;
  return {
    provider,
    ifReturnName: column === "ifReturnName" ? value : null,
    reverProcessId: column === "reverProcessId" ? value : null,
    ...(column === "ifReturnName" ? {} : { ifClientReference: null }),
    referenceState: value ? "KNOWN" : "PENDING",
    referenceSource: value ? source : null,
  };
}

/**
 * The reference a new link starts with before the provider names one: only an assumed derivation the merchant
 * turned on (iF's R#-{ORDER_NAME} from Shopify's name, `derivedReturnName`); null otherwise.
 */
export function derivedReference(provider: ProviderId, assumed: ReadonlySet<AssumedCapability>, normalizedName: string): string | null {
  if (descriptorOf(provider).reference.kind === "IF_RETURN_NAME" && assumed.has("derivedReturnName")) return derivedIfReturnName(normalizedName);
  return null;
}

/** The purpose a provider call serves: some providers need the reference for everything, others only for statuses. */
export type ReferencePurpose = "any" | "status";

/** Why a provider call for this link has to wait, or null when the link can be addressed for `purpose`. */
export function missingReference(link: ReferenceColumns, purpose: ReferencePurpose = "any"): string | null {
  const ref = referenceOf(link);
  if (!ref) return "No provider is linked to this return yet";
  const d = descriptorOf(ref.provider);
  if (d.reference.neededFor !== "every-call" && purpose !== "status") return null;
  if (ref.state === "CHECK") return checkReferenceMessage(ref.provider, ref.value);
  if (!ref.value) {
    return d.reference.kind === "REVER_PROCESS_ID"
      ? `Needs a ${d.displayName} link: paste the ${d.reference.label} (or its API link) on the return page`
      : `${d.displayName} needs its own return name (e.g. ${d.reference.example}) for status updates: enter it on the return page`;
  }
  return null;
}

/** What the merchant reads when the provider answered "not found" for the stored reference. */
export function checkReferenceMessage(provider: ProviderId, value: string | null): string {
  const d = descriptorOf(provider);
  return `${d.displayName} does not know the ${d.reference.label} ${value ?? ""}: check the ${d.reference.label} on the return page`.replace("  ", " ");
}

const REFERENCE = /^[A-Za-z0-9][A-Za-z0-9_.:#-]{0,99}$/;

export type ParsedReference = { ok: true; value: string } | { ok: false; reason: string };

/**
 * What the merchant pasted, as the provider's reference. REVER: a process id, or a URL of REVER's documented
 * API paths (`.../v1/processes/{process_id}/...`, docs/providers/rever.md); its admin (web) URLs are not
 * documented, so they are refused with a request for the id instead of being guessed at.
 */
export function parseReferenceInput(provider: ProviderId, raw: string): ParsedReference {
  const d = descriptorOf(provider);
  let v = raw.trim();
  if (!v) return { ok: false, reason: `Enter the ${d.reference.label}` };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(v)) {
    if (d.reference.kind !== "REVER_PROCESS_ID") return { ok: false, reason: `Enter the ${d.reference.label} (e.g. ${d.reference.example}), not a link` };
    let url: URL;
    try {
      url = new URL(v);
    } catch {
      return { ok: false, reason: "That link cannot be read: paste the REVER process id" };
    }
    const m = /\/v1\/processes\/([^/?#]+)/.exec(url.pathname);
    if (!m) return { ok: false, reason: "Only links to REVER's API (…/v1/processes/{process id}/…) can be read: paste the process id instead" };
    v = decodeURIComponent(m[1]);
  }
  if (!REFERENCE.test(v)) return { ok: false, reason: `The ${d.reference.label} has letters, digits and - _ . : # only (at most 100)` };
  return { ok: true, value: v };
}

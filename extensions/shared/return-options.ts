import type { OrderReturnsView, ProviderId, ProviderOption, ReturnSummary } from "./api-client";
import { safeHttpUrl } from "../../app/security/safe-url";

// What the order-page extension offers for a return (tabs, provider, approval, the current label), without the UI.
// Error values across the forms are translation keys (locales/*.json), so the logic stays language-free.

export type FieldErrors = Record<string, string>;
export type Tab = "label" | "pickup" | "dropOff" | "link";

/** The provider a return works with: the link's (or suggested) one when connected, else the first connected. */
export function providerOf(view: OrderReturnsView, ret: ReturnSummary, chosen?: ProviderId): ProviderOption | null {
  const wanted = chosen ?? ret.provider;
  return view.providers.find((p) => p.provider === wanted) ?? view.providers[0] ?? null;
}

/** What the merchant may do with this return: unsupported actions are hidden, not offered and refused. */
export function availableTabs(view: OrderReturnsView, ret: ReturnSummary): Tab[] {
  const p = providerOf(view, ret);
  const tabs: Tab[] = [];
  if (!p) return ["link"];
  const anyLabels = view.providers.some((x) => x.capabilities.labels);
  if (anyLabels && (ret.status === "OPEN" || ret.status === "REQUESTED")) tabs.push("label");
  if (p.capabilities.pickups && ret.status === "OPEN") tabs.push("pickup");
  if (p.capabilities.dropOffPoints && (ret.status === "OPEN" || ret.status === "REQUESTED")) tabs.push("dropOff");
  tabs.push("link");
  return tabs;
}

export function needsApproval(ret: ReturnSummary): boolean {
  return ret.status === "REQUESTED";
}

/** The label a return already has (the newest one of the app), if any. */
export function currentLabel(ret: ReturnSummary) {
  return ret.labels.find((l) => l.state === "ATTACHED" || l.state === "CREATED" || l.state === "REQUESTED") ?? null;
}

/** The tracking page to link a label to: only an http(s) URL (a `javascript:` one is shown as no link at all). */
export function trackingHref(label: { trackingUrl: string | null }): string | undefined {
  return safeHttpUrl(label.trackingUrl);
}

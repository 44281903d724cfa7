import type { Api } from "@shopify/ui-extensions/admin.order-details.action.render";
import { ApiError, createApiClient, type OrderReturnsView, type ReturnSummary } from "../../shared/api-client";
import type { FieldErrors } from "../../shared/forms";

// What every part of the order action shares: the admin's `shopify` global, translation, the backend client,
// and the outcome banner a panel reports to.

export const shopify = (globalThis as unknown as { shopify: Api }).shopify;
export const t = (key: string, vars?: Record<string, string | number>) => shopify.i18n.translate(key, vars);
export const api = createApiClient({
  fetch: (url, init) => fetch(url, init),
  idToken: () => shopify.auth.idToken(),
  networkErrorMessage: t("error.network"),
});

export type Outcome = { tone: "success" | "critical" | "info"; text: string; detail?: string } | null;

export function errorOutcome(err: unknown): Outcome {
  if (err instanceof ApiError) return { tone: "critical", text: err.message, detail: err.retryable ? t("error.retry") : undefined };
  return { tone: "critical", text: t("error.network") };
}

export function fieldError(errors: FieldErrors, key: string): string | undefined {
  return errors[key] ? t(errors[key]) : undefined;
}

export interface PanelProps {
  view: OrderReturnsView;
  ret: ReturnSummary;
  busy: boolean;
  run: (action: () => Promise<Outcome>) => Promise<void>;
}

import type { LinkBody, OrderReturnsView, ProviderId, ReturnSummary } from "./api-client";
import { providerOf, type FieldErrors } from "./return-options";

// The manual link: a REVER process id or an iF return name, typed in one field.

export interface LinkForm {
  provider: ProviderId;
  reference: string;
}

export function initialLinkForm(view: OrderReturnsView, ret: ReturnSummary): LinkForm {
  const provider = ret.link?.provider ?? providerOf(view, ret)?.provider ?? "IFRETURNS";
  const reference = provider === "REVER" ? (ret.link?.reverProcessId ?? "") : (ret.link?.ifReturnName ?? "");
  return { provider, reference };
}

export function validateLinkForm(form: LinkForm): FieldErrors {
  return form.reference.trim() ? {} : { reference: "error.required" };
}

export function linkRequest(form: LinkForm): LinkBody {
  const reference = form.reference.trim();
  return form.provider === "REVER" ? { provider: "REVER", reverProcessId: reference } : { provider: "IFRETURNS", ifReturnName: reference };
}

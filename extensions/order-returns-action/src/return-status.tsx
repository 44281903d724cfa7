import type { OrderReturnsView, ReturnSummary } from "../../shared/api-client";
import { currentLabel, trackingHref } from "../../shared/forms";
import { t } from "./runtime";

// The chosen return at a glance: its provider link, last error, current label and drop-off point.

export function ReturnStatus({ view, ret }: { view: OrderReturnsView; ret: ReturnSummary }) {
  const label = currentLabel(ret);
  const provider = ret.link?.provider ? view.providers.find((p) => p.provider === ret.link?.provider)?.name ?? ret.link.provider : null;
  return (
    <s-section heading={`${ret.name} · ${t(`status.${ret.status}`)}`}>
      <s-stack gap="small">
        <s-stack direction="inline" gap="small">
          <s-badge tone={provider ? "info" : "neutral"}>{provider ?? t("link.none")}</s-badge>
          {ret.link?.reverProcessId ? <s-text>{t("link.process", { id: ret.link.reverProcessId })}</s-text> : null}
          {ret.link?.ifReturnName ? <s-text>{t("link.ifName", { name: ret.link.ifReturnName })}</s-text> : null}
        </s-stack>
        {ret.link?.lastError ? <s-text tone="critical">{ret.link.lastError}</s-text> : null}
        {label ? (
          <s-stack direction="inline" gap="small">
            <s-text>{t("label.current", { tracking: label.trackingNumber ?? "—", format: label.labelFormat ?? "—" })}</s-text>
            {trackingHref(label) ? <s-link href={trackingHref(label)} target="_blank">{t("label.track")}</s-link> : null}
            {label.downloadUrl ? (
              // Signed by the backend for this shop and shipment, valid for minutes: no session token in the URL.
              <s-link href={label.downloadUrl} target="_blank">
                {t("label.download")}
              </s-link>
            ) : null}
          </s-stack>
        ) : null}
        {ret.dropOffPoint ? <s-text>{t("dropOff.chosen", { name: ret.dropOffPoint.name })}</s-text> : null}
      </s-stack>
    </s-section>
  );
}

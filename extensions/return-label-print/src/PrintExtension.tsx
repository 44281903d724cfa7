import "@shopify/ui-extensions/preact";
import type { Api } from "@shopify/ui-extensions/admin.order-details.print-action.render";
import { render } from "preact";
import { useEffect, useState } from "preact/hooks";
import { ApiError, createApiClient } from "../../shared/api-client";
import { printableLabels, type PrintableLabel } from "../../shared/forms";

// Order details > Print > Return label: the PDF or image label of one of the order's returns, served by the
// app backend from the provider (ZPL labels are for warehouse printers and are not offered here).

const shopify = (globalThis as unknown as { shopify: Api }).shopify;
const t = (key: string, vars?: Record<string, string | number>) => shopify.i18n.translate(key, vars);
const api = createApiClient({
  fetch: (url, init) => fetch(url, init),
  idToken: () => shopify.auth.idToken(),
  networkErrorMessage: t("error.network"),
});

export default async () => {
  render(<PrintExtension />, document.body);
};

function PrintExtension() {
  const orderId = shopify.data.selected[0]?.id ?? "";
  const [labels, setLabels] = useState<PrintableLabel[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [chosen, setChosen] = useState("");
  const [src, setSrc] = useState<string | undefined>(undefined);

  useEffect(() => {
    api
      .orderReturns(orderId)
      .then((view) => {
        const found = printableLabels(view);
        setLabels(found);
        setChosen(found[0]?.shipmentId ?? "");
      })
      .catch((err: unknown) => setError(err instanceof ApiError ? err.message : t("error.network")));
  }, [orderId]);

  useEffect(() => {
    // The backend's signed URL (absolute, minutes long, no session token): the preview is a document load without headers.
    setSrc(labels?.find((l) => l.shipmentId === chosen)?.fileUrl);
  }, [labels, chosen]);

  return (
    <s-admin-print-action src={src}>
      <s-stack gap="base">
        {error ? <s-banner tone="critical">{error}</s-banner> : null}
        {labels === null && !error ? <s-spinner accessibilityLabel={t("loading")} /> : null}
        {labels && !labels.length ? <s-paragraph>{t("noLabels")}</s-paragraph> : null}
        {labels && labels.length > 1 ? (
          <s-choice-list label={t("choose")} values={[chosen]} onChange={(e) => setChosen(e.currentTarget.values[0] ?? "")}>
            {labels.map((l) => (
              <s-choice key={l.shipmentId} value={l.shipmentId}>
                {t("labelItem", { name: l.returnName, tracking: l.trackingNumber ?? "—", format: l.labelFormat ?? "—" })}
              </s-choice>
            ))}
          </s-choice-list>
        ) : null}
        {labels && labels.length === 1 ? <s-text>{t("labelItem", { name: labels[0].returnName, tracking: labels[0].trackingNumber ?? "—", format: labels[0].labelFormat ?? "—" })}</s-text> : null}
      </s-stack>
    </s-admin-print-action>
  );
}

import "@shopify/ui-extensions/preact";
import { render } from "preact";
import { useEffect, useState } from "preact/hooks";
import { ApiError, type OrderReturnsView } from "../../shared/api-client";
import { availableTabs, type Tab } from "../../shared/forms";
import { DropOffPanel } from "./drop-off-panel";
import { LabelPanel } from "./label-panel";
import { LinkPanel } from "./link-panel";
import { PickupPanel } from "./pickup-panel";
import { ReturnStatus } from "./return-status";
import { api, errorOutcome, shopify, t, type Outcome } from "./runtime";

// Order details > More actions > Returns Bridge: the order's returns with their link status, and for the
// chosen one a label, a pickup, drop-off points or a manual link. Every request goes to the app backend.

export default async () => {
  render(<Extension />, document.body);
};

function Extension() {
  const orderId = shopify.data.selected[0]?.id ?? "";
  const [view, setView] = useState<OrderReturnsView | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [returnId, setReturnId] = useState("");
  const [tab, setTab] = useState<Tab>("label");
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);

  async function load(keep?: string) {
    try {
      const v = await api.orderReturns(orderId);
      setView(v);
      const chosen = v.returns.find((r) => r.id === keep) ?? v.returns.find((r) => r.status === "OPEN" || r.status === "REQUESTED") ?? v.returns[0];
      setReturnId(chosen?.id ?? "");
      if (chosen) setTab(availableTabs(v, chosen)[0]);
    } catch (err) {
      setLoadError(err instanceof ApiError ? err.message : t("error.network"));
    }
  }
  useEffect(() => {
    void load();
  }, [orderId]);

  const ret = view?.returns.find((r) => r.id === returnId) ?? null;
  const tabs = view && ret ? availableTabs(view, ret) : [];

  async function run(action: () => Promise<Outcome>) {
    setBusy(true);
    setOutcome(null);
    try {
      setOutcome(await action());
      await load(returnId);
    } catch (err) {
      setOutcome(errorOutcome(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <s-admin-action heading={t("heading")} loading={!view && !loadError}>
      <s-stack gap="base">
        {loadError ? <s-banner tone="critical">{loadError}</s-banner> : null}
        {view && !view.returns.length ? <s-paragraph>{t("noReturns")}</s-paragraph> : null}
        {view && !view.providers.length ? <s-banner tone="warning">{t("noProviders")}</s-banner> : null}
        {view && view.returns.length > 1 ? (
          <s-select label={t("return.choose")} value={returnId} onChange={(e) => { setReturnId(e.currentTarget.value); setOutcome(null); }}>
            {view.returns.map((r) => (
              <s-option key={r.id} value={r.id}>{`${r.name} · ${t(`status.${r.status}`)}`}</s-option>
            ))}
          </s-select>
        ) : null}
        {view && ret ? <ReturnStatus view={view} ret={ret} /> : null}
        {outcome ? (
          <s-banner tone={outcome.tone}>
            <s-paragraph>{outcome.text}</s-paragraph>
            {outcome.detail ? <s-paragraph>{outcome.detail}</s-paragraph> : null}
          </s-banner>
        ) : null}
        {view && ret && tabs.length > 1 ? (
          <s-select label={t("tab.choose")} value={tab} onChange={(e) => { setTab(e.currentTarget.value as Tab); setOutcome(null); }}>
            {tabs.map((x) => (
              <s-option key={x} value={x}>{t(`tab.${x}`)}</s-option>
            ))}
          </s-select>
        ) : null}
        {view && ret && tab === "label" ? <LabelPanel key={ret.id} view={view} ret={ret} busy={busy} run={run} /> : null}
        {view && ret && tab === "pickup" ? <PickupPanel key={ret.id} view={view} ret={ret} busy={busy} run={run} /> : null}
        {view && ret && tab === "dropOff" ? <DropOffPanel key={ret.id} view={view} ret={ret} busy={busy} run={run} /> : null}
        {view && ret && tab === "link" ? <LinkPanel key={ret.id} view={view} ret={ret} busy={busy} run={run} /> : null}
      </s-stack>
      <s-button slot="secondary-actions" onClick={() => shopify.close()}>
        {t("close")}
      </s-button>
    </s-admin-action>
  );
}

import { useState } from "preact/hooks";
import type { DropOffSearchResult } from "../../shared/api-client";
import { dropOffRequest, initialDropOffForm, validateDropOffForm, type FieldErrors } from "../../shared/forms";
import { api, fieldError, t, type PanelProps } from "./runtime";

// The drop-off tab: search points near an address or coordinates, and save the customer's choice.

export function DropOffPanel({ view, ret, busy, run }: PanelProps) {
  const [form, setForm] = useState(() => initialDropOffForm(view));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [result, setResult] = useState<DropOffSearchResult | null>(null);
  const set = (patch: Partial<typeof form>) => setForm({ ...form, ...patch });
  async function search() {
    const found = validateDropOffForm(form);
    setErrors(found);
    if (Object.keys(found).length) return;
    await run(async () => {
      const res = await api.findDropOffPoints(ret.id, dropOffRequest(form));
      setResult(res);
      return res.points.length ? null : { tone: "info", text: t("dropOff.none", { near: res.searchedNear }) };
    });
  }
  return (
    <s-stack gap="base">
      <s-select label={t("dropOff.mode")} value={form.mode} onChange={(e) => set({ mode: e.currentTarget.value as typeof form.mode })}>
        <s-option value="address">{t("dropOff.byAddress")}</s-option>
        <s-option value="coordinates">{t("dropOff.byCoordinates")}</s-option>
      </s-select>
      {form.mode === "address" ? (
        <s-stack gap="small">
          <s-text-field label={t("address.line1")} value={form.address} error={fieldError(errors, "address")} onInput={(e) => set({ address: e.currentTarget.value })} />
          <s-stack direction="inline" gap="small">
            <s-text-field label={t("address.postalCode")} value={form.postalCode} onInput={(e) => set({ postalCode: e.currentTarget.value })} />
            <s-text-field label={t("address.city")} value={form.city} onInput={(e) => set({ city: e.currentTarget.value })} />
            <s-text-field label={t("address.countryCode")} value={form.countryCode} error={fieldError(errors, "countryCode")} onInput={(e) => set({ countryCode: e.currentTarget.value })} />
          </s-stack>
        </s-stack>
      ) : (
        <s-stack direction="inline" gap="small">
          <s-number-field label={t("dropOff.latitude")} value={form.latitude} min={-90} max={90} error={fieldError(errors, "latitude")} onInput={(e) => set({ latitude: e.currentTarget.value })} />
          <s-number-field label={t("dropOff.longitude")} value={form.longitude} min={-180} max={180} error={fieldError(errors, "longitude")} onInput={(e) => set({ longitude: e.currentTarget.value })} />
        </s-stack>
      )}
      <s-stack direction="inline" gap="small">
        <s-number-field label={t("dropOff.range")} value={form.rangeKm} min={1} max={20} step={1} error={fieldError(errors, "rangeKm")} onInput={(e) => set({ rangeKm: e.currentTarget.value })} />
        <s-select label={t("dropOff.locationType")} value={form.locationType} onChange={(e) => set({ locationType: e.currentTarget.value as typeof form.locationType })}>
          <s-option value="ALL">{t("location.ALL")}</s-option>
          <s-option value="STORE_POINT">{t("location.STORE_POINT")}</s-option>
          <s-option value="LOCKER_POINT">{t("location.LOCKER_POINT")}</s-option>
        </s-select>
      </s-stack>
      <s-button variant="primary" loading={busy} disabled={busy} onClick={search}>
        {t("dropOff.search")}
      </s-button>
      {result?.points.map((p, i) => (
        <s-stack key={p.id ?? i} gap="small-200">
          <s-text type="strong">{p.name}</s-text>
          <s-text>{[p.address, p.postalCode, p.city].filter(Boolean).join(", ")}</s-text>
          <s-text color="subdued">
            {[p.distanceKm !== undefined ? t("dropOff.distance", { km: p.distanceKm }) : null, p.locationType ? t(`location.${p.locationType}`) : null, p.carrierCode, p.openingHours].filter(Boolean).join(" · ")}
          </s-text>
          <s-button
            variant="tertiary"
            disabled={busy}
            onClick={() => run(async () => (await api.chooseDropOffPoint(ret.id, p), { tone: "success", text: t("dropOff.saved", { name: p.name }) }))}
          >
            {t("dropOff.choose")}
          </s-button>
        </s-stack>
      ))}
    </s-stack>
  );
}

import { useState } from "preact/hooks";
import { bytesToBase64, currentLabel, extensionOf, initialLabelForm, labelRequest, needsApproval, providerOf, requestableFormats, validateLabelForm, type FieldErrors } from "../../shared/forms";
import { AddressFields, Windows } from "./fields";
import { api, fieldError, t, type PanelProps } from "./runtime";

// The label tab: approve a requested return, then create the provider's label or upload one the merchant has.

export function LabelPanel({ view, ret, busy, run }: PanelProps) {
  const [form, setForm] = useState(() => initialLabelForm(view, ret));
  const [errors, setErrors] = useState<FieldErrors>({});
  const provider = providerOf(view, ret, form.provider);
  const formats = requestableFormats(provider);
  const openRfos = ret.reverseFulfillmentOrders.filter((r) => r.status === "OPEN");
  const existing = currentLabel(ret);
  const set = (patch: Partial<typeof form>) => setForm({ ...form, ...patch });

  async function submit() {
    const found = validateLabelForm(form, ret);
    setErrors(found);
    if (Object.keys(found).length) return;
    await run(async () => {
      const res = await api.createLabel(ret.id, labelRequest(form, view, ret));
      const text = t(res.reused ? "label.reused" : "label.created", { tracking: res.trackingNumber ?? "—", carrier: res.carrier ?? "—" });
      return { tone: "success", text, detail: res.notice ?? (res.attachedToShopify ? t("label.attached") : undefined) };
    });
  }

  async function approve() {
    await run(async () => {
      const res = await api.approve(ret.id, form.notifyCustomer);
      return { tone: "success", text: t(res.alreadyOpen ? "approve.already" : "approve.done") };
    });
  }

  async function pickFile(files: File[]) {
    const file = files[0];
    if (!file) return set({ manual: null });
    const extension = extensionOf(file.name);
    if (!extension) return setErrors({ manual: "error.fileType" });
    setErrors({});
    set({ manual: { fileName: file.name, extension, fileBase64: bytesToBase64(new Uint8Array(await file.arrayBuffer())) } });
  }

  return (
    <s-stack gap="base">
      {needsApproval(ret) ? (
        <s-banner tone="warning" heading={t("approve.heading")}>
          <s-paragraph>{t("approve.body")}</s-paragraph>
          <s-button slot="secondary-actions" disabled={busy} onClick={approve}>
            {t("approve.action")}
          </s-button>
        </s-banner>
      ) : null}
      {existing ? <s-paragraph>{t("label.exists")}</s-paragraph> : null}
      {view.providers.length > 1 ? (
        <s-select label={t("field.provider")} value={form.provider} onChange={(e) => setForm(initialLabelForm(view, ret, e.currentTarget.value as typeof form.provider))}>
          {view.providers.filter((p) => p.capabilities.labels).map((p) => (
            <s-option key={p.provider} value={p.provider}>{p.name}</s-option>
          ))}
        </s-select>
      ) : null}
      {provider?.problem ? <s-banner tone="critical">{provider.problem}</s-banner> : null}
      {view.order.notice ? <s-banner tone="warning">{view.order.notice}</s-banner> : null}
      {openRfos.length > 1 ? (
        <s-select label={t("field.rfo")} value={form.reverseFulfillmentOrderId} error={fieldError(errors, "reverseFulfillmentOrderId")} onChange={(e) => set({ reverseFulfillmentOrderId: e.currentTarget.value })}>
          <s-option value="">{t("field.choose")}</s-option>
          {openRfos.map((r, i) => (
            <s-option key={r.id} value={r.id}>{t("field.rfoItem", { n: i + 1, deliveries: r.deliveries })}</s-option>
          ))}
        </s-select>
      ) : null}
      {form.manual ? null : (
        <s-stack gap="base">
          {provider && provider.defaults.carrierServices.length ? (
            <s-select label={t("field.carrierService")} value={form.carrierService} error={fieldError(errors, "carrierService")} onChange={(e) => set({ carrierService: e.currentTarget.value })}>
              {provider.defaults.carrierServices.map((c) => (
                <s-option key={c} value={c}>{c}</s-option>
              ))}
            </s-select>
          ) : (
            <s-text-field label={t("field.carrierService")} value={form.carrierService} error={fieldError(errors, "carrierService")} onInput={(e) => set({ carrierService: e.currentTarget.value })} />
          )}
          {formats.length > 1 ? (
            <s-select label={t("field.labelFormat")} value={form.labelFormat} onChange={(e) => set({ labelFormat: e.currentTarget.value as typeof form.labelFormat })}>
              {formats.map((f) => (
                <s-option key={f} value={f}>{f}</s-option>
              ))}
            </s-select>
          ) : null}
          {form.parcels.map((p, i) => (
            <s-stack key={i} direction="inline" gap="small">
              <s-number-field label={t("field.weight")} value={p.weight} min={1} max={70000} error={fieldError(errors, `parcels[${i}].weight`)} onInput={(e) => set({ parcels: form.parcels.map((x, j) => (j === i ? { ...x, weight: e.currentTarget.value } : x)) })} />
              {(["length", "width", "height"] as const).map((dim) => (
                <s-number-field key={dim} label={t(`field.${dim}`)} value={p[dim]} min={0} error={fieldError(errors, `parcels[${i}].${dim}`)} onInput={(e) => set({ parcels: form.parcels.map((x, j) => (j === i ? { ...x, [dim]: e.currentTarget.value } : x)) })} />
              ))}
            </s-stack>
          ))}
          <s-stack direction="inline" gap="small">
            <s-button variant="tertiary" onClick={() => set({ parcels: [...form.parcels, { ...form.parcels[0] }] })}>{t("field.addParcel")}</s-button>
            {form.parcels.length > 1 ? <s-button variant="tertiary" onClick={() => set({ parcels: form.parcels.slice(0, -1) })}>{t("field.removeParcel")}</s-button> : null}
          </s-stack>
          {form.originOpen ? (
            <s-stack gap="small">
              <s-heading>{t("label.origin")}</s-heading>
              <AddressFields value={form.origin} errors={errors} prefix="origin" onChange={(origin) => set({ origin })} />
            </s-stack>
          ) : (
            <s-button variant="tertiary" onClick={() => set({ originOpen: true })}>{t("label.editOrigin")}</s-button>
          )}
          {form.provider === "REVER" ? (
            <s-stack gap="small">
              <s-select label={t("field.returnMethod")} value={form.returnMethod} onChange={(e) => set({ returnMethod: e.currentTarget.value as typeof form.returnMethod })}>
                <s-option value="DROP_OFF_POINT">{t("method.DROP_OFF_POINT")}</s-option>
                <s-option value="HOME_PICK_UP">{t("method.HOME_PICK_UP")}</s-option>
              </s-select>
              {form.returnMethod === "HOME_PICK_UP" ? <Windows date={form.pickupDate} ranges={form.ranges} errors={errors} onChange={(date, ranges) => set({ pickupDate: date, ranges })} /> : null}
            </s-stack>
          ) : null}
        </s-stack>
      )}
      {provider?.capabilities.manualLabelUpload ? (
        <s-stack gap="small">
          <s-drop-zone label={t("field.manualLabel")} accept=".pdf,.png,.jpg,.jpeg" error={fieldError(errors, "manual")} onInput={(e) => void pickFile(e.currentTarget.files)} />
          {form.manual ? (
            <s-stack gap="small">
              <s-text>{form.manual.fileName}</s-text>
              <s-text-field label={t("field.manualCarrier")} value={form.manualCarrier} onInput={(e) => set({ manualCarrier: e.currentTarget.value })} />
              <s-text-field label={t("field.manualTracking")} value={form.manualTrackingNumber} onInput={(e) => set({ manualTrackingNumber: e.currentTarget.value })} />
              <s-url-field label={t("field.manualTrackingUrl")} value={form.manualTrackingUrl} error={fieldError(errors, "manualTrackingUrl")} onInput={(e) => set({ manualTrackingUrl: e.currentTarget.value })} />
            </s-stack>
          ) : null}
        </s-stack>
      ) : null}
      {needsApproval(ret) ? <s-checkbox label={t("field.approveFirst")} checked={form.approveFirst} onChange={(e) => set({ approveFirst: e.currentTarget.checked })} /> : null}
      <s-checkbox label={t("field.notifyCustomer")} checked={form.notifyCustomer} onChange={(e) => set({ notifyCustomer: e.currentTarget.checked })} />
      <s-button variant="primary" loading={busy} disabled={busy || (needsApproval(ret) && !form.approveFirst)} onClick={submit}>
        {t(existing ? "label.showExisting" : "label.create")}
      </s-button>
    </s-stack>
  );
}

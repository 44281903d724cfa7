import "@shopify/ui-extensions/preact";
import type { Api } from "@shopify/ui-extensions/admin.order-details.action.render";
import { render } from "preact";
import { useEffect, useState } from "preact/hooks";
import { ApiError, createApiClient, type DropOffSearchResult, type OrderReturnsView, type ReturnSummary } from "../../shared/api-client";
import {
  availableTabs,
  bytesToBase64,
  currentLabel,
  dropOffRequest,
  extensionOf,
  initialDropOffForm,
  initialLabelForm,
  initialLinkForm,
  initialPickupForm,
  labelRequest,
  linkRequest,
  needsApproval,
  pickupRequest,
  providerOf,
  RANGES,
  requestableFormats,
  trackingHref,
  validateDropOffForm,
  validateLabelForm,
  validateLinkForm,
  validatePickupForm,
  type AddressForm,
  type FieldErrors,
  type RangeKey,
  type Tab,
} from "../../shared/forms";

// Order details > More actions > Returns Bridge: the order's returns with their link status, and for the
// chosen one a label, a pickup, drop-off points or a manual link. Every request goes to the app backend.

const shopify = (globalThis as unknown as { shopify: Api }).shopify;
const t = (key: string, vars?: Record<string, string | number>) => shopify.i18n.translate(key, vars);
const api = createApiClient({
  fetch: (url, init) => fetch(url, init),
  idToken: () => shopify.auth.idToken(),
  networkErrorMessage: t("error.network"),
});

export default async () => {
  render(<Extension />, document.body);
};

type Outcome = { tone: "success" | "critical" | "info"; text: string; detail?: string } | null;

function errorOutcome(err: unknown): Outcome {
  if (err instanceof ApiError) return { tone: "critical", text: err.message, detail: err.retryable ? t("error.retry") : undefined };
  return { tone: "critical", text: t("error.network") };
}

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

interface PanelProps {
  view: OrderReturnsView;
  ret: ReturnSummary;
  busy: boolean;
  run: (action: () => Promise<Outcome>) => Promise<void>;
}

function ReturnStatus({ view, ret }: { view: OrderReturnsView; ret: ReturnSummary }) {
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

function fieldError(errors: FieldErrors, key: string): string | undefined {
  return errors[key] ? t(errors[key]) : undefined;
}

function LabelPanel({ view, ret, busy, run }: PanelProps) {
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

function Windows({ date, ranges, errors, onChange }: { date: string; ranges: RangeKey[]; errors: FieldErrors; onChange: (date: string, ranges: RangeKey[]) => void }) {
  return (
    <s-stack gap="small">
      <s-date-field label={t("field.pickupDate")} value={date} error={fieldError(errors, "date") ?? fieldError(errors, "pickupDate")} onChange={(e) => onChange(e.currentTarget.value, ranges)} />
      <s-stack direction="inline" gap="small">
        {RANGES.map((r) => (
          <s-checkbox
            key={r.key}
            label={t(`range.${r.key}`)}
            checked={ranges.includes(r.key)}
            onChange={(e) => onChange(date, e.currentTarget.checked ? [...ranges, r.key] : ranges.filter((x) => x !== r.key))}
          />
        ))}
      </s-stack>
      {errors.ranges ? <s-text tone="critical">{t(errors.ranges)}</s-text> : null}
    </s-stack>
  );
}

function AddressFields({ value, errors, prefix, onChange }: { value: AddressForm; errors: FieldErrors; prefix: string; onChange: (a: AddressForm) => void }) {
  const field = (name: keyof AddressForm) => (
    <s-text-field key={name} label={t(`address.${name}`)} value={value[name]} error={fieldError(errors, `${prefix}.${name}`)} onInput={(e) => onChange({ ...value, [name]: e.currentTarget.value })} />
  );
  return (
    <s-stack gap="small">
      {field("name")}
      {field("line1")}
      {field("line2")}
      <s-stack direction="inline" gap="small">
        {field("postalCode")}
        {field("city")}
        {field("countryCode")}
      </s-stack>
      <s-stack direction="inline" gap="small">
        {field("email")}
        {field("phone")}
      </s-stack>
    </s-stack>
  );
}

function PickupPanel({ view, ret, busy, run }: PanelProps) {
  const [form, setForm] = useState(() => initialPickupForm(view));
  const [errors, setErrors] = useState<FieldErrors>({});
  async function submit() {
    const found = validatePickupForm(form);
    setErrors(found);
    if (Object.keys(found).length) return;
    await run(async () => {
      const res = await api.schedulePickup(ret.id, pickupRequest(form));
      return { tone: "success", text: t(res.reused ? "pickup.reused" : "pickup.done", { carrier: res.carrier ?? "—" }) };
    });
  }
  return (
    <s-stack gap="base">
      {!currentLabel(ret) ? <s-paragraph>{t("pickup.needsLabel")}</s-paragraph> : null}
      <Windows date={form.date} ranges={form.ranges} errors={errors} onChange={(date, ranges) => setForm({ ...form, date, ranges })} />
      <AddressFields value={form.address} errors={errors} prefix="address" onChange={(address) => setForm({ ...form, address })} />
      <s-button variant="primary" loading={busy} disabled={busy} onClick={submit}>
        {t("pickup.action")}
      </s-button>
    </s-stack>
  );
}

function DropOffPanel({ view, ret, busy, run }: PanelProps) {
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

function LinkPanel({ view, ret, busy, run }: PanelProps) {
  const [form, setForm] = useState(() => initialLinkForm(view, ret));
  const [errors, setErrors] = useState<FieldErrors>({});
  async function submit() {
    const found = validateLinkForm(form);
    setErrors(found);
    if (Object.keys(found).length) return;
    await run(async () => {
      const res = await api.link(ret.id, linkRequest(form));
      return { tone: "success", text: t("link.done", { reference: res.reverProcessId ?? res.ifReturnName ?? "" }) };
    });
  }
  return (
    <s-stack gap="base">
      <s-select label={t("field.provider")} value={form.provider} onChange={(e) => setForm({ provider: e.currentTarget.value as typeof form.provider, reference: "" })}>
        {view.providers.map((p) => (
          <s-option key={p.provider} value={p.provider}>{p.name}</s-option>
        ))}
      </s-select>
      <s-text-field
        label={t(form.provider === "REVER" ? "link.processId" : "link.ifReturnName")}
        details={t(form.provider === "REVER" ? "link.processHelp" : "link.ifHelp")}
        value={form.reference}
        error={fieldError(errors, "reference")}
        onInput={(e) => setForm({ ...form, reference: e.currentTarget.value })}
      />
      <s-stack direction="inline" gap="small">
        <s-button variant="primary" loading={busy} disabled={busy} onClick={submit}>
          {t("link.action")}
        </s-button>
        {ret.link?.provider ? (
          <s-button tone="critical" disabled={busy} onClick={() => run(async () => (await api.unlink(ret.id), { tone: "success", text: t("link.unlinked") }))}>
            {t("link.unlink")}
          </s-button>
        ) : null}
      </s-stack>
    </s-stack>
  );
}

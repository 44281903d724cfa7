import { useState } from "preact/hooks";
import type { PickupBody } from "../../shared/api-client";
import { currentLabel, initialPickupForm, pickupRequest, pickupResolution, providerOf, validatePickupForm, type FieldErrors, type PickupResolution } from "../../shared/forms";
import { AddressFields, Windows } from "./fields";
import { api, t, type PanelProps } from "./runtime";

// The pickup tab: windows and address for REVER's carrier. After a lost answer the backend will not book blindly,
// so the merchant says what REVER shows: booked, or book again (the same windows and address as the failed call).

export function PickupPanel({ view, ret, busy, run }: PanelProps) {
  const [form, setForm] = useState(() => initialPickupForm(view));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [resolution, setResolution] = useState<PickupResolution | null>(null);
  const providerName = providerOf(view, ret)?.name ?? "";

  async function send(body: PickupBody) {
    await run(async () => {
      try {
        const res = await api.schedulePickup(ret.id, body);
        setResolution(null);
        return { tone: "success", text: t(res.reused ? "pickup.reused" : "pickup.done", { carrier: res.carrier ?? "—" }) };
      } catch (err) {
        // The error still shows as the outcome; the buttons appear beside it only when it asks the question.
        setResolution(pickupResolution(err, body));
        throw err;
      }
    });
  }

  async function submit() {
    const found = validatePickupForm(form);
    setErrors(found);
    if (Object.keys(found).length) return;
    await send(pickupRequest(form));
  }

  return (
    <s-stack gap="base">
      {!currentLabel(ret) ? <s-paragraph>{t("pickup.needsLabel")}</s-paragraph> : null}
      {resolution ? (
        <s-stack direction="inline" gap="small">
          <s-button disabled={busy} onClick={() => send(resolution.booked)}>
            {t("pickup.resolveBooked", { provider: providerName })}
          </s-button>
          <s-button disabled={busy} onClick={() => send(resolution.bookAgain)}>
            {t("pickup.resolveBookAgain")}
          </s-button>
        </s-stack>
      ) : null}
      <Windows date={form.date} ranges={form.ranges} errors={errors} onChange={(date, ranges) => setForm({ ...form, date, ranges })} />
      <AddressFields value={form.address} errors={errors} prefix="address" onChange={(address) => setForm({ ...form, address })} />
      <s-button variant="primary" loading={busy} disabled={busy} onClick={submit}>
        {t("pickup.action")}
      </s-button>
    </s-stack>
  );
}

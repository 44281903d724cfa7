import { useState } from "preact/hooks";
import { initialLinkForm, linkRequest, validateLinkForm, type FieldErrors } from "../../shared/forms";
import { api, fieldError, t, type PanelProps } from "./runtime";

// The link tab: tie the return to a REVER process or an iF return by hand, or undo the link.

export function LinkPanel({ view, ret, busy, run }: PanelProps) {
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

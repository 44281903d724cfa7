import { useState } from "react";
import { FormLayout, Text, TextField } from "@shopify/polaris";
import { useT } from "../i18n/use-t";

// The customer's details a label needs and Shopify did not share (protected customer data, or an order older than
// the 60 days it serves): shown after the backend named them, typed by the merchant, sent as origin.<field>.

const LABEL = { name: "address.name", email: "address.email", phone: "address.phone", line1: "address.line1", city: "address.city", postalCode: "address.postalCode", countryCode: "address.countryCode" } as const;
type OriginField = keyof typeof LABEL;

export function originFieldsOf(fields: Record<string, string> | null | undefined): OriginField[] {
  return Object.keys(fields ?? {})
    .filter((k) => k.startsWith("origin."))
    .map((k) => k.slice("origin.".length))
    .filter((k): k is OriginField => k in LABEL);
}

export function OriginFields({ fields }: { fields: OriginField[] }) {
  const t = useT();
  const [values, setValues] = useState<Record<string, string>>({});
  if (!fields.length) return null;
  return (
    <FormLayout>
      <Text as="p">{t("return.label.originMissing")}</Text>
      <FormLayout.Group condensed>
        {fields.map((f) => (
          <TextField
            key={f}
            id={`label-origin-${f}`}
            name={`origin.${f}`}
            label={t(LABEL[f])}
            type={f === "email" ? "email" : f === "phone" ? "tel" : "text"}
            value={values[f] ?? ""}
            onChange={(v) => setValues({ ...values, [f]: v })}
            autoComplete="off"
            requiredIndicator
          />
        ))}
      </FormLayout.Group>
    </FormLayout>
  );
}

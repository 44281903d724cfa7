import { RANGES, type AddressForm, type FieldErrors, type RangeKey } from "../../shared/forms";
import { fieldError, t } from "./runtime";

// Form fields more than one panel uses: pickup windows and a customer's address.

export function Windows({ date, ranges, errors, onChange }: { date: string; ranges: RangeKey[]; errors: FieldErrors; onChange: (date: string, ranges: RangeKey[]) => void }) {
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

export function AddressFields({ value, errors, prefix, onChange }: { value: AddressForm; errors: FieldErrors; prefix: string; onChange: (a: AddressForm) => void }) {
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

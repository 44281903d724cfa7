import { useState } from "react";
import { FormLayout, Select, TextField } from "@shopify/polaris";
import { useT } from "../../../i18n/use-t";
import type { ConnectionSummary } from "../../../returns/return-details.server";

type LabelConnection = Pick<ConnectionSummary, "provider" | "defaultLabelFormat" | "defaultCarrierService" | "carrierServices" | "defaultWeightGrams"> & { capabilities: { labelFormats: readonly string[] } };

/** Carrier service, label format and weight of a new label, starting from the connection's defaults. */
export function CreateLabelFields({ connection, error }: { connection: LabelConnection; error: (name: string) => string | undefined }) {
  const t = useT();
  const [carrier, setCarrier] = useState(connection.defaultCarrierService ?? "");
  const [format, setFormat] = useState(connection.defaultLabelFormat);
  const [weight, setWeight] = useState(connection.defaultWeightGrams ? String(connection.defaultWeightGrams) : "");
  const services = [...new Set([connection.defaultCarrierService, ...connection.carrierServices].filter((s): s is string => !!s))];
  return (
    <FormLayout>
      <FormLayout.Group condensed>
        {services.length ? (
          <Select id="label-carrierService" name="carrierService" label={t("return.label.carrierService")} options={services.map((s) => ({ value: s, label: s }))} value={carrier} onChange={setCarrier} error={error("carrierService")} />
        ) : (
          <TextField id="label-carrierService" name="carrierService" label={t("return.label.carrierService")} value={carrier} onChange={setCarrier} autoComplete="off" error={error("carrierService")} />
        )}
        <Select id="label-labelFormat" name="labelFormat" label={t("return.label.format")} options={connection.capabilities.labelFormats.map((f) => ({ value: f, label: f }))} value={format} onChange={setFormat} error={error("labelFormat")} />
        <TextField id="label-weightGrams" name="weightGrams" type="number" label={t("return.label.weight")} value={weight} onChange={setWeight} autoComplete="off" error={error("weightGrams")} />
      </FormLayout.Group>
    </FormLayout>
  );
}

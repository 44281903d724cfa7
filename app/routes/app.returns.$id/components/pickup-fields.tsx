import { useState } from "react";
import { useNavigation } from "@remix-run/react";
import { BlockStack, Button, FormLayout, InlineStack, Select, TextField } from "@shopify/polaris";
import { useT } from "../../../i18n/use-t";

/** The date and hours of one pickup window, and the button that books it. */
export function PickupFields({ error }: { error: (name: string) => string | undefined }) {
  const t = useT();
  const navigation = useNavigation();
  const [date, setDate] = useState("");
  const [start, setStart] = useState("9");
  const [end, setEnd] = useState("14");
  const hours = Array.from({ length: 15 }, (_, i) => String(i + 7)).map((h) => ({ value: h, label: `${h.padStart(2, "0")}:00` }));
  return (
    <BlockStack gap="200">
      <FormLayout>
        <FormLayout.Group condensed>
          <TextField id="pickup-date" name="date" type="date" label={t("return.pickup.date")} value={date} onChange={setDate} autoComplete="off" error={error("date")} />
          <Select id="pickup-start" name="startHour" label={t("return.pickup.from")} options={hours} value={start} onChange={setStart} error={error("startHour")} />
          <Select id="pickup-end" name="endHour" label={t("return.pickup.to")} options={hours} value={end} onChange={setEnd} error={error("endHour")} />
        </FormLayout.Group>
      </FormLayout>
      <InlineStack>
        <Button submit loading={navigation.state === "submitting" && navigation.formData?.get("intent") === "schedule-pickup"}>
          {t("return.pickup.book")}
        </Button>
      </InlineStack>
    </BlockStack>
  );
}

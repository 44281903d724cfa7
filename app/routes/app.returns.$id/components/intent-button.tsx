import { Form, useNavigation } from "@remix-run/react";
import { Button } from "@shopify/polaris";

/** A button that posts one intent of the page, busy while that intent is being submitted. */
export function IntentButton({ intent, label, variant, tone, disabled }: { intent: string; label: string; variant?: "primary" | "secondary" | "plain"; tone?: "critical"; disabled?: boolean }) {
  const navigation = useNavigation();
  const busy = navigation.state === "submitting" && navigation.formData?.get("intent") === intent;
  return (
    <Form method="post">
      <input type="hidden" name="intent" value={intent} />
      <Button submit variant={variant} tone={tone} loading={busy} disabled={disabled}>
        {label}
      </Button>
    </Form>
  );
}

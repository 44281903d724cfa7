import { Banner, Button, InlineStack, Text } from "@shopify/polaris";
import type { AutomationActionResult } from "../../../automation/return-page-actions.server";
import { HumanErrorBanner } from "../../../components/human-error-banner";
import type { MessageKey } from "../../../i18n/messages";
import { useT } from "../../../i18n/use-t";
import type { ReturnActionResult } from "../actions.server";

const SUCCESS: Record<string, MessageKey> = {
  "retry-sync": "return.done.retry-sync",
  "push-tracking": "return.done.push-tracking",
  approve: "return.done.approve",
  "create-label": "return.done.create-label",
  "schedule-pickup": "return.done.schedule-pickup",
  "choose-drop-off-point": "return.done.choose-drop-off-point",
  link: "return.done.link",
  unlink: "return.done.unlink",
  "retry-automation": "automation.done.retry",
  "mark-received": "automation.done.markReceived",
};

/** What the last button did: a success banner, or the human error with a retry when one may help. */
export function ResultBanner({ result, onDismiss, onRetry }: { result: ReturnActionResult | AutomationActionResult; onDismiss: () => void; onRetry: (() => void) | null }) {
  const t = useT();
  if (!result.ok) {
    return (
      <HumanErrorBanner
        error={result.error}
        onDismiss={onDismiss}
        retry={
          result.error.retryable && onRetry ? (
            <InlineStack>
              <Button onClick={onRetry}>{t("common.retry")}</Button>
            </InlineStack>
          ) : undefined
        }
      />
    );
  }
  if (!(result.intent in SUCCESS)) return null;
  return (
    <Banner tone="success" title={t("labelState" in result && result.labelState === "REQUESTED" ? "return.done.label-requested" : SUCCESS[result.intent])} onDismiss={onDismiss}>
      {"tracking" in result && result.intent === "create-label" && result.tracking ? <Text as="p">{t("return.done.tracking", { tracking: result.tracking })}</Text> : null}
      {"detail" in result && result.intent === "create-label" && result.detail ? <Text as="p">{result.detail}</Text> : null}
    </Banner>
  );
}

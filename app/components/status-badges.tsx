import { Badge, InlineStack, Text } from "@shopify/polaris";
import { useT } from "../i18n/use-t";

type Tone = "info" | "success" | "attention" | "warning" | "critical" | undefined;
type Progress = "incomplete" | "partiallyComplete" | "complete" | undefined;

const RETURN_TONE: Record<string, [Tone, Progress]> = {
  REQUESTED: ["attention", "incomplete"],
  OPEN: ["info", "partiallyComplete"],
  CLOSED: ["success", "complete"],
  DECLINED: [undefined, "complete"],
  CANCELED: [undefined, "complete"],
};

/** The Shopify return status. */
export function ReturnStatusBadge({ status }: { status: string }) {
  const t = useT();
  const [tone, progress] = RETURN_TONE[status] ?? [undefined, undefined];
  return (
    <Badge tone={tone} progress={progress}>
      {t.dynamic(`status.${status}`, status)}
    </Badge>
  );
}

const PROVIDER_TONE: Record<string, Tone> = {
  LABEL_CREATED: "info",
  PICKUP_IN_PROGRESS: "info",
  PICKED_UP: "info",
  IN_TRANSIT: "info",
  IN_WAREHOUSE: "success",
  PICKUP_FAILED: "critical",
  FAILED: "critical",
  PICKUP_CANCELED: "warning",
  CANCELED: "warning",
};

/** Where the parcel is, as the provider last told us (normalised status). */
export function ProviderStatusBadge({ status }: { status: string | null }) {
  const t = useT();
  if (!status) return <Badge>{t("providerStatus.NONE")}</Badge>;
  return <Badge tone={PROVIDER_TONE[status]}>{t.dynamic(`providerStatus.${status}`, status)}</Badge>;
}

const STATE_TONE: Record<string, Tone> = { CLAIMED: "attention", REQUESTED: "attention", CREATED: "info", ATTACHED: "success", SCHEDULED: "success", UNCERTAIN: "warning", UNCONFIRMED: "warning", FAILED: "critical" };

/** A label's or a pickup's own state. */
export function ProgressStateBadge({ kind, state }: { kind: "shipment" | "pickup"; state: string }) {
  const t = useT();
  return <Badge tone={STATE_TONE[state]}>{t.dynamic(`${kind}.state.${state}`, state)}</Badge>;
}

/** The dashboard's platform cell: the provider, and whether its reference is still to link (or to check). */
export function ProviderLinkCell({ provider, referenceState }: { provider: string | null; referenceState: string }) {
  const t = useT();
  if (!provider) {
    return (
      <Text as="span" tone="subdued">
        {t("provider.none")}
      </Text>
    );
  }
  return (
    <InlineStack gap="100" wrap={false}>
      <Text as="span">{t.dynamic(`provider.${provider}`, provider)}</Text>
      {referenceState === "CHECK" ? <Badge tone="critical">{t("home.row.checkReference")}</Badge> : referenceState === "PENDING" ? <Badge tone="attention">{t("home.row.needsLink")}</Badge> : null}
    </InlineStack>
  );
}

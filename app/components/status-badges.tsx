import { Badge } from "@shopify/polaris";
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

const STATE_TONE: Record<string, Tone> = { CLAIMED: "attention", REQUESTED: "attention", CREATED: "info", ATTACHED: "success", SCHEDULED: "success", UNCERTAIN: "warning", FAILED: "critical" };

/** A label's or a pickup's own state. */
export function ProgressStateBadge({ kind, state }: { kind: "shipment" | "pickup"; state: string }) {
  const t = useT();
  return <Badge tone={STATE_TONE[state]}>{t.dynamic(`${kind}.state.${state}`, state)}</Badge>;
}

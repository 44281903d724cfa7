import { useState } from "react";
import { Badge, BlockStack, Box, Button, InlineStack, Text } from "@shopify/polaris";
import { RelativeTime } from "../../../components/relative-time";
import { ProgressStateBadge } from "../../../components/status-badges";
import { TrackingLink } from "../../../components/tracking-link";
import { useAppUrl } from "../../../i18n/locale-url";
import { useT } from "../../../i18n/use-t";
import type { ShipmentView } from "../../../returns/return-details.server";

/** The label types the page opens (a download may also be ZPL); any other answer is not a label file. */
const OPENABLE_TYPES = ["application/pdf", "image/png", "image/jpeg"];
function printableType(header: string | null, download: boolean): string | null {
  const type = header?.split(";")[0].trim().toLowerCase() ?? "";
  return OPENABLE_TYPES.includes(type) || (download && type === "application/x-zpl") ? type : null;
}

/** One label of the return: its state, tracking and file (download, print). */
export function ShipmentRow({ shipment: s, linkId, now }: { shipment: ShipmentView; linkId: string; now: string }) {
  const t = useT();
  const url = useAppUrl();
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState<"download" | "print" | null>(null);
  const fileUrl = (download: boolean) => url(`/app/returns/${linkId}/label-file?shipmentId=${encodeURIComponent(s.id)}${download ? "&download=1" : ""}`);

  // fetch (not a plain link): inside the Shopify admin, App Bridge adds the session token to fetch calls.
  const fetchFile = async (download: boolean): Promise<string | null> => {
    const res = await fetch(fileUrl(download));
    const type = printableType(res.headers.get("content-type"), download);
    if (!res.ok || !type) {
      const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
      setProblem(body?.error?.message ?? t("return.label.fileFailed"));
      return null;
    }
    // The blob gets the app's origin: its type is one the server vouched for, never what the bytes might say.
    return URL.createObjectURL(new Blob([await res.arrayBuffer()], { type }));
  };
  const download = async () => {
    setBusy("download");
    setProblem(null);
    const href = await fetchFile(true);
    setBusy(null);
    if (!href) return;
    const a = document.createElement("a");
    a.href = href;
    a.download = `${s.id}-label.${(s.labelFormat ?? "pdf").toLowerCase()}`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(href), 60_000);
  };
  const print = async () => {
    setBusy("print");
    setProblem(null);
    const href = await fetchFile(false);
    setBusy(null);
    if (!href) return;
    // noopener: the label's window gets no handle on this page (still within the click's activation).
    window.open(href, "_blank", "noopener,noreferrer");
    setTimeout(() => URL.revokeObjectURL(href), 60_000);
  };

  return (
    <Box padding="300" borderWidth="025" borderColor="border" borderRadius="200">
      <BlockStack gap="200">
        <InlineStack align="space-between" blockAlign="center" gap="200">
          <InlineStack gap="200" blockAlign="center">
            <ProgressStateBadge kind="shipment" state={s.state} />
            <Text as="span" fontWeight="semibold">
              {[s.carrier, s.carrierService].filter(Boolean).join(" · ") || t(`provider.${s.provider}`)}
            </Text>
            {s.trackingNumber ? <TrackingLink number={s.trackingNumber} url={s.trackingUrl} /> : null}
            {s.labelFormat ? <Badge>{s.labelFormat}</Badge> : null}
            <Text as="span" tone="subdued">
              {t.dynamic(`shipment.source.${s.source}`, s.source)} · <RelativeTime iso={s.createdAt} now={now} />
            </Text>
          </InlineStack>
          {s.hasLabelFile ? (
            <InlineStack gap="200">
              <Button onClick={download} loading={busy === "download"} accessibilityLabel={t("return.label.downloadFor", { tracking: s.trackingNumber ?? s.id })}>
                {t("return.label.download")}
              </Button>
              {s.labelFormat !== "ZPL" ? (
                <Button onClick={print} loading={busy === "print"} accessibilityLabel={t("return.label.printFor", { tracking: s.trackingNumber ?? s.id })}>
                  {t("return.label.print")}
                </Button>
              ) : null}
            </InlineStack>
          ) : null}
        </InlineStack>
        {s.attachedToShopify ? (
          <Text as="p" tone="subdued">
            {t("return.label.attached")}
          </Text>
        ) : null}
        {s.state === "REQUESTED" ? (
          <Text as="p" tone="caution">
            {t("return.label.requested", { provider: t(`provider.${s.provider}`) })}
          </Text>
        ) : null}
        {s.error ? (
          <Text as="p" tone="critical">
            {s.error}
          </Text>
        ) : null}
        {problem ? (
          <div role="alert">
            <Text as="p" tone="critical">
              {problem}
            </Text>
          </div>
        ) : null}
      </BlockStack>
    </Box>
  );
}

import { BlockStack, Text } from "@shopify/polaris";
import { useT } from "../../../i18n/use-t";
import type { DropOffPoint } from "../../../platforms/types";

/** A drop-off point's name, address, carrier, distance and opening hours. */
export function DropOffPointView({ point }: { point: DropOffPoint }) {
  const t = useT();
  return (
    <BlockStack gap="050">
      <Text as="span" fontWeight="semibold">
        {point.name}
      </Text>
      <Text as="span">{[point.address, point.postalCode, point.city, point.countryCode].filter(Boolean).join(", ")}</Text>
      <Text as="span" tone="subdued">
        {[point.carrierCode, point.distanceKm !== undefined ? t("return.dropOff.distance", { km: Math.round(point.distanceKm * 10) / 10 }) : null, point.openingHours].filter(Boolean).join(" · ")}
      </Text>
    </BlockStack>
  );
}

import { InlineGrid, Text } from "@shopify/polaris";

/** One labelled value of a card's description list. */
export function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <InlineGrid columns={{ xs: 1, sm: ["oneThird", "twoThirds"] }} gap="200">
      <Text as="dt" tone="subdued">
        {label}
      </Text>
      <dd style={{ margin: 0 }}>{children}</dd>
    </InlineGrid>
  );
}

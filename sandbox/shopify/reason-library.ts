// The library of return reasons (returnReasonDefinitions). Shopify's full taxonomy is not published: the simulator
// holds only the handles the ReturnReasonDefinition docs give as examples ("arrived-late", "comfort", "too-tight",
// "color-too-bright", "quality"; https://shopify.dev/docs/api/admin-graphql/2026-07/objects/ReturnReasonDefinition).
// Their names are assumed (the handle in words).
export const REASON_LIBRARY: ReadonlyArray<{ handle: string; name: string }> = [
  { handle: "arrived-late", name: "Arrived late" },
  { handle: "color-too-bright", name: "Color too bright" },
  { handle: "comfort", name: "Comfort" },
  { handle: "quality", name: "Quality" },
  { handle: "too-tight", name: "Too tight" },
];

// Fields the simulator serves straight from its records' properties (everything else has a resolver in
// resolvers.ts). A field of the schema subset that is in neither answers NOT_SIMULATED: a field added to
// schema.graphql is not served until someone decides where its value comes from.

const PROPERTY_FIELDS: Record<string, string> = {
  CalculatedRestockingFee: "amountSet id percentage",
  CalculatedReturn: "returnLineItems returnShippingFee",
  CalculatedReturnLineItem: "fulfillmentLineItem quantity restockingFee subtotalBeforeOrderDiscountsSet subtotalSet totalTaxSet",
  CalculatedReturnShippingFee: "amountSet id",
  Customer: "firstName id lastName",
  CustomerEmailAddress: "emailAddress",
  CustomerPhoneNumber: "phoneNumber",
  ExchangeLineItem: "id quantity",
  ExchangeLineItemConnection: "nodes",
  FlowTriggerReceivePayload: "userErrors",
  InvoiceReturnOutcome: "amount",
  Fulfillment: "createdAt id updatedAt",
  FulfillmentCreatePayload: "fulfillment userErrors",
  FulfillmentLineItem: "id quantity",
  FulfillmentLineItemConnection: "nodes",
  FulfillmentOrder: "id status",
  FulfillmentOrderAssignedLocation: "location name",
  FulfillmentOrderConnection: "nodes",
  FulfillmentOrderLineItem: "id remainingQuantity totalQuantity",
  FulfillmentOrderLineItemConnection: "nodes",
  Job: "id",
  LineItem: "id quantity sku title variantTitle",
  LineItemConnection: "nodes",
  Location: "id isActive name",
  LocationConnection: "nodes",
  MailingAddress: "address1 address2 city company country countryCodeV2 firstName id lastName name phone province provinceCode zip",
  MoneyBag: "presentmentMoney shopMoney",
  MoneyV2: "amount currencyCode",
  Order: "createdAt email id name note phone tags test updatedAt",
  OrderCancelPayload: "job userErrors",
  OrderConnection: "nodes pageInfo",
  OrderCreatePayload: "order userErrors",
  OrderCreateUserError: "field message",
  OrderDeletePayload: "deletedId userErrors",
  OrderDeleteUserError: "field message",
  OrderTransaction: "gateway id kind processedAt status",
  PageInfo: "endCursor hasNextPage hasPreviousPage startCursor",
  RefundReturnOutcome: "amount suggestedTransactions",
  ProductVariant: "id",
  RemoveFromReturnPayload: "return userErrors",
  Return: "closedAt createdAt decline id name requestApprovedAt status",
  ReturnApproveRequestPayload: "return userErrors",
  ReturnCancelPayload: "return userErrors",
  ReturnClosePayload: "return userErrors",
  ReturnConnection: "nodes pageInfo",
  ReturnCreatePayload: "return userErrors",
  ReturnDecline: "note reason",
  ReturnDeclineRequestPayload: "return userErrors",
  ReturnLineItem: "customerNote id processedQuantity quantity returnReasonNote",
  ReturnLineItemTypeConnection: "nodes",
  ReturnProcessPayload: "return userErrors",
  ReturnReasonDefinition: "deleted handle id name",
  ReturnReasonDefinitionConnection: "nodes",
  ReturnReopenPayload: "return userErrors",
  ReturnRequestPayload: "return userErrors",
  ReturnUserError: "code field message",
  ReturnableFulfillment: "fulfillment id",
  ReturnableFulfillmentConnection: "nodes",
  ReturnableFulfillmentLineItem: "fulfillmentLineItem quantity",
  ReturnableFulfillmentLineItemConnection: "nodes",
  ReverseDelivery: "id",
  ReverseDeliveryConnection: "nodes",
  ReverseDeliveryCreateWithShippingPayload: "reverseDelivery userErrors",
  ReverseDeliveryLabelV2: "createdAt publicFileUrl updatedAt",
  ReverseDeliveryLineItem: "id quantity",
  ReverseDeliveryLineItemConnection: "nodes",
  ReverseDeliveryShippingDeliverable: "label tracking",
  ReverseDeliveryShippingUpdatePayload: "reverseDelivery userErrors",
  ReverseDeliveryTrackingV2: "carrierName number url",
  ReverseFulfillmentOrder: "id status",
  ReverseFulfillmentOrderConnection: "nodes",
  ReverseFulfillmentOrderDisposePayload: "reverseFulfillmentOrderLineItems userErrors",
  ReverseFulfillmentOrderDisposition: "createdAt id quantity type",
  ReverseFulfillmentOrderLineItem: "dispositions id totalQuantity",
  ReverseFulfillmentOrderLineItemConnection: "nodes",
  StagedMediaUploadTarget: "parameters resourceUrl url",
  SuggestedOrderTransaction: "amountSet gateway kind parentTransaction",
  SuggestedReturnFinancialOutcome: "financialTransfer",
  StagedUploadParameter: "name value",
  StagedUploadsCreatePayload: "stagedTargets userErrors",
  TaxLine: "priceSet rate title",
  UserError: "field message",
};

const served = new Map(Object.entries(PROPERTY_FIELDS).map(([t, f]) => [t, new Set(f.split(" "))]));

export function servedFromProperty(typeName: string, fieldName: string): boolean {
  return served.get(typeName)?.has(fieldName) ?? false;
}

/** Arguments the schema subset accepts (to validate like Shopify) that no resolver honours: given a non-default value, NOT_SIMULATED. */
const IGNORED_ARGUMENTS: Record<string, string[]> = {
  "QueryRoot.locations": ["query", "includeLegacy", "sortKey"],
  "QueryRoot.orders": ["savedSearchId"],
  "Order.fulfillmentOrders": ["displayable", "query"],
  "Order.fulfillments": ["query"],
  "Return.returnLineItems": ["processingStatus"],
  "Return.exchangeLineItems": ["includeRemovedItems", "processingStatus"],
  "Return.suggestedFinancialOutcome": ["tipLineId", "refundMethodAllocation"],
  "QueryRoot.returnReasonDefinitions": ["query", "sortKey"],
  "Order.transactions": ["capturable", "manuallyResolvable"],
};

/** Values of honoured enum arguments that the resolver does not tell apart. */
const HONOURED_VALUES: Record<string, string[]> = {
  "QueryRoot.orders(sortKey)": ["PROCESSED_AT", "CREATED_AT", "UPDATED_AT", "ID", "ORDER_NUMBER"],
};

/** The first argument given with a value the simulator would silently ignore, if any. */
export function unhonouredArgument(typeName: string, fieldName: string, args: Record<string, unknown>, defaults: Record<string, unknown>): string | null {
  const key = `${typeName}.${fieldName}`;
  for (const a of IGNORED_ARGUMENTS[key] ?? []) {
    if (args[a] !== undefined && args[a] !== null && JSON.stringify(args[a]) !== JSON.stringify(defaults[a])) return a;
  }
  for (const [name, value] of Object.entries(args)) {
    const allowed = HONOURED_VALUES[`${key}(${name})`];
    if (allowed && typeof value === "string" && !allowed.includes(value)) return `${name}: ${value}`;
  }
  return null;
}

export function propertyFields(): Array<[string, string]> {
  return [...served].flatMap(([t, fields]) => [...fields].map((f): [string, string] => [t, f]));
}

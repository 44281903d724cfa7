/* eslint-disable eslint-comments/disable-enable-pair */
/* eslint-disable eslint-comments/no-unlimited-disable */
/* eslint-disable */
import type * as AdminTypes from './admin.types.js';

export type ReturnReasonDefinitionsQueryVariables = AdminTypes.Exact<{ [key: string]: never; }>;


export type ReturnReasonDefinitionsQuery = { returnReasonDefinitions: { nodes: Array<Pick<AdminTypes.ReturnReasonDefinition, 'id' | 'handle' | 'name' | 'deleted'>> } };

export type RestockLocationsQueryVariables = AdminTypes.Exact<{ [key: string]: never; }>;


export type RestockLocationsQuery = { locations: { nodes: Array<Pick<AdminTypes.Location, 'id' | 'name' | 'isActive'>> } };

export type FlowTriggerReceiveMutationVariables = AdminTypes.Exact<{
  handle: AdminTypes.Scalars['String']['input'];
  payload: AdminTypes.Scalars['JSON']['input'];
}>;


export type FlowTriggerReceiveMutation = { flowTriggerReceive?: AdminTypes.Maybe<{ userErrors: Array<Pick<AdminTypes.UserError, 'field' | 'message'>> }> };

export type ReturnSummaryFieldsFragment = Pick<AdminTypes.Return, 'id' | 'name' | 'status'>;

export type ReturnUserErrorFieldsFragment = Pick<AdminTypes.ReturnUserError, 'code' | 'field' | 'message'>;

export type ReverseDeliveryFieldsFragment = (
  Pick<AdminTypes.ReverseDelivery, 'id'>
  & { deliverable?: AdminTypes.Maybe<(
    { __typename: 'ReverseDeliveryShippingDeliverable' }
    & { tracking?: AdminTypes.Maybe<Pick<AdminTypes.ReverseDeliveryTrackingV2, 'number' | 'url' | 'carrierName'>>, label?: AdminTypes.Maybe<Pick<AdminTypes.ReverseDeliveryLabelV2, 'publicFileUrl'>> }
  )> }
);

export type OrderForExtensionQueryVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
}>;


export type OrderForExtensionQuery = { order?: AdminTypes.Maybe<(
    Pick<AdminTypes.Order, 'id' | 'name' | 'email' | 'phone'>
    & { shippingAddress?: AdminTypes.Maybe<Pick<AdminTypes.MailingAddress, 'name' | 'firstName' | 'lastName' | 'company' | 'address1' | 'address2' | 'city' | 'province' | 'provinceCode' | 'zip' | 'country' | 'countryCodeV2' | 'phone'>>, lineItems: { nodes: Array<Pick<AdminTypes.LineItem, 'id' | 'title' | 'name' | 'sku' | 'variantTitle' | 'quantity' | 'currentQuantity'>> }, returns: { nodes: Array<Pick<AdminTypes.Return, 'id' | 'name' | 'status'>> } }
  )> };

export type ReturnApproveRequestMutationVariables = AdminTypes.Exact<{
  input: AdminTypes.ReturnApproveRequestInput;
}>;


export type ReturnApproveRequestMutation = { returnApproveRequest?: AdminTypes.Maybe<{ return?: AdminTypes.Maybe<(
      Pick<AdminTypes.Return, 'id' | 'name' | 'status'>
      & { reverseFulfillmentOrders: { nodes: Array<Pick<AdminTypes.ReverseFulfillmentOrder, 'id' | 'status'>> } }
    )>, userErrors: Array<Pick<AdminTypes.ReturnUserError, 'code' | 'field' | 'message'>> }> };

export type ReturnCloseMutationVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
}>;


export type ReturnCloseMutation = { returnClose?: AdminTypes.Maybe<{ return?: AdminTypes.Maybe<Pick<AdminTypes.Return, 'closedAt' | 'id' | 'name' | 'status'>>, userErrors: Array<Pick<AdminTypes.ReturnUserError, 'code' | 'field' | 'message'>> }> };

export type ReturnForAutomationQueryVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
}>;


export type ReturnForAutomationQuery = { return?: AdminTypes.Maybe<(
    Pick<AdminTypes.Return, 'id' | 'name' | 'status'>
    & { order: (
      Pick<AdminTypes.Order, 'id' | 'name' | 'tags'>
      & { totalPriceSet: { shopMoney: Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'> }, shippingAddress?: AdminTypes.Maybe<Pick<AdminTypes.MailingAddress, 'countryCodeV2'>> }
    ), returnLineItems: { nodes: Array<(
        { __typename: 'ReturnLineItem' }
        & Pick<AdminTypes.ReturnLineItem, 'id' | 'quantity' | 'processedQuantity' | 'unprocessedQuantity'>
        & { fulfillmentLineItem: (
          Pick<AdminTypes.FulfillmentLineItem, 'id'>
          & { lineItem: (
            Pick<AdminTypes.LineItem, 'id' | 'title'>
            & { variant?: AdminTypes.Maybe<Pick<AdminTypes.ProductVariant, 'id'>> }
          ) }
        ), returnReasonDefinition?: AdminTypes.Maybe<Pick<AdminTypes.ReturnReasonDefinition, 'handle' | 'name'>> }
      ) | (
        { __typename: 'UnverifiedReturnLineItem' }
        & Pick<AdminTypes.UnverifiedReturnLineItem, 'id' | 'quantity' | 'processedQuantity' | 'unprocessedQuantity'>
        & { returnReasonDefinition?: AdminTypes.Maybe<Pick<AdminTypes.ReturnReasonDefinition, 'handle' | 'name'>> }
      )> }, exchangeLineItems: { nodes: Array<Pick<AdminTypes.ExchangeLineItem, 'id' | 'quantity'>> }, reverseFulfillmentOrders: { nodes: Array<(
        Pick<AdminTypes.ReverseFulfillmentOrder, 'id' | 'status'>
        & { lineItems: { nodes: Array<(
            Pick<AdminTypes.ReverseFulfillmentOrderLineItem, 'id' | 'totalQuantity'>
            & { fulfillmentLineItem?: AdminTypes.Maybe<Pick<AdminTypes.FulfillmentLineItem, 'id'>>, dispositions: Array<Pick<AdminTypes.ReverseFulfillmentOrderDisposition, 'quantity'>> }
          )> } }
      )> } }
  )> };

export type ReturnForSyncQueryVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
}>;


export type ReturnForSyncQuery = { return?: AdminTypes.Maybe<(
    Pick<AdminTypes.Return, 'totalQuantity' | 'id' | 'name' | 'status'>
    & { returnLineItems: { nodes: Array<(
        { __typename: 'ReturnLineItem' }
        & Pick<AdminTypes.ReturnLineItem, 'id' | 'quantity' | 'returnReasonNote' | 'customerNote'>
        & { fulfillmentLineItem: (
          Pick<AdminTypes.FulfillmentLineItem, 'id'>
          & { lineItem: Pick<AdminTypes.LineItem, 'id' | 'title' | 'sku'> }
        ) }
      ) | { __typename: 'UnverifiedReturnLineItem' }> }, reverseFulfillmentOrders: { nodes: Array<(
        Pick<AdminTypes.ReverseFulfillmentOrder, 'id' | 'status'>
        & { lineItems: { nodes: Array<(
            Pick<AdminTypes.ReverseFulfillmentOrderLineItem, 'id' | 'totalQuantity'>
            & { fulfillmentLineItem?: AdminTypes.Maybe<(
              Pick<AdminTypes.FulfillmentLineItem, 'id'>
              & { lineItem: Pick<AdminTypes.LineItem, 'id' | 'title'> }
            )> }
          )> }, reverseDeliveries: { nodes: Array<(
            Pick<AdminTypes.ReverseDelivery, 'id'>
            & { deliverable?: AdminTypes.Maybe<(
              { __typename: 'ReverseDeliveryShippingDeliverable' }
              & { tracking?: AdminTypes.Maybe<Pick<AdminTypes.ReverseDeliveryTrackingV2, 'number' | 'url' | 'carrierName'>>, label?: AdminTypes.Maybe<Pick<AdminTypes.ReverseDeliveryLabelV2, 'publicFileUrl'>> }
            )> }
          )> } }
      )> } }
  )> };

export type ReturnOrderQueryVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
}>;


export type ReturnOrderQuery = { return?: AdminTypes.Maybe<(
    Pick<AdminTypes.Return, 'id'>
    & { order: (
      Pick<AdminTypes.Order, 'id' | 'name' | 'email'>
      & { shippingAddress?: AdminTypes.Maybe<Pick<AdminTypes.MailingAddress, 'name'>> }
    ) }
  )> };

export type ReturnProcessMutationVariables = AdminTypes.Exact<{
  input: AdminTypes.ReturnProcessInput;
}>;


export type ReturnProcessMutation = { returnProcess?: AdminTypes.Maybe<{ return?: AdminTypes.Maybe<(
      Pick<AdminTypes.Return, 'id' | 'status'>
      & { returnLineItems: { nodes: Array<Pick<AdminTypes.ReturnLineItem, 'id' | 'processedQuantity' | 'unprocessedQuantity'> | Pick<AdminTypes.UnverifiedReturnLineItem, 'id' | 'processedQuantity' | 'unprocessedQuantity'>> } }
    )>, userErrors: Array<Pick<AdminTypes.ReturnUserError, 'code' | 'field' | 'message'>> }> };

export type ReturnStatusesQueryVariables = AdminTypes.Exact<{
  ids: Array<AdminTypes.Scalars['ID']['input']> | AdminTypes.Scalars['ID']['input'];
}>;


export type ReturnStatusesQuery = { nodes: Array<AdminTypes.Maybe<{ __typename: 'AbandonedCheckout' | 'AbandonedCheckoutLineItem' | 'Abandonment' | 'AddAllProductsOperation' | 'AdditionalFee' | 'App' | 'AppCatalog' | 'AppCredit' | 'AppInstallation' | 'AppPurchaseOneTime' | 'AppRevenueAttributionRecord' | 'AppSubscription' | 'AppUsageRecord' | 'Article' | 'BasicEvent' | 'Blog' | 'BulkOperation' | 'BusinessEntity' | 'CalculatedOrder' | 'CartTransform' } | { __typename: 'CashDrawer' | 'CashManagementCustomReasonCode' | 'CashManagementDefaultReasonCode' | 'CashManagementSystemReasonCode' | 'CashTrackingAdjustment' | 'CashTrackingSession' | 'CatalogCsvOperation' | 'Channel' | 'ChannelDefinition' | 'ChannelInformation' | 'CheckoutAndAccountsConfiguration' | 'CheckoutAndAccountsConfigurationOverride' | 'CheckoutProfile' | 'Collection' | 'CollectionConditionsSource' | 'CollectionSubCollectionsSource' | 'Comment' | 'CommentEvent' | 'Company' | 'CompanyAddress' } | { __typename: 'CompanyContact' | 'CompanyContactRole' | 'CompanyContactRoleAssignment' | 'CompanyLocation' | 'CompanyLocationCatalog' | 'CompanyLocationStaffMemberAssignment' | 'ConsentPolicy' | 'CurrencyExchangeAdjustment' | 'Customer' | 'CustomerAccountAppExtensionPage' | 'CustomerAccountNativePage' | 'CustomerPaymentMethod' | 'CustomerSegmentMembersQuery' | 'CustomerVisit' | 'DeliveryCarrierService' | 'DeliveryCondition' | 'DeliveryCountry' | 'DeliveryCustomization' | 'DeliveryLocationGroup' | 'DeliveryMethod' } | { __typename: 'DeliveryMethodDefinition' | 'DeliveryParticipant' | 'DeliveryProfile' | 'DeliveryProfileItem' | 'DeliveryPromiseParticipant' | 'DeliveryPromiseProvider' | 'DeliveryProvince' | 'DeliveryRateDefinition' | 'DeliveryZone' | 'DiscountAutomaticBxgy' | 'DiscountAutomaticNode' | 'DiscountCodeNode' | 'DiscountNode' | 'DiscountRedeemCodeBulkCreation' | 'Domain' | 'DraftOrder' | 'DraftOrderLineItem' | 'DraftOrderTag' | 'Duty' | 'ExchangeLineItem' } | { __typename: 'ExchangeV2' | 'ExternalVideo' | 'Fulfillment' | 'FulfillmentConstraintRule' | 'FulfillmentEvent' | 'FulfillmentHold' | 'FulfillmentLineItem' | 'FulfillmentOrder' | 'FulfillmentOrderDestination' | 'FulfillmentOrderLineItem' | 'FulfillmentOrderMerchantRequest' | 'GenericFile' | 'GiftCard' | 'GiftCardCashOutTransaction' | 'GiftCardCreditTransaction' | 'GiftCardDebitTransaction' | 'IdentityProviderSubject' | 'InventoryAdjustmentGroup' | 'InventoryItem' | 'InventoryItemMeasurement' } | { __typename: 'InventoryLevel' | 'InventoryQuantity' | 'InventoryShipment' | 'InventoryShipmentLineItem' | 'InventoryTransfer' | 'InventoryTransferLineItem' | 'LineItem' | 'LineItemGroup' | 'Location' | 'MailingAddress' | 'Market' | 'MarketCatalog' | 'MarketRegionCountry' | 'MarketRegionSubdivision' | 'MarketWebPresence' | 'MarketingActivity' | 'MarketingEvent' | 'MediaImage' | 'Menu' | 'Metafield' } | { __typename: 'MetafieldDefinition' | 'Metaobject' | 'MetaobjectDefinition' | 'Model3d' | 'OnlineStoreTheme' | 'Order' | 'OrderAdjustment' | 'OrderAttributionDefinition' | 'OrderCreateMandatePaymentJobResult' | 'OrderDisputeSummary' | 'OrderEditSession' | 'OrderTransaction' | 'Page' | 'PaymentCustomization' | 'PaymentMandate' | 'PaymentSchedule' | 'PaymentTerms' | 'PaymentTermsTemplate' | 'PointOfSaleDevice' | 'PointOfSaleDevicePaymentSession' } | { __typename: 'PriceList' | 'PriceRule' | 'PriceRuleDiscountCode' | 'Product' | 'ProductBundleOperation' | 'ProductDeleteOperation' | 'ProductDuplicateOperation' | 'ProductFeed' | 'ProductOption' | 'ProductOptionValue' | 'ProductSetOperation' | 'ProductTaxonomyNode' | 'ProductVariant' | 'ProductVariantComponent' | 'Publication' | 'PublicationResourceOperation' | 'QuantityPriceBreak' | 'Refund' | 'RefundShippingLine' | 'ReturnLineItem' } | { __typename: 'ReturnReasonDefinition' | 'ReturnableFulfillment' | 'ReverseDelivery' | 'ReverseDeliveryLineItem' | 'ReverseFulfillmentOrder' | 'ReverseFulfillmentOrderDisposition' | 'ReverseFulfillmentOrderLineItem' | 'SaleAdditionalFee' | 'SavedSearch' | 'ScriptTag' | 'Segment' | 'SellingPlan' | 'SellingPlanGroup' | 'ServerPixel' | 'ShippingLabel' | 'ShippingLabelPurchaseResult' | 'Shop' | 'ShopAddress' | 'ShopPolicy' | 'ShopifyPaymentsAccount' } | { __typename: 'ShopifyPaymentsBalanceTransaction' | 'ShopifyPaymentsBankAccount' | 'ShopifyPaymentsDispute' | 'ShopifyPaymentsDisputeEvidence' | 'ShopifyPaymentsDisputeFileUpload' | 'ShopifyPaymentsDisputeFulfillment' | 'ShopifyPaymentsPayout' | 'StaffMember' | 'StandardMetafieldDefinitionTemplate' | 'StoreCreditAccount' | 'StoreCreditAccountCreditTransaction' | 'StoreCreditAccountDebitRevertTransaction' | 'StoreCreditAccountDebitTransaction' | 'StorefrontAccessToken' | 'SubscriptionBillingAttempt' | 'SubscriptionContract' | 'SubscriptionDraft' | 'TaxonomyAttribute' | 'TaxonomyCategory' | 'TaxonomyChoiceListAttribute' } | { __typename: 'TaxonomyMeasurementAttribute' | 'TaxonomyValue' | 'TenderTransaction' | 'TransactionFee' | 'UnverifiedReturnLineItem' | 'UrlRedirect' | 'UrlRedirectImport' | 'Validation' | 'Video' | 'WebPixel' | 'WebhookSubscription' } | (
    { __typename: 'Return' }
    & Pick<AdminTypes.Return, 'id' | 'status'>
  )>> };

export type ReturnSuggestedRefundQueryVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
  lines: Array<AdminTypes.SuggestedOutcomeReturnLineItemInput> | AdminTypes.SuggestedOutcomeReturnLineItemInput;
}>;


export type ReturnSuggestedRefundQuery = { return?: AdminTypes.Maybe<(
    Pick<AdminTypes.Return, 'id'>
    & { suggestedFinancialOutcome?: AdminTypes.Maybe<{ financialTransfer?: AdminTypes.Maybe<(
        { __typename: 'InvoiceReturnOutcome' }
        & { amount: { shopMoney: Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'> } }
      ) | (
        { __typename: 'RefundReturnOutcome' }
        & { amount: { shopMoney: Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'> }, suggestedTransactions: Array<(
          Pick<AdminTypes.SuggestedOrderTransaction, 'kind' | 'gateway'>
          & { amountSet: { shopMoney: Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'> }, parentTransaction?: AdminTypes.Maybe<Pick<AdminTypes.OrderTransaction, 'id'>> }
        )> }
      )> }> }
  )> };

export type ReverseDeliveryCreateWithShippingMutationVariables = AdminTypes.Exact<{
  reverseFulfillmentOrderId: AdminTypes.Scalars['ID']['input'];
  reverseDeliveryLineItems: Array<AdminTypes.ReverseDeliveryLineItemInput> | AdminTypes.ReverseDeliveryLineItemInput;
  trackingInput?: AdminTypes.InputMaybe<AdminTypes.ReverseDeliveryTrackingInput>;
  labelInput?: AdminTypes.InputMaybe<AdminTypes.ReverseDeliveryLabelInput>;
  notifyCustomer: AdminTypes.Scalars['Boolean']['input'];
}>;


export type ReverseDeliveryCreateWithShippingMutation = { reverseDeliveryCreateWithShipping?: AdminTypes.Maybe<{ reverseDelivery?: AdminTypes.Maybe<(
      Pick<AdminTypes.ReverseDelivery, 'id'>
      & { reverseFulfillmentOrder: Pick<AdminTypes.ReverseFulfillmentOrder, 'id'>, reverseDeliveryLineItems: { nodes: Array<(
          Pick<AdminTypes.ReverseDeliveryLineItem, 'id' | 'quantity'>
          & { reverseFulfillmentOrderLineItem: Pick<AdminTypes.ReverseFulfillmentOrderLineItem, 'id'> }
        )> }, deliverable?: AdminTypes.Maybe<(
        { __typename: 'ReverseDeliveryShippingDeliverable' }
        & { tracking?: AdminTypes.Maybe<Pick<AdminTypes.ReverseDeliveryTrackingV2, 'number' | 'url' | 'carrierName'>>, label?: AdminTypes.Maybe<Pick<AdminTypes.ReverseDeliveryLabelV2, 'publicFileUrl'>> }
      )> }
    )>, userErrors: Array<Pick<AdminTypes.ReturnUserError, 'code' | 'field' | 'message'>> }> };

export type ReverseDeliveryForAttachQueryVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
}>;


export type ReverseDeliveryForAttachQuery = { reverseDelivery?: AdminTypes.Maybe<(
    Pick<AdminTypes.ReverseDelivery, 'id'>
    & { reverseFulfillmentOrder: (
      Pick<AdminTypes.ReverseFulfillmentOrder, 'id'>
      & { order?: AdminTypes.Maybe<(
        Pick<AdminTypes.Order, 'id'>
        & { returns: { nodes: Array<(
            Pick<AdminTypes.Return, 'id'>
            & { reverseFulfillmentOrders: { nodes: Array<Pick<AdminTypes.ReverseFulfillmentOrder, 'id'>> } }
          )> } }
      )> }
    ), deliverable?: AdminTypes.Maybe<(
      { __typename: 'ReverseDeliveryShippingDeliverable' }
      & { tracking?: AdminTypes.Maybe<Pick<AdminTypes.ReverseDeliveryTrackingV2, 'number' | 'url' | 'carrierName'>>, label?: AdminTypes.Maybe<Pick<AdminTypes.ReverseDeliveryLabelV2, 'publicFileUrl'>> }
    )> }
  )> };

export type ReverseDeliveryShippingUpdateMutationVariables = AdminTypes.Exact<{
  reverseDeliveryId: AdminTypes.Scalars['ID']['input'];
  trackingInput?: AdminTypes.InputMaybe<AdminTypes.ReverseDeliveryTrackingInput>;
  labelInput?: AdminTypes.InputMaybe<AdminTypes.ReverseDeliveryLabelInput>;
  notifyCustomer: AdminTypes.Scalars['Boolean']['input'];
}>;


export type ReverseDeliveryShippingUpdateMutation = { reverseDeliveryShippingUpdate?: AdminTypes.Maybe<{ reverseDelivery?: AdminTypes.Maybe<(
      Pick<AdminTypes.ReverseDelivery, 'id'>
      & { deliverable?: AdminTypes.Maybe<(
        { __typename: 'ReverseDeliveryShippingDeliverable' }
        & { tracking?: AdminTypes.Maybe<Pick<AdminTypes.ReverseDeliveryTrackingV2, 'number' | 'url' | 'carrierName'>>, label?: AdminTypes.Maybe<Pick<AdminTypes.ReverseDeliveryLabelV2, 'publicFileUrl'>> }
      )> }
    )>, userErrors: Array<Pick<AdminTypes.ReturnUserError, 'code' | 'field' | 'message'>> }> };

export type ReverseFulfillmentOrderReturnQueryVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
}>;


export type ReverseFulfillmentOrderReturnQuery = { reverseFulfillmentOrder?: AdminTypes.Maybe<(
    Pick<AdminTypes.ReverseFulfillmentOrder, 'id'>
    & { order?: AdminTypes.Maybe<(
      Pick<AdminTypes.Order, 'id'>
      & { returns: { nodes: Array<(
          Pick<AdminTypes.Return, 'id'>
          & { reverseFulfillmentOrders: { nodes: Array<Pick<AdminTypes.ReverseFulfillmentOrder, 'id'>> } }
        )> } }
    )> }
  )> };

export type StagedUploadsCreateMutationVariables = AdminTypes.Exact<{
  input: Array<AdminTypes.StagedUploadInput> | AdminTypes.StagedUploadInput;
}>;


export type StagedUploadsCreateMutation = { stagedUploadsCreate?: AdminTypes.Maybe<{ stagedTargets?: AdminTypes.Maybe<Array<(
      Pick<AdminTypes.StagedMediaUploadTarget, 'url' | 'resourceUrl'>
      & { parameters: Array<Pick<AdminTypes.StagedUploadParameter, 'name' | 'value'>> }
    )>>, userErrors: Array<Pick<AdminTypes.UserError, 'field' | 'message'>> }> };

export type ReturnsBridgeOrderHasReturnsQueryVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
}>;


export type ReturnsBridgeOrderHasReturnsQuery = { order?: AdminTypes.Maybe<{ returns: { nodes: Array<Pick<AdminTypes.Return, 'id'>> } }> };

interface GeneratedQueryTypes {
  "#graphql\n  query ReturnReasonDefinitions {\n    returnReasonDefinitions(first: 250) {\n      nodes {\n        id\n        handle\n        name\n        deleted\n      }\n    }\n  }\n": {return: ReturnReasonDefinitionsQuery, variables: ReturnReasonDefinitionsQueryVariables},
  "#graphql\n  query RestockLocations {\n    locations(first: 50) {\n      nodes {\n        id\n        name\n        isActive\n      }\n    }\n  }\n": {return: RestockLocationsQuery, variables: RestockLocationsQueryVariables},
  "#graphql\n  query OrderForExtension($id: ID!) {\n    order(id: $id) {\n      id\n      name\n      email\n      phone\n      shippingAddress {\n        name\n        firstName\n        lastName\n        company\n        address1\n        address2\n        city\n        province\n        provinceCode\n        zip\n        country\n        countryCodeV2\n        phone\n      }\n      lineItems(first: 50) {\n        nodes {\n          id\n          title\n          name\n          sku\n          variantTitle\n          quantity\n          currentQuantity\n        }\n      }\n      returns(first: 20) {\n        nodes {\n          ...ReturnSummaryFields\n        }\n      }\n    }\n  }\n  #graphql\n  fragment ReturnSummaryFields on Return {\n    id\n    name\n    status\n  }\n\n": {return: OrderForExtensionQuery, variables: OrderForExtensionQueryVariables},
  "#graphql\n  query ReturnForAutomation($id: ID!) {\n    return(id: $id) {\n      ...ReturnSummaryFields\n      order {\n        id\n        name\n        tags\n        totalPriceSet {\n          shopMoney {\n            amount\n            currencyCode\n          }\n        }\n        shippingAddress {\n          countryCodeV2\n        }\n      }\n      returnLineItems(first: 50) {\n        nodes {\n          __typename\n          id\n          quantity\n          processedQuantity\n          unprocessedQuantity\n          returnReasonDefinition {\n            handle\n            name\n          }\n          ... on ReturnLineItem {\n            fulfillmentLineItem {\n              id\n              lineItem {\n                id\n                title\n                variant {\n                  id\n                }\n              }\n            }\n          }\n        }\n      }\n      exchangeLineItems(first: 10) {\n        nodes {\n          id\n          quantity\n        }\n      }\n      reverseFulfillmentOrders(first: 10) {\n        nodes {\n          id\n          status\n          lineItems(first: 50) {\n            nodes {\n              id\n              totalQuantity\n              fulfillmentLineItem {\n                id\n              }\n              dispositions {\n                quantity\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n  #graphql\n  fragment ReturnSummaryFields on Return {\n    id\n    name\n    status\n  }\n\n": {return: ReturnForAutomationQuery, variables: ReturnForAutomationQueryVariables},
  "#graphql\n  query ReturnForSync($id: ID!) {\n    return(id: $id) {\n      ...ReturnSummaryFields\n      totalQuantity\n      returnLineItems(first: 50) {\n        nodes {\n          __typename\n          ... on ReturnLineItem {\n            id\n            quantity\n            returnReasonNote\n            customerNote\n            fulfillmentLineItem {\n              id\n              lineItem {\n                id\n                title\n                sku\n              }\n            }\n          }\n        }\n      }\n      reverseFulfillmentOrders(first: 10) {\n        nodes {\n          id\n          status\n          lineItems(first: 50) {\n            nodes {\n              id\n              totalQuantity\n              fulfillmentLineItem {\n                id\n                lineItem {\n                  id\n                  title\n                }\n              }\n            }\n          }\n          reverseDeliveries(first: 10) {\n            nodes {\n              ...ReverseDeliveryFields\n            }\n          }\n        }\n      }\n    }\n  }\n  #graphql\n  fragment ReturnSummaryFields on Return {\n    id\n    name\n    status\n  }\n\n  #graphql\n  fragment ReverseDeliveryFields on ReverseDelivery {\n    id\n    deliverable {\n      __typename\n      ... on ReverseDeliveryShippingDeliverable {\n        tracking {\n          number\n          url\n          carrierName\n        }\n        label {\n          publicFileUrl\n        }\n      }\n    }\n  }\n\n": {return: ReturnForSyncQuery, variables: ReturnForSyncQueryVariables},
  "#graphql\n  query ReturnOrder($id: ID!) {\n    return(id: $id) {\n      id\n      order {\n        id\n        name\n        email\n        shippingAddress {\n          name\n        }\n      }\n    }\n  }\n": {return: ReturnOrderQuery, variables: ReturnOrderQueryVariables},
  "#graphql\n  query ReturnStatuses($ids: [ID!]!) {\n    nodes(ids: $ids) {\n      __typename\n      ... on Return {\n        id\n        status\n      }\n    }\n  }\n": {return: ReturnStatusesQuery, variables: ReturnStatusesQueryVariables},
  "#graphql\n  query ReturnSuggestedRefund($id: ID!, $lines: [SuggestedOutcomeReturnLineItemInput!]!) {\n    return(id: $id) {\n      id\n      suggestedFinancialOutcome(returnLineItems: $lines, exchangeLineItems: []) {\n        financialTransfer {\n          __typename\n          ... on RefundReturnOutcome {\n            amount {\n              shopMoney {\n                amount\n                currencyCode\n              }\n            }\n            suggestedTransactions {\n              kind\n              gateway\n              amountSet {\n                shopMoney {\n                  amount\n                  currencyCode\n                }\n              }\n              parentTransaction {\n                id\n              }\n            }\n          }\n          ... on InvoiceReturnOutcome {\n            amount {\n              shopMoney {\n                amount\n                currencyCode\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n": {return: ReturnSuggestedRefundQuery, variables: ReturnSuggestedRefundQueryVariables},
  "#graphql\n  query ReverseDeliveryForAttach($id: ID!) {\n    reverseDelivery(id: $id) {\n      ...ReverseDeliveryFields\n      reverseFulfillmentOrder {\n        id\n        order {\n          id\n          returns(first: 20) {\n            nodes {\n              id\n              reverseFulfillmentOrders(first: 10) {\n                nodes {\n                  id\n                }\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n  #graphql\n  fragment ReverseDeliveryFields on ReverseDelivery {\n    id\n    deliverable {\n      __typename\n      ... on ReverseDeliveryShippingDeliverable {\n        tracking {\n          number\n          url\n          carrierName\n        }\n        label {\n          publicFileUrl\n        }\n      }\n    }\n  }\n\n": {return: ReverseDeliveryForAttachQuery, variables: ReverseDeliveryForAttachQueryVariables},
  "#graphql\n  query ReverseFulfillmentOrderReturn($id: ID!) {\n    reverseFulfillmentOrder(id: $id) {\n      id\n      order {\n        id\n        returns(first: 20) {\n          nodes {\n            id\n            reverseFulfillmentOrders(first: 10) {\n              nodes {\n                id\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n": {return: ReverseFulfillmentOrderReturnQuery, variables: ReverseFulfillmentOrderReturnQueryVariables},
  "#graphql\n  query ReturnsBridgeOrderHasReturns($id: ID!) {\n    order(id: $id) {\n      returns(first: 1) {\n        nodes {\n          id\n        }\n      }\n    }\n  }\n": {return: ReturnsBridgeOrderHasReturnsQuery, variables: ReturnsBridgeOrderHasReturnsQueryVariables},
}

interface GeneratedMutationTypes {
  "#graphql\n  mutation FlowTriggerReceive($handle: String!, $payload: JSON!) {\n    flowTriggerReceive(handle: $handle, payload: $payload) {\n      userErrors {\n        field\n        message\n      }\n    }\n  }\n": {return: FlowTriggerReceiveMutation, variables: FlowTriggerReceiveMutationVariables},
  "#graphql\n  mutation ReturnApproveRequest($input: ReturnApproveRequestInput!) {\n    returnApproveRequest(input: $input) {\n      return {\n        ...ReturnSummaryFields\n        reverseFulfillmentOrders(first: 5) {\n          nodes {\n            id\n            status\n          }\n        }\n      }\n      userErrors {\n        ...ReturnUserErrorFields\n      }\n    }\n  }\n  #graphql\n  fragment ReturnSummaryFields on Return {\n    id\n    name\n    status\n  }\n\n  #graphql\n  fragment ReturnUserErrorFields on ReturnUserError {\n    code\n    field\n    message\n  }\n\n": {return: ReturnApproveRequestMutation, variables: ReturnApproveRequestMutationVariables},
  "#graphql\n  mutation ReturnClose($id: ID!) {\n    returnClose(id: $id) {\n      return {\n        ...ReturnSummaryFields\n        closedAt\n      }\n      userErrors {\n        ...ReturnUserErrorFields\n      }\n    }\n  }\n  #graphql\n  fragment ReturnSummaryFields on Return {\n    id\n    name\n    status\n  }\n\n  #graphql\n  fragment ReturnUserErrorFields on ReturnUserError {\n    code\n    field\n    message\n  }\n\n": {return: ReturnCloseMutation, variables: ReturnCloseMutationVariables},
  "#graphql\n  mutation ReturnProcess($input: ReturnProcessInput!) {\n    returnProcess(input: $input) {\n      return {\n        id\n        status\n        returnLineItems(first: 50) {\n          nodes {\n            id\n            processedQuantity\n            unprocessedQuantity\n          }\n        }\n      }\n      userErrors {\n        ...ReturnUserErrorFields\n      }\n    }\n  }\n  #graphql\n  fragment ReturnUserErrorFields on ReturnUserError {\n    code\n    field\n    message\n  }\n\n": {return: ReturnProcessMutation, variables: ReturnProcessMutationVariables},
  "#graphql\n  mutation ReverseDeliveryCreateWithShipping(\n    $reverseFulfillmentOrderId: ID!\n    $reverseDeliveryLineItems: [ReverseDeliveryLineItemInput!]!\n    $trackingInput: ReverseDeliveryTrackingInput\n    $labelInput: ReverseDeliveryLabelInput\n    $notifyCustomer: Boolean!\n  ) {\n    reverseDeliveryCreateWithShipping(\n      reverseFulfillmentOrderId: $reverseFulfillmentOrderId\n      reverseDeliveryLineItems: $reverseDeliveryLineItems\n      trackingInput: $trackingInput\n      labelInput: $labelInput\n      notifyCustomer: $notifyCustomer\n    ) {\n      reverseDelivery {\n        ...ReverseDeliveryFields\n        reverseFulfillmentOrder {\n          id\n        }\n        reverseDeliveryLineItems(first: 50) {\n          nodes {\n            id\n            quantity\n            reverseFulfillmentOrderLineItem {\n              id\n            }\n          }\n        }\n      }\n      userErrors {\n        ...ReturnUserErrorFields\n      }\n    }\n  }\n  #graphql\n  fragment ReverseDeliveryFields on ReverseDelivery {\n    id\n    deliverable {\n      __typename\n      ... on ReverseDeliveryShippingDeliverable {\n        tracking {\n          number\n          url\n          carrierName\n        }\n        label {\n          publicFileUrl\n        }\n      }\n    }\n  }\n\n  #graphql\n  fragment ReturnUserErrorFields on ReturnUserError {\n    code\n    field\n    message\n  }\n\n": {return: ReverseDeliveryCreateWithShippingMutation, variables: ReverseDeliveryCreateWithShippingMutationVariables},
  "#graphql\n  mutation ReverseDeliveryShippingUpdate(\n    $reverseDeliveryId: ID!\n    $trackingInput: ReverseDeliveryTrackingInput\n    $labelInput: ReverseDeliveryLabelInput\n    $notifyCustomer: Boolean!\n  ) {\n    reverseDeliveryShippingUpdate(\n      reverseDeliveryId: $reverseDeliveryId\n      trackingInput: $trackingInput\n      labelInput: $labelInput\n      notifyCustomer: $notifyCustomer\n    ) {\n      reverseDelivery {\n        ...ReverseDeliveryFields\n      }\n      userErrors {\n        ...ReturnUserErrorFields\n      }\n    }\n  }\n  #graphql\n  fragment ReverseDeliveryFields on ReverseDelivery {\n    id\n    deliverable {\n      __typename\n      ... on ReverseDeliveryShippingDeliverable {\n        tracking {\n          number\n          url\n          carrierName\n        }\n        label {\n          publicFileUrl\n        }\n      }\n    }\n  }\n\n  #graphql\n  fragment ReturnUserErrorFields on ReturnUserError {\n    code\n    field\n    message\n  }\n\n": {return: ReverseDeliveryShippingUpdateMutation, variables: ReverseDeliveryShippingUpdateMutationVariables},
  "#graphql\n  mutation StagedUploadsCreate($input: [StagedUploadInput!]!) {\n    stagedUploadsCreate(input: $input) {\n      stagedTargets {\n        url\n        resourceUrl\n        parameters {\n          name\n          value\n        }\n      }\n      userErrors {\n        field\n        message\n      }\n    }\n  }\n": {return: StagedUploadsCreateMutation, variables: StagedUploadsCreateMutationVariables},
}
declare module './admin-operations' {
  type InputMaybe<T> = AdminTypes.InputMaybe<T>;
  interface AdminQueries extends GeneratedQueryTypes {}
  interface AdminMutations extends GeneratedMutationTypes {}
}

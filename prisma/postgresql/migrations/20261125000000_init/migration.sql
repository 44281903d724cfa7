-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "isOnline" BOOLEAN NOT NULL DEFAULT false,
    "scope" TEXT,
    "expires" TIMESTAMP(3),
    "accessToken" TEXT NOT NULL,
    "userId" BIGINT,
    "firstName" TEXT,
    "lastName" TEXT,
    "email" TEXT,
    "accountOwner" BOOLEAN NOT NULL DEFAULT false,
    "locale" TEXT,
    "collaborator" BOOLEAN DEFAULT false,
    "emailVerified" BOOLEAN DEFAULT false,
    "refreshToken" TEXT,
    "refreshTokenExpires" TIMESTAMP(3),

    CONSTRAINT "Session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ShopSettings" (
    "shop" TEXT NOT NULL,
    "defaultProvider" TEXT,
    "reconcileIntervalMinutes" INTEGER NOT NULL DEFAULT 60,
    "approveBeforeLabel" BOOLEAN NOT NULL DEFAULT false,
    "closeOnWarehouse" BOOLEAN NOT NULL DEFAULT false,
    "pushCancellations" BOOLEAN NOT NULL DEFAULT true,
    "reverImportReturns" BOOLEAN NOT NULL DEFAULT false,
    "locale" TEXT,
    "onboardedAt" TIMESTAMP(3),
    "lastReconciledAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ShopSettings_pkey" PRIMARY KEY ("shop")
);

-- CreateTable
CREATE TABLE "ProviderConnection" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "environment" TEXT NOT NULL DEFAULT 'production',
    "baseUrl" TEXT NOT NULL,
    "credentialsEncrypted" TEXT NOT NULL,
    "credentialsHint" TEXT,
    "ifShopCode" TEXT,
    "reverEcommerceId" TEXT,
    "reverEcommerceGroup" TEXT,
    "warehouseAddress" TEXT,
    "defaultCarrierService" TEXT,
    "carrierServices" TEXT,
    "defaultLabelFormat" TEXT NOT NULL DEFAULT 'PDF',
    "defaultParcel" TEXT,
    "reverProvider" TEXT,
    "notifyCustomer" BOOLEAN NOT NULL DEFAULT false,
    "syncToShopify" BOOLEAN NOT NULL DEFAULT true,
    "syncToProvider" BOOLEAN NOT NULL DEFAULT true,
    "requestsPerSecond" INTEGER NOT NULL DEFAULT 10,
    "lastTestedAt" TIMESTAMP(3),
    "lastTestResult" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ProviderConnection_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReturnLink" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "returnGid" TEXT NOT NULL,
    "returnName" TEXT NOT NULL,
    "normalizedName" TEXT NOT NULL,
    "orderGid" TEXT NOT NULL,
    "orderName" TEXT NOT NULL,
    "customerName" TEXT,
    "customerEmail" TEXT,
    "provider" TEXT,
    "ifReturnName" TEXT,
    "ifClientReference" TEXT,
    "reverProcessId" TEXT,
    "linkSource" TEXT NOT NULL DEFAULT 'AUTO',
    "referenceState" TEXT NOT NULL DEFAULT 'PENDING',
    "status" TEXT NOT NULL,
    "trackingNumber" TEXT,
    "lastEventAt" TIMESTAMP(3),
    "lastSyncedAt" TIMESTAMP(3),
    "lastSyncChange" TEXT,
    "lastError" TEXT,
    "lastErrorAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ReturnLink_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Shipment" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "returnLinkId" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'CLAIMED',
    "source" TEXT NOT NULL DEFAULT 'APP',
    "providerShipmentId" TEXT,
    "carrier" TEXT,
    "carrierService" TEXT,
    "trackingNumber" TEXT,
    "trackingUrl" TEXT,
    "labelUrl" TEXT,
    "labelFormat" TEXT,
    "shopifyLabelUrl" TEXT,
    "reverseFulfillmentOrderGid" TEXT,
    "reverseDeliveryGid" TEXT,
    "originAddress" TEXT,
    "parcels" TEXT,
    "error" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Shipment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Pickup" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "returnLinkId" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'CLAIMED',
    "providerPickupId" TEXT,
    "carrier" TEXT,
    "ranges" TEXT,
    "address" TEXT,
    "error" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Pickup_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TrackingEvent" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "returnLinkId" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "status" TEXT,
    "detail" TEXT,
    "result" TEXT NOT NULL DEFAULT 'OK',
    "dedupeKey" TEXT,
    "occurredAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TrackingEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WebhookDelivery" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "webhookId" TEXT,
    "topic" TEXT NOT NULL,
    "apiVersion" TEXT,
    "triggeredAt" TIMESTAMP(3),
    "resourceGid" TEXT,
    "payload" TEXT NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'RECEIVED',
    "reason" TEXT,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "processedAt" TIMESTAMP(3),

    CONSTRAINT "WebhookDelivery_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Job" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "shop" TEXT,
    "payload" TEXT NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "maxAttempts" INTEGER NOT NULL DEFAULT 8,
    "runAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lockedAt" TIMESTAMP(3),
    "lockedBy" TEXT,
    "singletonKey" TEXT,
    "lastError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Job_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DataRequestExport" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "customerId" TEXT,
    "email" TEXT,
    "payload" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DataRequestExport_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Session_shop_idx" ON "Session"("shop");

-- CreateIndex
CREATE UNIQUE INDEX "ProviderConnection_shop_provider_key" ON "ProviderConnection"("shop", "provider");

-- CreateIndex
CREATE INDEX "ReturnLink_shop_status_id_idx" ON "ReturnLink"("shop", "status", "id");

-- CreateIndex
CREATE INDEX "ReturnLink_shop_provider_id_idx" ON "ReturnLink"("shop", "provider", "id");

-- CreateIndex
CREATE INDEX "ReturnLink_shop_normalizedName_idx" ON "ReturnLink"("shop", "normalizedName");

-- CreateIndex
CREATE INDEX "ReturnLink_shop_orderName_idx" ON "ReturnLink"("shop", "orderName");

-- CreateIndex
CREATE INDEX "ReturnLink_shop_trackingNumber_idx" ON "ReturnLink"("shop", "trackingNumber");

-- CreateIndex
CREATE INDEX "ReturnLink_shop_lastErrorAt_idx" ON "ReturnLink"("shop", "lastErrorAt");

-- CreateIndex
CREATE INDEX "ReturnLink_shop_updatedAt_idx" ON "ReturnLink"("shop", "updatedAt");

-- CreateIndex
CREATE UNIQUE INDEX "ReturnLink_shop_returnGid_key" ON "ReturnLink"("shop", "returnGid");

-- CreateIndex
CREATE INDEX "Shipment_returnLinkId_idx" ON "Shipment"("returnLinkId");

-- CreateIndex
CREATE INDEX "Shipment_shop_trackingNumber_idx" ON "Shipment"("shop", "trackingNumber");

-- CreateIndex
CREATE UNIQUE INDEX "Shipment_shop_provider_idempotencyKey_key" ON "Shipment"("shop", "provider", "idempotencyKey");

-- CreateIndex
CREATE INDEX "Pickup_returnLinkId_idx" ON "Pickup"("returnLinkId");

-- CreateIndex
CREATE UNIQUE INDEX "Pickup_shop_provider_idempotencyKey_key" ON "Pickup"("shop", "provider", "idempotencyKey");

-- CreateIndex
CREATE INDEX "TrackingEvent_returnLinkId_occurredAt_idx" ON "TrackingEvent"("returnLinkId", "occurredAt");

-- CreateIndex
CREATE UNIQUE INDEX "TrackingEvent_shop_dedupeKey_key" ON "TrackingEvent"("shop", "dedupeKey");

-- CreateIndex
CREATE INDEX "WebhookDelivery_state_receivedAt_idx" ON "WebhookDelivery"("state", "receivedAt");

-- CreateIndex
CREATE INDEX "WebhookDelivery_shop_receivedAt_idx" ON "WebhookDelivery"("shop", "receivedAt");

-- CreateIndex
CREATE UNIQUE INDEX "WebhookDelivery_shop_eventId_key" ON "WebhookDelivery"("shop", "eventId");

-- CreateIndex
CREATE UNIQUE INDEX "Job_singletonKey_key" ON "Job"("singletonKey");

-- CreateIndex
CREATE INDEX "Job_state_runAt_idx" ON "Job"("state", "runAt");

-- CreateIndex
CREATE INDEX "Job_shop_state_idx" ON "Job"("shop", "state");

-- CreateIndex
CREATE INDEX "DataRequestExport_shop_createdAt_idx" ON "DataRequestExport"("shop", "createdAt");

-- AddForeignKey
ALTER TABLE "Shipment" ADD CONSTRAINT "Shipment_returnLinkId_fkey" FOREIGN KEY ("returnLinkId") REFERENCES "ReturnLink"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Pickup" ADD CONSTRAINT "Pickup_returnLinkId_fkey" FOREIGN KEY ("returnLinkId") REFERENCES "ReturnLink"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TrackingEvent" ADD CONSTRAINT "TrackingEvent_returnLinkId_fkey" FOREIGN KEY ("returnLinkId") REFERENCES "ReturnLink"("id") ON DELETE CASCADE ON UPDATE CASCADE;


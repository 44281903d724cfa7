-- AlterTable
ALTER TABLE "DataRequestExport" ADD COLUMN "deliveredAt" DATETIME;

-- AlterTable
ALTER TABLE "Session" ADD COLUMN "refreshLeaseOwner" TEXT;
ALTER TABLE "Session" ADD COLUMN "refreshLeaseUntil" DATETIME;

-- AlterTable
ALTER TABLE "ShopSettings" ADD COLUMN "disconnectedAt" DATETIME;
ALTER TABLE "ShopSettings" ADD COLUMN "disconnectedReason" TEXT;

-- DropIndex
DROP INDEX "WebhookDelivery_shop_eventId_key";

-- CreateIndex
CREATE UNIQUE INDEX "WebhookDelivery_shop_topic_eventId_key" ON "WebhookDelivery"("shop", "topic", "eventId");

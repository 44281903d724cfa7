-- DropIndex
DROP INDEX "ReturnLink_shop_lastErrorAt_idx";

-- CreateIndex
CREATE INDEX "ReturnLink_shop_id_idx" ON "ReturnLink"("shop", "id");

-- CreateIndex
CREATE INDEX "ReturnLink_shop_lastErrorAt_id_idx" ON "ReturnLink"("shop", "lastErrorAt", "id");

-- CreateIndex
CREATE INDEX "ReturnLink_shop_lastSyncedAt_id_idx" ON "ReturnLink"("shop", "lastSyncedAt", "id");

-- CreateIndex
CREATE INDEX "WebhookDelivery_shop_state_receivedAt_idx" ON "WebhookDelivery"("shop", "state", "receivedAt");


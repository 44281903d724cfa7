-- CreateIndex
CREATE INDEX "Shipment_shop_returnLinkId_source_createdAt_idx" ON "Shipment"("shop", "returnLinkId", "source", "createdAt");


-- CreateTable
CREATE TABLE "AutomationRule" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "countries" TEXT,
    "reasonHandles" TEXT,
    "minOrderTotal" TEXT,
    "maxOrderTotal" TEXT,
    "orderTags" TEXT,
    "autoApprove" BOOLEAN NOT NULL DEFAULT false,
    "createLabel" BOOLEAN NOT NULL DEFAULT false,
    "provider" TEXT,
    "returnMethod" TEXT,
    "pickupWindows" TEXT,
    "carrierService" TEXT,
    "notifyCustomer" BOOLEAN NOT NULL DEFAULT true,
    "processOnArrival" BOOLEAN NOT NULL DEFAULT false,
    "refundOnArrival" BOOLEAN NOT NULL DEFAULT false,
    "restockLocationId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "AutomationRun" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "returnLinkId" TEXT NOT NULL,
    "stage" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "claimedBy" TEXT,
    "ruleId" TEXT,
    "ruleName" TEXT,
    "detail" TEXT,
    "error" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "AutomationRun_returnLinkId_fkey" FOREIGN KEY ("returnLinkId") REFERENCES "ReturnLink" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "BulkRun" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "selectionKey" TEXT NOT NULL,
    "total" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "BulkRunItem" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "bulkRunId" TEXT NOT NULL,
    "returnLinkId" TEXT NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'PENDING',
    "detail" TEXT,
    "shipmentId" TEXT,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "BulkRunItem_bulkRunId_fkey" FOREIGN KEY ("bulkRunId") REFERENCES "BulkRun" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "FlowTriggerEvent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "eventKey" TEXT NOT NULL,
    "handle" TEXT NOT NULL,
    "returnLinkId" TEXT,
    "payload" TEXT NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'PENDING',
    "error" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "sentAt" DATETIME
);

-- CreateTable
CREATE TABLE "FlowActionRun" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "actionRunId" TEXT NOT NULL,
    "handle" TEXT NOT NULL,
    "orderGid" TEXT NOT NULL,
    "returnGid" TEXT,
    "state" TEXT NOT NULL DEFAULT 'RECEIVED',
    "detail" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "AutomationRule_shop_position_idx" ON "AutomationRule"("shop", "position");

-- CreateIndex
CREATE INDEX "AutomationRun_shop_state_updatedAt_idx" ON "AutomationRun"("shop", "state", "updatedAt");

-- CreateIndex
CREATE UNIQUE INDEX "AutomationRun_shop_returnLinkId_stage_key" ON "AutomationRun"("shop", "returnLinkId", "stage");

-- CreateIndex
CREATE INDEX "BulkRun_shop_createdAt_idx" ON "BulkRun"("shop", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "BulkRun_shop_selectionKey_key" ON "BulkRun"("shop", "selectionKey");

-- CreateIndex
CREATE INDEX "BulkRunItem_bulkRunId_state_idx" ON "BulkRunItem"("bulkRunId", "state");

-- CreateIndex
CREATE UNIQUE INDEX "BulkRunItem_bulkRunId_returnLinkId_key" ON "BulkRunItem"("bulkRunId", "returnLinkId");

-- CreateIndex
CREATE INDEX "FlowTriggerEvent_state_updatedAt_idx" ON "FlowTriggerEvent"("state", "updatedAt");

-- CreateIndex
CREATE UNIQUE INDEX "FlowTriggerEvent_shop_eventKey_key" ON "FlowTriggerEvent"("shop", "eventKey");

-- CreateIndex
CREATE UNIQUE INDEX "FlowActionRun_shop_actionRunId_key" ON "FlowActionRun"("shop", "actionRunId");


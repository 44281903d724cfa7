-- CreateTable
CREATE TABLE "ReturnFact" (
    "linkId" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "provider" TEXT,
    "stage" TEXT NOT NULL,
    "carrier" TEXT,
    "method" TEXT,
    "labelSeconds" INTEGER,
    "scanSeconds" INTEGER,
    "arrivalSeconds" INTEGER,
    "automated" BOOLEAN,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "ReturnFact_linkId_fkey" FOREIGN KEY ("linkId") REFERENCES "ReturnLink" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ReturnFailure" (
    "linkId" TEXT NOT NULL,
    "reasonKey" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "provider" TEXT,
    "message" TEXT NOT NULL,
    "lastAt" DATETIME NOT NULL,

    PRIMARY KEY ("linkId", "reasonKey"),
    CONSTRAINT "ReturnFailure_linkId_fkey" FOREIGN KEY ("linkId") REFERENCES "ReturnLink" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AnalyticsDay" (
    "shop" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "dimension" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "returns" INTEGER NOT NULL,
    "automated" INTEGER NOT NULL DEFAULT 0,
    "automationKnown" INTEGER NOT NULL DEFAULT 0,
    "labelHist" TEXT,
    "scanHist" TEXT,
    "arrivalHist" TEXT,
    "sample" TEXT,

    PRIMARY KEY ("shop", "day", "provider", "dimension", "value")
);

-- CreateTable
CREATE TABLE "AnalyticsState" (
    "shop" TEXT NOT NULL PRIMARY KEY,
    "watermark" DATETIME NOT NULL,
    "refreshedAt" DATETIME NOT NULL,
    "backfillCursor" TEXT
);

-- CreateIndex
CREATE INDEX "ReturnFact_shop_day_idx" ON "ReturnFact"("shop", "day");

-- CreateIndex
CREATE INDEX "ReturnFact_shop_carrier_day_idx" ON "ReturnFact"("shop", "carrier", "day");

-- CreateIndex
CREATE INDEX "ReturnFact_shop_method_day_idx" ON "ReturnFact"("shop", "method", "day");

-- CreateIndex
CREATE INDEX "ReturnFailure_shop_reasonKey_day_idx" ON "ReturnFailure"("shop", "reasonKey", "day");

-- CreateIndex
CREATE INDEX "TrackingEvent_shop_createdAt_idx" ON "TrackingEvent"("shop", "createdAt");


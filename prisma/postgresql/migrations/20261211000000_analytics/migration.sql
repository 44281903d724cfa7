-- CreateTable
CREATE TABLE "ReturnFact" (
    "linkId" TEXT NOT NULL,
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
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ReturnFact_pkey" PRIMARY KEY ("linkId")
);

-- CreateTable
CREATE TABLE "ReturnFailure" (
    "linkId" TEXT NOT NULL,
    "reasonKey" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "provider" TEXT,
    "message" TEXT NOT NULL,
    "lastAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ReturnFailure_pkey" PRIMARY KEY ("linkId","reasonKey")
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

    CONSTRAINT "AnalyticsDay_pkey" PRIMARY KEY ("shop","day","provider","dimension","value")
);

-- CreateTable
CREATE TABLE "AnalyticsState" (
    "shop" TEXT NOT NULL,
    "watermark" TIMESTAMP(3) NOT NULL,
    "refreshedAt" TIMESTAMP(3) NOT NULL,
    "backfillCursor" TEXT,

    CONSTRAINT "AnalyticsState_pkey" PRIMARY KEY ("shop")
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

-- AddForeignKey
ALTER TABLE "ReturnFact" ADD CONSTRAINT "ReturnFact_linkId_fkey" FOREIGN KEY ("linkId") REFERENCES "ReturnLink"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReturnFailure" ADD CONSTRAINT "ReturnFailure_linkId_fkey" FOREIGN KEY ("linkId") REFERENCES "ReturnLink"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Undocumented provider behaviours become per-connection choices, off by default (decision 0004).
-- AlterTable
ALTER TABLE "ProviderConnection" ADD COLUMN     "assumedCapabilities" TEXT;

-- AlterTable
ALTER TABLE "ReturnLink" ADD COLUMN     "providerStatusReported" BOOLEAN,
ADD COLUMN     "referenceSource" TEXT;

-- A shop that had turned on REVER's returns import keeps it (with the process search it relied on).
UPDATE "ProviderConnection" SET "assumedCapabilities" = '["processSearch","returnsImport"]'
WHERE "provider" = 'REVER' AND "shop" IN (SELECT "shop" FROM "ShopSettings" WHERE "reverImportReturns" = true);

-- Names stored before were derived from Shopify's (the only automatic source then); the merchant's own are MANUAL links.
UPDATE "ReturnLink" SET "referenceSource" = CASE WHEN "linkSource" = 'MANUAL' THEN 'MERCHANT' WHEN "provider" = 'IFRETURNS' THEN 'DERIVED' ELSE 'SEARCH' END
WHERE ("provider" = 'IFRETURNS' AND "ifReturnName" IS NOT NULL) OR ("provider" = 'REVER' AND "reverProcessId" IS NOT NULL);
UPDATE "ReturnLink" SET "referenceState" = 'PENDING' WHERE "provider" = 'IFRETURNS' AND "ifReturnName" IS NULL;

-- AlterTable
ALTER TABLE "ShopSettings" DROP COLUMN "reverImportReturns";

-- CreateIndex
CREATE INDEX "ReturnLink_shop_referenceState_id_idx" ON "ReturnLink"("shop", "referenceState", "id");

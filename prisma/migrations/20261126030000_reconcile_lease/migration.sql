-- AlterTable
ALTER TABLE "ShopSettings" ADD COLUMN "reconcileCursor" TEXT;
ALTER TABLE "ShopSettings" ADD COLUMN "reconcileLeaseOwner" TEXT;
ALTER TABLE "ShopSettings" ADD COLUMN "reconcileLeaseUntil" DATETIME;

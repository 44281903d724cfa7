-- AlterTable
ALTER TABLE "ShopSettings" ADD COLUMN     "reconcileCursor" TEXT,
ADD COLUMN     "reconcileLeaseOwner" TEXT,
ADD COLUMN     "reconcileLeaseUntil" TIMESTAMP(3);


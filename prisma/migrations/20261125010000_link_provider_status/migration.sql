-- AlterTable
ALTER TABLE "ReturnLink" ADD COLUMN "dropOffPoint" TEXT;
ALTER TABLE "ReturnLink" ADD COLUMN "providerStatus" TEXT;
ALTER TABLE "ReturnLink" ADD COLUMN "trackingUrl" TEXT;


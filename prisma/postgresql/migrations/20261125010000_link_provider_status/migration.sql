-- AlterTable
ALTER TABLE "ReturnLink" ADD COLUMN     "dropOffPoint" TEXT,
ADD COLUMN     "providerStatus" TEXT,
ADD COLUMN     "trackingUrl" TEXT;


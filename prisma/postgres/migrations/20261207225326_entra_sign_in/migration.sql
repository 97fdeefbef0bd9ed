-- AlterTable
ALTER TABLE "AppUser" ADD COLUMN     "displayName" TEXT,
ADD COLUMN     "entraObjectId" TEXT,
ADD COLUMN     "entraTenantId" TEXT,
ALTER COLUMN "passwordHash" DROP NOT NULL;

-- CreateTable
CREATE TABLE "SignInProvider" (
    "id" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "tenantId" TEXT NOT NULL,
    "clientId" TEXT NOT NULL,
    "clientSecretSealed" TEXT NOT NULL,
    "authorityHost" TEXT,
    "roleMap" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "updatedBy" TEXT,

    CONSTRAINT "SignInProvider_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EntraSignInRequest" (
    "id" TEXT NOT NULL,
    "nonce" TEXT NOT NULL,
    "codeVerifierSealed" TEXT NOT NULL,
    "next" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "EntraSignInRequest_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "EntraSignInRequest_expiresAt_idx" ON "EntraSignInRequest"("expiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "AppUser_entraObjectId_key" ON "AppUser"("entraObjectId");


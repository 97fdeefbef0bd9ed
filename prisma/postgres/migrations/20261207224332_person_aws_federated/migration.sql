-- DropIndex
DROP INDEX "Person_list_idx";

-- DropIndex
DROP INDEX "Person_name_idx";

-- AlterTable
ALTER TABLE "Person" ADD COLUMN     "awsFederated" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "PersonStage" ADD COLUMN     "awsFederated" BOOLEAN NOT NULL DEFAULT false;

-- CreateIndex
CREATE INDEX "Person_list_idx" ON "Person"("tierRank" DESC, "displayName", "id", "search", "hasAws", "hasEntra", "mfaEnforced", "mfaRegistered", "adminUnenforced", "mfaGap", "ambiguous", "guest", "breakGlass", "stale", "method", "findings", "lastActivityAt", "enabledMismatch", "awsTier", "awsFederated");

-- CreateIndex
CREATE INDEX "Person_name_idx" ON "Person"("displayName", "id", "search", "hasAws", "hasEntra", "mfaEnforced", "mfaRegistered", "adminUnenforced", "mfaGap", "ambiguous", "guest", "breakGlass", "stale", "method", "findings", "lastActivityAt", "enabledMismatch", "tierRank", "awsTier", "awsFederated");


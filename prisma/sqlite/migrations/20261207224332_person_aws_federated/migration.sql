-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Person" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "key" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "method" TEXT,
    "confidence" REAL,
    "ambiguous" BOOLEAN NOT NULL DEFAULT false,
    "summary" JSONB NOT NULL,
    "search" TEXT NOT NULL,
    "maxTier" TEXT,
    "mfaGap" BOOLEAN,
    "tierRank" INTEGER NOT NULL DEFAULT 0,
    "awsTier" TEXT,
    "entraTier" TEXT,
    "hasAws" BOOLEAN NOT NULL DEFAULT false,
    "hasEntra" BOOLEAN NOT NULL DEFAULT false,
    "awsFederated" BOOLEAN NOT NULL DEFAULT false,
    "mfaRegistered" BOOLEAN,
    "mfaEnforced" BOOLEAN,
    "adminUnenforced" BOOLEAN NOT NULL DEFAULT false,
    "breakGlass" BOOLEAN NOT NULL DEFAULT false,
    "guest" BOOLEAN NOT NULL DEFAULT false,
    "stale" BOOLEAN,
    "lastActivityAt" DATETIME,
    "findings" INTEGER NOT NULL DEFAULT 0,
    "enabledMismatch" BOOLEAN NOT NULL DEFAULT false
);
INSERT INTO "new_Person" ("adminUnenforced", "ambiguous", "awsTier", "breakGlass", "confidence", "displayName", "enabledMismatch", "entraTier", "findings", "guest", "hasAws", "hasEntra", "id", "key", "lastActivityAt", "maxTier", "method", "mfaEnforced", "mfaGap", "mfaRegistered", "search", "stale", "summary", "tierRank") SELECT "adminUnenforced", "ambiguous", "awsTier", "breakGlass", "confidence", "displayName", "enabledMismatch", "entraTier", "findings", "guest", "hasAws", "hasEntra", "id", "key", "lastActivityAt", "maxTier", "method", "mfaEnforced", "mfaGap", "mfaRegistered", "search", "stale", "summary", "tierRank" FROM "Person";
DROP TABLE "Person";
ALTER TABLE "new_Person" RENAME TO "Person";
CREATE UNIQUE INDEX "Person_key_key" ON "Person"("key");
CREATE INDEX "Person_maxTier_idx" ON "Person"("maxTier");
CREATE INDEX "Person_list_idx" ON "Person"("tierRank" DESC, "displayName", "id", "search", "hasAws", "hasEntra", "mfaEnforced", "mfaRegistered", "adminUnenforced", "mfaGap", "ambiguous", "guest", "breakGlass", "stale", "method", "findings", "lastActivityAt", "enabledMismatch", "awsTier", "awsFederated");
CREATE INDEX "Person_name_idx" ON "Person"("displayName", "id", "search", "hasAws", "hasEntra", "mfaEnforced", "mfaRegistered", "adminUnenforced", "mfaGap", "ambiguous", "guest", "breakGlass", "stale", "method", "findings", "lastActivityAt", "enabledMismatch", "tierRank", "awsTier", "awsFederated");
CREATE INDEX "Person_adminUnenforced_tierRank_idx" ON "Person"("adminUnenforced", "tierRank");
CREATE INDEX "Person_enabledMismatch_tierRank_idx" ON "Person"("enabledMismatch", "tierRank");
CREATE TABLE "new_PersonStage" (
    "owner" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "key" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "method" TEXT,
    "confidence" REAL,
    "ambiguous" BOOLEAN NOT NULL DEFAULT false,
    "summary" JSONB NOT NULL,
    "search" TEXT NOT NULL,
    "maxTier" TEXT,
    "mfaGap" BOOLEAN,
    "tierRank" INTEGER NOT NULL DEFAULT 0,
    "awsTier" TEXT,
    "entraTier" TEXT,
    "hasAws" BOOLEAN NOT NULL DEFAULT false,
    "hasEntra" BOOLEAN NOT NULL DEFAULT false,
    "awsFederated" BOOLEAN NOT NULL DEFAULT false,
    "mfaRegistered" BOOLEAN,
    "mfaEnforced" BOOLEAN,
    "adminUnenforced" BOOLEAN NOT NULL DEFAULT false,
    "breakGlass" BOOLEAN NOT NULL DEFAULT false,
    "guest" BOOLEAN NOT NULL DEFAULT false,
    "stale" BOOLEAN,
    "lastActivityAt" DATETIME,
    "findings" INTEGER NOT NULL DEFAULT 0,
    "enabledMismatch" BOOLEAN NOT NULL DEFAULT false,

    PRIMARY KEY ("owner", "seq")
);
INSERT INTO "new_PersonStage" ("adminUnenforced", "ambiguous", "awsTier", "breakGlass", "confidence", "displayName", "enabledMismatch", "entraTier", "findings", "guest", "hasAws", "hasEntra", "key", "lastActivityAt", "maxTier", "method", "mfaEnforced", "mfaGap", "mfaRegistered", "owner", "search", "seq", "stale", "summary", "tierRank") SELECT "adminUnenforced", "ambiguous", "awsTier", "breakGlass", "confidence", "displayName", "enabledMismatch", "entraTier", "findings", "guest", "hasAws", "hasEntra", "key", "lastActivityAt", "maxTier", "method", "mfaEnforced", "mfaGap", "mfaRegistered", "owner", "search", "seq", "stale", "summary", "tierRank" FROM "PersonStage";
DROP TABLE "PersonStage";
ALTER TABLE "new_PersonStage" RENAME TO "PersonStage";
CREATE UNIQUE INDEX "PersonStage_owner_key_key" ON "PersonStage"("owner", "key");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;


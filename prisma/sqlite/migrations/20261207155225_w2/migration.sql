-- CreateTable
CREATE TABLE "HierarchyNode" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "snapshotId" TEXT NOT NULL,
    "providerId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "parentProviderId" TEXT,
    "attributes" JSONB NOT NULL,
    CONSTRAINT "HierarchyNode_snapshotId_fkey" FOREIGN KEY ("snapshotId") REFERENCES "Snapshot" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AccessPath" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "entraSnapshotId" TEXT NOT NULL,
    "targetSnapshotId" TEXT NOT NULL,
    "entraPrincipalId" TEXT NOT NULL,
    "personId" TEXT,
    "targetKind" TEXT NOT NULL,
    "targetId" TEXT NOT NULL,
    "targetName" TEXT NOT NULL,
    "via" TEXT NOT NULL,
    "grant" TEXT NOT NULL,
    "hops" JSONB NOT NULL,
    "tier" TEXT,
    "mfa" TEXT NOT NULL,
    "eligible" BOOLEAN NOT NULL,
    "attributes" JSONB NOT NULL,
    CONSTRAINT "AccessPath_entraSnapshotId_fkey" FOREIGN KEY ("entraSnapshotId") REFERENCES "Snapshot" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "AccessPath_targetSnapshotId_fkey" FOREIGN KEY ("targetSnapshotId") REFERENCES "Snapshot" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Source" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "kind" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "parentId" TEXT,
    "externalId" TEXT,
    "settings" JSONB NOT NULL,
    "secretEncrypted" TEXT,
    "syncState" JSONB,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Source_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "Source" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Source" ("createdAt", "id", "kind", "name", "secretEncrypted", "settings", "syncState", "updatedAt") SELECT "createdAt", "id", "kind", "name", "secretEncrypted", "settings", "syncState", "updatedAt" FROM "Source";
DROP TABLE "Source";
ALTER TABLE "new_Source" RENAME TO "Source";
CREATE UNIQUE INDEX "Source_name_key" ON "Source"("name");
CREATE INDEX "Source_parentId_idx" ON "Source"("parentId");
CREATE INDEX "Source_kind_externalId_idx" ON "Source"("kind", "externalId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "HierarchyNode_snapshotId_parentProviderId_idx" ON "HierarchyNode"("snapshotId", "parentProviderId");

-- CreateIndex
CREATE UNIQUE INDEX "HierarchyNode_snapshotId_providerId_key" ON "HierarchyNode"("snapshotId", "providerId");

-- CreateIndex
CREATE INDEX "AccessPath_targetKind_targetId_idx" ON "AccessPath"("targetKind", "targetId");

-- CreateIndex
CREATE INDEX "AccessPath_entraPrincipalId_idx" ON "AccessPath"("entraPrincipalId");

-- CreateIndex
CREATE INDEX "AccessPath_personId_idx" ON "AccessPath"("personId");

-- CreateIndex
CREATE INDEX "AccessPath_targetSnapshotId_idx" ON "AccessPath"("targetSnapshotId");


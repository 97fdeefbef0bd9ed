-- AlterTable
ALTER TABLE "Source" ADD COLUMN     "externalId" TEXT,
ADD COLUMN     "parentId" TEXT;

-- CreateTable
CREATE TABLE "HierarchyNode" (
    "id" SERIAL NOT NULL,
    "snapshotId" TEXT NOT NULL,
    "providerId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "parentProviderId" TEXT,
    "attributes" JSONB NOT NULL,

    CONSTRAINT "HierarchyNode_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AccessPath" (
    "id" SERIAL NOT NULL,
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

    CONSTRAINT "AccessPath_pkey" PRIMARY KEY ("id")
);

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

-- CreateIndex
CREATE INDEX "Source_parentId_idx" ON "Source"("parentId");

-- CreateIndex
CREATE INDEX "Source_kind_externalId_idx" ON "Source"("kind", "externalId");

-- AddForeignKey
ALTER TABLE "Source" ADD CONSTRAINT "Source_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "Source"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HierarchyNode" ADD CONSTRAINT "HierarchyNode_snapshotId_fkey" FOREIGN KEY ("snapshotId") REFERENCES "Snapshot"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AccessPath" ADD CONSTRAINT "AccessPath_entraSnapshotId_fkey" FOREIGN KEY ("entraSnapshotId") REFERENCES "Snapshot"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AccessPath" ADD CONSTRAINT "AccessPath_targetSnapshotId_fkey" FOREIGN KEY ("targetSnapshotId") REFERENCES "Snapshot"("id") ON DELETE CASCADE ON UPDATE CASCADE;


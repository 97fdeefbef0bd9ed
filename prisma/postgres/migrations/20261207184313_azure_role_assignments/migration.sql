-- CreateTable
CREATE TABLE "AzureRoleAssignment" (
    "id" SERIAL NOT NULL,
    "snapshotId" TEXT NOT NULL,
    "assignmentId" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "scopeName" TEXT NOT NULL,
    "scopeKind" TEXT NOT NULL,
    "node" INTEGER NOT NULL,
    "roleId" TEXT NOT NULL,
    "roleName" TEXT NOT NULL,
    "roleBuiltIn" BOOLEAN,
    "tier" TEXT,
    "tierRank" INTEGER NOT NULL,
    "tierDetail" TEXT NOT NULL,
    "principalId" TEXT NOT NULL,
    "principalName" TEXT NOT NULL,
    "principalType" TEXT NOT NULL,
    "orphaned" BOOLEAN,
    "guest" BOOLEAN,
    "conditional" BOOLEAN NOT NULL,
    "endDateTime" TEXT,
    "search" TEXT NOT NULL,

    CONSTRAINT "AzureRoleAssignment_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "AzureRoleAssignment_snapshotId_node_scope_id_idx" ON "AzureRoleAssignment"("snapshotId", "node", "scope", "id");

-- CreateIndex
CREATE INDEX "AzureRoleAssignment_snapshotId_principalName_id_idx" ON "AzureRoleAssignment"("snapshotId", "principalName", "id");

-- CreateIndex
CREATE INDEX "AzureRoleAssignment_snapshotId_roleName_id_idx" ON "AzureRoleAssignment"("snapshotId", "roleName", "id");

-- CreateIndex
CREATE INDEX "AzureRoleAssignment_snapshotId_tierRank_node_id_idx" ON "AzureRoleAssignment"("snapshotId", "tierRank", "node", "id");

-- CreateIndex
CREATE INDEX "AzureRoleAssignment_snapshotId_principalId_idx" ON "AzureRoleAssignment"("snapshotId", "principalId");

-- AddForeignKey
ALTER TABLE "AzureRoleAssignment" ADD CONSTRAINT "AzureRoleAssignment_snapshotId_fkey" FOREIGN KEY ("snapshotId") REFERENCES "Snapshot"("id") ON DELETE CASCADE ON UPDATE CASCADE;


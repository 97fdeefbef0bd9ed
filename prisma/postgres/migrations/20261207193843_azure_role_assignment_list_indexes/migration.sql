-- DropIndex
DROP INDEX "AzureRoleAssignment_snapshotId_node_scope_id_idx";

-- DropIndex
DROP INDEX "AzureRoleAssignment_snapshotId_principalName_id_idx";

-- DropIndex
DROP INDEX "AzureRoleAssignment_snapshotId_roleName_id_idx";

-- DropIndex
DROP INDEX "AzureRoleAssignment_snapshotId_tierRank_node_id_idx";

-- CreateIndex
CREATE INDEX "AzureRoleAssignment_scope_idx" ON "AzureRoleAssignment"("snapshotId", "node", "scope", "id", "kind", "roleId", "principalType", "tier", "search");

-- CreateIndex
CREATE INDEX "AzureRoleAssignment_principal_idx" ON "AzureRoleAssignment"("snapshotId", "principalName", "id", "node", "kind", "roleId", "principalType", "tier", "search");

-- CreateIndex
CREATE INDEX "AzureRoleAssignment_role_idx" ON "AzureRoleAssignment"("snapshotId", "roleName", "id", "node", "kind", "roleId", "principalType", "tier", "search");

-- CreateIndex
CREATE INDEX "AzureRoleAssignment_tier_idx" ON "AzureRoleAssignment"("snapshotId", "tierRank", "node", "id", "kind", "roleId", "principalType", "tier", "search");


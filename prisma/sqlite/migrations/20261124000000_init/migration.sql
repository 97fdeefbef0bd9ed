-- CreateTable
CREATE TABLE "AppUser" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "username" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "AppSession" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" DATETIME NOT NULL,
    CONSTRAINT "AppSession_userId_fkey" FOREIGN KEY ("userId") REFERENCES "AppUser" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Source" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "kind" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "settings" JSONB NOT NULL,
    "secretEncrypted" TEXT,
    "syncState" JSONB,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Snapshot" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "sourceId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "origin" TEXT NOT NULL,
    "startedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" DATETIME,
    "counts" JSONB NOT NULL,
    "datasets" JSONB NOT NULL,
    "errors" JSONB NOT NULL,
    "provenance" JSONB NOT NULL,
    "progress" JSONB,
    "heartbeatAt" DATETIME,
    CONSTRAINT "Snapshot_sourceId_fkey" FOREIGN KEY ("sourceId") REFERENCES "Source" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Principal" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "snapshotId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "providerId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "arn" TEXT,
    "email" TEXT,
    "upn" TEXT,
    "enabled" BOOLEAN,
    "guest" BOOLEAN,
    "createdAt" DATETIME,
    "lastActivityAt" DATETIME,
    "mfaRegistered" BOOLEAN,
    "mfaEnforced" BOOLEAN,
    "tier" TEXT,
    "search" TEXT NOT NULL,
    "attributes" JSONB NOT NULL,
    "tags" JSONB NOT NULL,
    "derived" JSONB,
    "raw" JSONB NOT NULL,
    CONSTRAINT "Principal_snapshotId_fkey" FOREIGN KEY ("snapshotId") REFERENCES "Snapshot" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Membership" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "snapshotId" TEXT NOT NULL,
    "groupProviderId" TEXT NOT NULL,
    "memberProviderId" TEXT NOT NULL,
    "direct" BOOLEAN NOT NULL,
    CONSTRAINT "Membership_snapshotId_fkey" FOREIGN KEY ("snapshotId") REFERENCES "Snapshot" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PermissionSet" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "snapshotId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "providerId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "builtIn" BOOLEAN NOT NULL,
    "ownerProviderId" TEXT,
    "statements" JSONB NOT NULL,
    "document" JSONB NOT NULL,
    "attributes" JSONB NOT NULL,
    "search" TEXT NOT NULL,
    CONSTRAINT "PermissionSet_snapshotId_fkey" FOREIGN KEY ("snapshotId") REFERENCES "Snapshot" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Assignment" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "snapshotId" TEXT NOT NULL,
    "principalProviderId" TEXT NOT NULL,
    "permissionSetProviderId" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "attributes" JSONB NOT NULL,
    CONSTRAINT "Assignment_snapshotId_fkey" FOREIGN KEY ("snapshotId") REFERENCES "Snapshot" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AccessControl" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "snapshotId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "providerId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "who" JSONB NOT NULL,
    "targets" JSONB NOT NULL,
    "conditions" JSONB NOT NULL,
    "controls" JSONB NOT NULL,
    "unmapped" JSONB NOT NULL,
    "raw" JSONB NOT NULL,
    CONSTRAINT "AccessControl_snapshotId_fkey" FOREIGN KEY ("snapshotId") REFERENCES "Snapshot" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "NamedLocation" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "snapshotId" TEXT NOT NULL,
    "providerId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "trusted" BOOLEAN NOT NULL,
    "ipRanges" JSONB NOT NULL,
    "countries" JSONB NOT NULL,
    "includeUnknown" BOOLEAN NOT NULL,
    "raw" JSONB NOT NULL,
    CONSTRAINT "NamedLocation_snapshotId_fkey" FOREIGN KEY ("snapshotId") REFERENCES "Snapshot" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PersonLink" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "leftSourceId" TEXT NOT NULL,
    "leftProviderId" TEXT NOT NULL,
    "rightSourceId" TEXT NOT NULL,
    "rightProviderId" TEXT NOT NULL,
    "decision" TEXT NOT NULL,
    "note" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "Person" (
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

-- CreateTable
CREATE TABLE "PersonIdentity" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "personId" INTEGER NOT NULL,
    "sourceId" TEXT NOT NULL,
    "providerId" TEXT NOT NULL,
    "cloud" TEXT NOT NULL DEFAULT '',
    "name" TEXT NOT NULL DEFAULT '',
    CONSTRAINT "PersonIdentity_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PersonStage" (
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

-- CreateTable
CREATE TABLE "PersonIdentityStage" (
    "owner" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "personKey" TEXT NOT NULL,
    "sourceId" TEXT NOT NULL,
    "providerId" TEXT NOT NULL,
    "cloud" TEXT NOT NULL,
    "name" TEXT NOT NULL,

    PRIMARY KEY ("owner", "seq")
);

-- CreateTable
CREATE TABLE "DerivedVersion" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "version" INTEGER NOT NULL,
    "lastId" INTEGER NOT NULL DEFAULT 0
);

-- CreateTable
CREATE TABLE "Finding" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "rule" TEXT NOT NULL,
    "severity" TEXT NOT NULL,
    "sourceId" TEXT,
    "subjectKind" TEXT NOT NULL,
    "subjectProviderId" TEXT NOT NULL,
    "subjectName" TEXT NOT NULL,
    "explanation" TEXT NOT NULL,
    "evidence" JSONB NOT NULL,
    "fix" TEXT NOT NULL,
    "complete" BOOLEAN NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "dataSource" TEXT NOT NULL DEFAULT '',
    "severityRank" INTEGER NOT NULL DEFAULT 0,
    "sourceName" TEXT,
    "personKey" TEXT
);

-- CreateTable
CREATE TABLE "DerivedSummary" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "data" JSONB NOT NULL,
    "updatedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "Report" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "kind" TEXT NOT NULL,
    "format" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "params" JSONB NOT NULL,
    "progress" JSONB,
    "filePath" TEXT,
    "bytes" INTEGER,
    "error" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" DATETIME
);

-- CreateTable
CREATE TABLE "DriftPair" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "sourceId" TEXT NOT NULL,
    "fromSnapshotId" TEXT NOT NULL,
    "toSnapshotId" TEXT NOT NULL,
    "summary" JSONB NOT NULL,
    "computedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "DriftPair_fromSnapshotId_fkey" FOREIGN KEY ("fromSnapshotId") REFERENCES "Snapshot" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "DriftPair_toSnapshotId_fkey" FOREIGN KEY ("toSnapshotId") REFERENCES "Snapshot" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "DriftChange" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "pairId" INTEGER NOT NULL,
    "n" INTEGER NOT NULL,
    "area" TEXT NOT NULL,
    "areaRank" INTEGER NOT NULL,
    "change" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "search" TEXT NOT NULL,
    "detail" TEXT NOT NULL,
    CONSTRAINT "DriftChange_pairId_fkey" FOREIGN KEY ("pairId") REFERENCES "DriftPair" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Lock" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "owner" TEXT NOT NULL,
    "acquiredAt" DATETIME NOT NULL,
    "expiresAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "AppUser_username_key" ON "AppUser"("username");

-- CreateIndex
CREATE INDEX "AppSession_userId_idx" ON "AppSession"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "Source_name_key" ON "Source"("name");

-- CreateIndex
CREATE INDEX "Snapshot_sourceId_status_finishedAt_idx" ON "Snapshot"("sourceId", "status", "finishedAt");

-- CreateIndex
CREATE INDEX "Principal_list_idx" ON "Principal"("snapshotId", "kind", "name", "id", "search", "displayName", "lastActivityAt", "createdAt", "tier", "enabled", "guest", "mfaRegistered");

-- CreateIndex
CREATE INDEX "Principal_tier_idx" ON "Principal"("snapshotId", "kind", "tier", "name", "id", "search", "displayName", "lastActivityAt", "createdAt", "enabled", "guest", "mfaRegistered");

-- CreateIndex
CREATE UNIQUE INDEX "Principal_snapshotId_providerId_key" ON "Principal"("snapshotId", "providerId");

-- CreateIndex
CREATE INDEX "Membership_snapshotId_groupProviderId_idx" ON "Membership"("snapshotId", "groupProviderId");

-- CreateIndex
CREATE INDEX "Membership_snapshotId_memberProviderId_idx" ON "Membership"("snapshotId", "memberProviderId");

-- CreateIndex
CREATE INDEX "PermissionSet_snapshotId_kind_name_idx" ON "PermissionSet"("snapshotId", "kind", "name");

-- CreateIndex
CREATE INDEX "PermissionSet_snapshotId_kind_ownerProviderId_idx" ON "PermissionSet"("snapshotId", "kind", "ownerProviderId");

-- CreateIndex
CREATE UNIQUE INDEX "PermissionSet_snapshotId_providerId_key" ON "PermissionSet"("snapshotId", "providerId");

-- CreateIndex
CREATE INDEX "Assignment_snapshotId_principalProviderId_idx" ON "Assignment"("snapshotId", "principalProviderId");

-- CreateIndex
CREATE INDEX "Assignment_snapshotId_permissionSetProviderId_idx" ON "Assignment"("snapshotId", "permissionSetProviderId");

-- CreateIndex
CREATE UNIQUE INDEX "AccessControl_snapshotId_providerId_key" ON "AccessControl"("snapshotId", "providerId");

-- CreateIndex
CREATE UNIQUE INDEX "NamedLocation_snapshotId_providerId_key" ON "NamedLocation"("snapshotId", "providerId");

-- CreateIndex
CREATE UNIQUE INDEX "PersonLink_leftSourceId_leftProviderId_rightSourceId_rightProviderId_key" ON "PersonLink"("leftSourceId", "leftProviderId", "rightSourceId", "rightProviderId");

-- CreateIndex
CREATE UNIQUE INDEX "Person_key_key" ON "Person"("key");

-- CreateIndex
CREATE INDEX "Person_maxTier_idx" ON "Person"("maxTier");

-- CreateIndex
CREATE INDEX "Person_list_idx" ON "Person"("tierRank" DESC, "displayName", "id", "search", "hasAws", "hasEntra", "mfaEnforced", "mfaRegistered", "adminUnenforced", "mfaGap", "ambiguous", "guest", "breakGlass", "stale", "method", "findings", "lastActivityAt", "enabledMismatch");

-- CreateIndex
CREATE INDEX "Person_name_idx" ON "Person"("displayName", "id", "search", "hasAws", "hasEntra", "mfaEnforced", "mfaRegistered", "adminUnenforced", "mfaGap", "ambiguous", "guest", "breakGlass", "stale", "method", "findings", "lastActivityAt", "enabledMismatch", "tierRank");

-- CreateIndex
CREATE INDEX "Person_adminUnenforced_tierRank_idx" ON "Person"("adminUnenforced", "tierRank");

-- CreateIndex
CREATE INDEX "Person_enabledMismatch_tierRank_idx" ON "Person"("enabledMismatch", "tierRank");

-- CreateIndex
CREATE INDEX "PersonIdentity_personId_idx" ON "PersonIdentity"("personId");

-- CreateIndex
CREATE UNIQUE INDEX "PersonIdentity_sourceId_providerId_key" ON "PersonIdentity"("sourceId", "providerId");

-- CreateIndex
CREATE UNIQUE INDEX "PersonStage_owner_key_key" ON "PersonStage"("owner", "key");

-- CreateIndex
CREATE INDEX "Finding_severity_idx" ON "Finding"("severity");

-- CreateIndex
CREATE INDEX "Finding_rule_idx" ON "Finding"("rule");

-- CreateIndex
CREATE INDEX "Finding_severityRank_rule_idx" ON "Finding"("severityRank", "rule");

-- CreateIndex
CREATE INDEX "Finding_sourceId_severityRank_idx" ON "Finding"("sourceId", "severityRank");

-- CreateIndex
CREATE INDEX "Finding_personKey_severityRank_idx" ON "Finding"("personKey", "severityRank");

-- CreateIndex
CREATE INDEX "DriftPair_sourceId_idx" ON "DriftPair"("sourceId");

-- CreateIndex
CREATE INDEX "DriftPair_toSnapshotId_idx" ON "DriftPair"("toSnapshotId");

-- CreateIndex
CREATE UNIQUE INDEX "DriftPair_fromSnapshotId_toSnapshotId_key" ON "DriftPair"("fromSnapshotId", "toSnapshotId");

-- CreateIndex
CREATE INDEX "DriftChange_pairId_areaRank_n_idx" ON "DriftChange"("pairId", "areaRank", "n");

-- CreateIndex
CREATE INDEX "DriftChange_pairId_area_change_idx" ON "DriftChange"("pairId", "area", "change");


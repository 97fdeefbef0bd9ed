import type { HierarchyNode } from "../model";
import type { Db } from "./client";
import { listHierarchyNodes } from "./hierarchy";
import { latestSnapshots, type ViewSnapshot } from "./inventory";

/**
 * AWS Organizations as stored: the latest complete snapshot of each source that holds an organisation tree (a
 * HierarchyNode of kind `root`), where its SCPs/RCPs are attached, and how far each member account's IAM was read.
 */

/** An organisation's latest complete snapshot (its source, when it was read). */
export type OrganisationSnapshot = ViewSnapshot;

/** The latest complete snapshot of every source holding an AWS organisation tree, by source name. */
export async function organisationSnapshots(db: Db): Promise<OrganisationSnapshot[]> {
  const latest = await latestSnapshots(db);
  if (!latest.length) return [];
  const roots = await db.hierarchyNode.findMany({
    where: { kind: "root", snapshotId: { in: latest.map((l) => l.snapshotId) } },
    select: { snapshotId: true },
  });
  const withRoot = new Set(roots.map((r) => r.snapshotId));
  return latest.filter((l) => withRoot.has(l.snapshotId));
}

/** An organisation with its whole tree (a few thousand nodes at most: one read). */
export async function organisationTree(db: Db, org: OrganisationSnapshot): Promise<HierarchyNode[]> {
  return listHierarchyNodes(db, org.snapshotId);
}

/** One SCP or RCP attached to a root, OU or account. */
export interface GuardrailAttachment {
  nodeId: string;
  policyId: string;
  /** PermissionSet row id (the policy page), null when the policy row is missing. */
  policyRowId: number | null;
  name: string;
  kind: "serviceControlPolicy" | "resourceControlPolicy";
}

/** Where the snapshot's SCPs and RCPs are attached (guardrail assignments), by node then policy name. */
export async function guardrailAttachments(db: Db, snapshotId: string): Promise<GuardrailAttachment[]> {
  const [assignments, policies] = await Promise.all([
    db.assignment.findMany({
      where: { snapshotId, kind: "guardrail" },
      select: { principalProviderId: true, permissionSetProviderId: true },
    }),
    db.permissionSet.findMany({
      where: { snapshotId, kind: { in: ["serviceControlPolicy", "resourceControlPolicy"] } },
      select: { id: true, providerId: true, name: true, kind: true },
    }),
  ]);
  const byId = new Map(policies.map((p) => [p.providerId, p]));
  return assignments
    .map((a) => {
      const p = byId.get(a.permissionSetProviderId);
      return {
        nodeId: a.principalProviderId,
        policyId: a.permissionSetProviderId,
        policyRowId: p?.id ?? null,
        name: p?.name ?? a.permissionSetProviderId,
        kind: (p?.kind ?? "serviceControlPolicy") as GuardrailAttachment["kind"],
      };
    })
    .sort((a, b) => a.nodeId.localeCompare(b.nodeId) || a.name.localeCompare(b.name));
}

/** Whether the SCP / RCP lists of an organisation snapshot were collected (datasets), null when not reported. */
export async function guardrailsCollected(db: Db, snapshotId: string): Promise<boolean | null> {
  const snap = await db.snapshot.findUnique({ where: { id: snapshotId }, select: { datasets: true } });
  const ds = (snap?.datasets ?? {}) as Record<string, { collected?: boolean } | undefined>;
  const d = ds.organizationPolicies ?? ds.policies;
  return d && typeof d.collected === "boolean" ? d.collected : null;
}

/** How a member account's IAM was read: its source and latest snapshot (complete, or the last failure's reason). */
export interface MemberAccountRead {
  accountId: string;
  sourceId: string;
  sourceName: string;
  /** The latest complete snapshot, null when none. */
  snapshotId: string | null;
  finishedAt: Date | null;
  /** Why there is no complete snapshot: the latest run's first error, or its status. */
  problem: string | null;
}

/**
 * How AWS accounts' own IAM was read, keyed by account id: the member sources under an organisation source, or the
 * `aws` sources of some account ids wherever they sit.
 */
export async function memberAccountReads(
  db: Db,
  of: { organisationSourceId: string } | { accountIds: string[] },
): Promise<Map<string, MemberAccountRead>> {
  const sources = await db.source.findMany({
    where:
      "organisationSourceId" in of
        ? { parentId: of.organisationSourceId, externalId: { not: null } }
        : { kind: "aws", externalId: { in: of.accountIds } },
    select: {
      id: true,
      name: true,
      externalId: true,
      snapshots: {
        orderBy: { startedAt: "desc" },
        take: 1,
        select: { id: true, status: true, finishedAt: true, errors: true },
      },
    },
  });
  const completes = await db.snapshot.findMany({
    where: { sourceId: { in: sources.map((s) => s.id) }, status: "complete" },
    orderBy: { finishedAt: "desc" },
    select: { id: true, sourceId: true, finishedAt: true },
  });
  const latestComplete = new Map<string, { id: string; finishedAt: Date | null }>();
  for (const c of completes) if (!latestComplete.has(c.sourceId)) latestComplete.set(c.sourceId, c);
  const out = new Map<string, MemberAccountRead>();
  for (const s of sources) {
    const complete = latestComplete.get(s.id);
    const last = s.snapshots[0];
    const errors = (last?.errors ?? []) as { message?: string }[];
    out.set(s.externalId!, {
      accountId: s.externalId!,
      sourceId: s.id,
      sourceName: s.name,
      snapshotId: complete?.id ?? null,
      finishedAt: complete?.finishedAt ?? null,
      problem: complete ? null : (errors[0]?.message ?? (last ? `the last read ended ${last.status}` : "never read")),
    });
  }
  return out;
}

/** The snapshot (of `snapshotIds`) whose tree holds this account, or null. */
export async function accountNodeIn(db: Db, snapshotIds: string[], accountId: string): Promise<string | null> {
  if (!snapshotIds.length) return null;
  const n = await db.hierarchyNode.findFirst({
    where: { snapshotId: { in: snapshotIds }, providerId: accountId, kind: "account" },
    select: { snapshotId: true },
  });
  return n?.snapshotId ?? null;
}

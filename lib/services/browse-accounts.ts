import { type AccountTally, tallyAccounts } from "../analysis/account-access";
import type { Db } from "../db/client";
import { awsAccountPathFacts } from "../db/access-paths";
import {
  type GuardrailAttachment,
  guardrailAttachments,
  guardrailsCollected,
  type MemberAccountRead,
  memberAccountReads,
  type OrganisationSnapshot,
  accountNodeIn,
  organisationSnapshots,
  organisationTree,
} from "../db/organisations";
import type { HierarchyNode } from "../model";

export type { AccountTally } from "../analysis/account-access";

/**
 * The Accounts page: each AWS organisation as a tree (root → OUs → accounts) and, per account, who reaches it through
 * Entra (people per tier, MFA on the paths), the SCPs in force on it and whether its own IAM was read. Accounts that
 * paths reach but no stored organisation holds (per-account SAML without Organizations) are listed apart.
 */

/** Whether the account's own IAM (users, roles, SAML providers) was read. */
export type IamRead =
  | { collected: true; sourceId: string; snapshotId: string }
  | { collected: false; reason: string; sourceId: string | null };

export interface AccountSummary {
  accountId: string;
  name: string;
  status: string | null;
  email: string | null;
  /** The management account: SCPs and RCPs do not apply to it. */
  management: boolean;
  /** null: no path reaches it. */
  access: AccountTally | null;
  /** SCPs on the path root → OU… → account, by level; null = SCPs not collected. */
  scps: { level: string; policies: { name: string; rowId: number | null }[] }[] | null;
  iam: IamRead;
}

export type TreeRow =
  | { type: "node"; depth: number; id: string; kind: "root" | "organizationalUnit"; name: string; accounts: number }
  | { type: "account"; depth: number; account: AccountSummary };

export interface OrganisationView {
  org: OrganisationSnapshot;
  rows: TreeRow[];
  accounts: number;
}

export interface AccountsView {
  organisations: OrganisationView[];
  /** Accounts reached by a path that no stored organisation holds. */
  outside: AccountSummary[];
}

const str = (v: unknown) => (typeof v === "string" && v ? v : null);

/** The SCP levels over an account (root first); only levels holding policies are kept. */
function scpLevels(path: HierarchyNode[], attached: Map<string, GuardrailAttachment[]>): AccountSummary["scps"] {
  return path
    .map((n) => ({
      level: n.kind === "account" ? "account" : n.name,
      policies: (attached.get(n.providerId) ?? [])
        .filter((a) => a.kind === "serviceControlPolicy")
        .map((a) => ({ name: a.name, rowId: a.policyRowId })),
    }))
    .filter((l) => l.policies.length);
}

/** What the summaries of one organisation's accounts read: its tree, SCP attachments and member-account reads. */
interface OrganisationContext {
  org: OrganisationSnapshot;
  nodes: HierarchyNode[];
  byId: Map<string, HierarchyNode>;
  attached: Map<string, GuardrailAttachment[]>;
  scpsCollected: boolean;
  reads: Map<string, MemberAccountRead>;
  management: string | null;
}

async function organisationContext(db: Db, org: OrganisationSnapshot): Promise<OrganisationContext> {
  const [nodes, attachments, collected, reads] = await Promise.all([
    organisationTree(db, org),
    guardrailAttachments(db, org.snapshotId),
    guardrailsCollected(db, org.snapshotId),
    memberAccountReads(db, { organisationSourceId: org.sourceId }),
  ]);
  const attached = new Map<string, GuardrailAttachment[]>();
  for (const a of attachments) attached.set(a.nodeId, [...(attached.get(a.nodeId) ?? []), a]);
  const byId = new Map(nodes.map((n) => [n.providerId, n]));
  return {
    org,
    nodes,
    byId,
    attached,
    // Not reported: trust the rows only when some arrived (an organisation with SCPs enabled always has FullAWSAccess).
    scpsCollected: collected ?? attachments.some((a) => a.kind === "serviceControlPolicy"),
    reads,
    management: str(nodes.find((n) => n.kind === "root")?.attributes.managementAccountId),
  };
}

/** The path root → OU… → node (parents first; stops at a node whose parent is missing). */
function pathOf(ctx: OrganisationContext, id: string): HierarchyNode[] {
  const out: HierarchyNode[] = [];
  const seen = new Set<string>();
  for (
    let n = ctx.byId.get(id);
    n && !seen.has(n.providerId);
    n = n.parentProviderId ? ctx.byId.get(n.parentProviderId) : undefined
  ) {
    seen.add(n.providerId);
    out.unshift(n);
  }
  return out;
}

function iamReadOf(read: MemberAccountRead | undefined, fallback: string, node?: HierarchyNode): IamRead {
  if (read?.snapshotId && node?.attributes.readable !== false)
    return { collected: true, sourceId: read.sourceId, snapshotId: read.snapshotId };
  return {
    collected: false,
    sourceId: read?.sourceId ?? null,
    reason: str(node?.attributes.notCollectedReason) ?? str(node?.attributes.reason) ?? read?.problem ?? fallback,
  };
}

function accountSummary(ctx: OrganisationContext, n: HierarchyNode, access: AccountTally | null): AccountSummary {
  return {
    accountId: n.providerId,
    name: n.name,
    status: str(n.attributes.status) ?? str(n.attributes.state),
    email: str(n.attributes.email),
    management: n.providerId === ctx.management,
    access,
    scps: ctx.scpsCollected ? scpLevels(pathOf(ctx, n.providerId), ctx.attached) : null,
    iam: iamReadOf(ctx.reads.get(n.providerId), "its IAM was not read (no member-account snapshot of this account)", n),
  };
}

function loneAccountSummary(
  accountId: string,
  name: string,
  access: AccountTally | null,
  read: MemberAccountRead | undefined,
): AccountSummary {
  return {
    accountId,
    name,
    status: null,
    email: null,
    management: false,
    access,
    scps: null,
    iam: iamReadOf(read, "no source reads this account"),
  };
}

function organisationView(ctx: OrganisationContext, tallies: Map<string, AccountTally>): OrganisationView {
  const children = new Map<string | null, HierarchyNode[]>();
  for (const n of ctx.nodes) {
    const parent = n.parentProviderId && ctx.byId.has(n.parentProviderId) ? n.parentProviderId : null;
    children.set(parent, [...(children.get(parent) ?? []), n]);
  }
  const rank = (n: HierarchyNode) => (n.kind === "account" ? 1 : 0);
  for (const list of children.values()) list.sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name));
  const rows: TreeRow[] = [];
  const accountsUnder = (n: HierarchyNode): number =>
    (children.get(n.providerId) ?? []).reduce((a, c) => a + (c.kind === "account" ? 1 : accountsUnder(c)), 0);
  const walk = (n: HierarchyNode, depth: number) => {
    if (n.kind === "account") {
      rows.push({ type: "account", depth, account: accountSummary(ctx, n, tallies.get(n.providerId) ?? null) });
      return;
    }
    if (n.kind === "root" || n.kind === "organizationalUnit")
      rows.push({ type: "node", depth, id: n.providerId, kind: n.kind, name: n.name, accounts: accountsUnder(n) });
    for (const c of children.get(n.providerId) ?? []) walk(c, depth + 1);
  };
  for (const top of children.get(null) ?? []) walk(top, 0);
  return { org: ctx.org, rows, accounts: ctx.nodes.filter((n) => n.kind === "account").length };
}

/** One account's summary and where it sits (its organisation and the OUs above it), or null when nothing knows it. */
export async function findAccount(
  db: Db,
  accountId: string,
  access: AccountTally | null,
  nameFromPaths: string | null,
): Promise<{ account: AccountSummary; org: OrganisationSnapshot | null; path: HierarchyNode[] } | null> {
  const orgs = await organisationSnapshots(db);
  const holder = await accountNodeIn(
    db,
    orgs.map((o) => o.snapshotId),
    accountId,
  );
  const org = holder ? orgs.find((o) => o.snapshotId === holder) : undefined;
  if (org) {
    const ctx = await organisationContext(db, org);
    const node = ctx.byId.get(accountId)!;
    return { account: accountSummary(ctx, node, access), org, path: pathOf(ctx, accountId).slice(0, -1) };
  }
  if (nameFromPaths === null) return null;
  const reads = await memberAccountReads(db, { accountIds: [accountId] });
  return { account: loneAccountSummary(accountId, nameFromPaths, access, reads.get(accountId)), org: null, path: [] };
}

export async function listAccounts(db: Db): Promise<AccountsView> {
  const [orgs, facts] = await Promise.all([organisationSnapshots(db), awsAccountPathFacts(db)]);
  const tallies = tallyAccounts(facts);
  const organisations = await Promise.all(
    orgs.map(async (o) => organisationView(await organisationContext(db, o), tallies)),
  );
  const inOrg = new Set(
    organisations.flatMap((o) => o.rows.flatMap((r) => (r.type === "account" ? [r.account.accountId] : []))),
  );
  const names = new Map(facts.map((f) => [f.targetId, f.targetName]));
  const lone = [...tallies.values()].filter((t) => !inOrg.has(t.accountId));
  const reads = await memberAccountReads(db, { accountIds: lone.map((t) => t.accountId) });
  const outside = lone
    .map((t) => loneAccountSummary(t.accountId, names.get(t.accountId) ?? t.accountId, t, reads.get(t.accountId)))
    .sort((a, b) => a.name.localeCompare(b.name));
  return { organisations, outside };
}

import { type AccountTally, tallyAccounts } from "../analysis/account-access";
import type { Db } from "../db/client";
import { awsAccountPathFacts } from "../db/access-paths";
import {
  type GuardrailAttachment,
  guardrailAttachments,
  guardrailsCollected,
  memberAccountReads,
  type OrganisationSnapshot,
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
  | { collected: true; sourceId: string }
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

async function organisationView(
  db: Db,
  org: OrganisationSnapshot,
  tallies: Map<string, AccountTally>,
): Promise<OrganisationView> {
  const [nodes, attachments, collected, reads] = await Promise.all([
    organisationTree(db, org),
    guardrailAttachments(db, org.snapshotId),
    guardrailsCollected(db, org.snapshotId),
    memberAccountReads(db, { organisationSourceId: org.sourceId }),
  ]);
  const attached = new Map<string, GuardrailAttachment[]>();
  for (const a of attachments) attached.set(a.nodeId, [...(attached.get(a.nodeId) ?? []), a]);
  // Not reported: trust the rows only when some arrived (an organisation with SCPs enabled always has FullAWSAccess).
  const scpsCollected = collected ?? attachments.some((a) => a.kind === "serviceControlPolicy");
  const byId = new Map(nodes.map((n) => [n.providerId, n]));
  const children = new Map<string | null, HierarchyNode[]>();
  for (const n of nodes) {
    const parent = n.parentProviderId && byId.has(n.parentProviderId) ? n.parentProviderId : null;
    children.set(parent, [...(children.get(parent) ?? []), n]);
  }
  const rank = (n: HierarchyNode) => (n.kind === "account" ? 1 : 0);
  for (const list of children.values()) list.sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name));
  const root = nodes.find((n) => n.kind === "root");
  const management = str(root?.attributes.managementAccountId);

  const rows: TreeRow[] = [];
  const accountsUnder = (n: HierarchyNode): number =>
    (children.get(n.providerId) ?? []).reduce((a, c) => a + (c.kind === "account" ? 1 : accountsUnder(c)), 0);
  const walk = (n: HierarchyNode, depth: number, path: HierarchyNode[]) => {
    const here = [...path, n];
    if (n.kind === "account") {
      const read = reads.get(n.providerId);
      const unreadable = n.attributes.readable === false;
      const iam: IamRead =
        read?.snapshotId && !unreadable
          ? { collected: true, sourceId: read.sourceId }
          : {
              collected: false,
              sourceId: read?.sourceId ?? null,
              reason:
                str(n.attributes.reason) ??
                read?.problem ??
                "its IAM was not read (no member-account snapshot of this account)",
            };
      rows.push({
        type: "account",
        depth,
        account: {
          accountId: n.providerId,
          name: n.name,
          status: str(n.attributes.status) ?? str(n.attributes.state),
          email: str(n.attributes.email),
          management: n.providerId === management,
          access: tallies.get(n.providerId) ?? null,
          scps: scpsCollected ? scpLevels(here, attached) : null,
          iam,
        },
      });
      return;
    }
    if (n.kind === "root" || n.kind === "organizationalUnit")
      rows.push({ type: "node", depth, id: n.providerId, kind: n.kind, name: n.name, accounts: accountsUnder(n) });
    for (const c of children.get(n.providerId) ?? []) walk(c, depth + 1, here);
  };
  for (const top of children.get(null) ?? []) walk(top, 0, []);
  return { org, rows, accounts: nodes.filter((n) => n.kind === "account").length };
}

export async function listAccounts(db: Db): Promise<AccountsView> {
  const [orgs, facts] = await Promise.all([organisationSnapshots(db), awsAccountPathFacts(db)]);
  const tallies = tallyAccounts(facts);
  const organisations = await Promise.all(orgs.map((o) => organisationView(db, o, tallies)));
  const inOrg = new Set(
    organisations.flatMap((o) => o.rows.flatMap((r) => (r.type === "account" ? [r.account.accountId] : []))),
  );
  const names = new Map(facts.map((f) => [f.targetId, f.targetName]));
  const lone = [...tallies.values()].filter((t) => !inOrg.has(t.accountId));
  const reads = await memberAccountReads(db, { accountIds: lone.map((t) => t.accountId) });
  const outside = lone
    .map((t): AccountSummary => {
      const read = reads.get(t.accountId);
      return {
        accountId: t.accountId,
        name: names.get(t.accountId) ?? t.accountId,
        status: null,
        email: null,
        management: false,
        access: t,
        scps: null,
        iam: read?.snapshotId
          ? { collected: true, sourceId: read.sourceId }
          : {
              collected: false,
              sourceId: read?.sourceId ?? null,
              reason: read?.problem ?? "no source reads this account",
            },
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
  return { organisations, outside };
}

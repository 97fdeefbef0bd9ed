import { tallyAccounts } from "../../analysis/account-access";
import { pathGrant, pathSource } from "../../analysis/path-graph";
import { awsAccountPathFacts, hasAwsAccountPaths } from "../../db/access-paths";
import { type AccessPath, isUsablePath } from "../../model";
import { type Block, type Cell, col, type Row, type Table } from "../../report/document";
import type { ReportContext } from "./context";
import { pathInScope, pathRowPages } from "./path-pages";

/**
 * The audit's "AWS access through Entra": per account, who reaches it, how (Identity Center or SAML, the Entra group,
 * the permission set or role, the whole path), at which tier and with MFA enforced or not — a summary per account,
 * then one row per person and path. MFA unknown and tier unknown are written as not collected, never as no / none.
 */

const SUMMARY_COLUMNS = [
  col("account", "Account", "string", 16),
  col("accountId", "Account id", "string", 12),
  col("people", "People", "number", 6),
  col("admin", "Admin", "number", 6),
  col("privileged", "Privileged", "number", 7),
  col("write", "Write", "number", 6),
  col("read", "Read", "number", 6),
  col("tierUnknown", "Tier unknown", "number", 7),
  col("withoutMfa", "Paths without enforced MFA", "number", 9),
  col("mfaUnknown", "Paths with MFA unknown", "number", 9),
  col("notUsable", "Configured, not usable", "number", 8),
];

const PATH_COLUMNS = [
  col("account", "Account", "string", 14),
  col("accountId", "Account id", "string", 11),
  col("person", "Person", "string", 14),
  col("entraUser", "Entra user", "string", 19),
  col("via", "How", "string", 9),
  col("entraGroup", "Entra group", "string", 12),
  col("grant", "Permission set / role", "string", 16),
  col("tier", "Tier", "string", 7),
  col("mfaEnforced", "MFA enforced", "boolean", 7),
  col("mfaPolicies", "MFA policies", "string", 14),
  col("usable", "Usable now", "boolean", 6),
  col("path", "Path", "string", 37),
];

function pathRow(p: AccessPath, person: string | null): Row {
  const source = pathSource(p);
  const mfa: Cell = p.mfa === "enforced" ? true : p.mfa === "notEnforced" ? false : null;
  return [
    p.targetName,
    p.targetId,
    person,
    p.hops[0]?.name ?? p.entraPrincipalId,
    p.via === "saml" ? "SAML app" : "Identity Center",
    source.id === "direct" ? "(assigned directly)" : source.label,
    pathGrant(p).label,
    p.tier,
    mfa,
    (p.attributes.mfaPolicies ?? []).map((x) => x.name).join("; "),
    isUsablePath(p),
    p.hops.map((h) => h.name).join(" → "),
  ];
}

export async function awsAccessBlocks(ctx: ReportContext): Promise<Block[]> {
  if (!(await hasAwsAccountPaths(ctx.db)))
    return [
      {
        type: "paragraph",
        text: "Not collected: no AWS organisation (IAM Identity Center) or per-account SAML app has been traced from Entra, so who reaches which AWS account through Entra is unknown (not none).",
      },
    ];
  const needle = ctx.params.person?.trim().toLowerCase();
  const facts = (await awsAccountPathFacts(ctx.db)).filter((f) => pathInScope(ctx, f));
  const tallies = tallyAccounts(facts);
  const names = new Map(facts.map((f) => [f.targetId, f.targetName]));
  const summary: Table = {
    id: "aws-access-accounts",
    title: "AWS accounts reached through Entra",
    description: `People counted once per account at their highest tier there, over paths they can use now (assigned to the app, not disabled or blocked)${needle ? "; every person, not only those the person filter selects" : ""}.`,
    columns: SUMMARY_COLUMNS,
    rows: [...tallies.values()]
      .sort((a, b) => (names.get(a.accountId) ?? "").localeCompare(names.get(b.accountId) ?? ""))
      .map((t) => [
        names.get(t.accountId) ?? t.accountId,
        t.accountId,
        t.people,
        t.peopleByTier.admin,
        t.peopleByTier.privileged,
        t.peopleByTier.write,
        t.peopleByTier.read,
        t.peopleByTier.unknown,
        t.mfa.notEnforced,
        t.mfa.unknown,
        t.unusable,
      ]),
  };
  const paths: Table = {
    id: "aws-access-paths",
    title: "Who reaches each AWS account, and how",
    description:
      'One row per person and path, by account. MFA enforced: "not collected" when conditional access was not read.',
    columns: PATH_COLUMNS,
    emptyText: "No path in this scope.",
    rows: {
      count: null,
      async *pages() {
        yield* pathRowPages(ctx, "awsAccount", pathRow);
      },
    },
  };
  return [
    { type: "table", table: summary },
    { type: "table", table: paths },
  ];
}

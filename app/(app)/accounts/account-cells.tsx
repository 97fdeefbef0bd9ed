import Link from "next/link";
import type { Tier } from "@/lib/model";
import type { AccountSummary, AccountTally } from "@/lib/services/browse-accounts";
import { Chip, NotCollected, TierBadge } from "../../components/badges";
import { keyed } from "../../components/keyed";

/** Cells the Accounts page and the account page share: people per tier, MFA on the paths, SCPs, IAM read. */

const SHOWN_TIERS: (Tier | "unknown")[] = ["admin", "privileged", "write", "read", "none", "unknown"];

/** People per tier (each person once, at their highest tier here); each count opens the account filtered to them. */
export function PeopleByTier({ accountId, access }: { accountId: string; access: AccountTally | null }) {
  if (!access || access.people === 0)
    return (
      <span className="text-muted">{access?.unusable ? "nobody (paths not usable)" : "nobody through Entra"}</span>
    );
  return (
    <ul className="flex flex-wrap items-center gap-1.5" aria-label="People per tier">
      {SHOWN_TIERS.filter((t) => access.peopleByTier[t] > 0).map((t) => (
        <li key={t}>
          <Link
            href={`/accounts/${accountId}?tier=${t}`}
            className="inline-flex items-center gap-1 hover:underline"
            title={`People whose highest tier in this account is ${t}`}
          >
            <span className="tabular-nums font-semibold">{access.peopleByTier[t].toLocaleString("en-US")}</span>
            {t === "unknown" ? <NotCollected label="tier unknown" /> : <TierBadge tier={t} />}
          </Link>
        </li>
      ))}
    </ul>
  );
}

/** Usable paths by MFA: not enforced, not known (never folded into either), enforced. */
export function PathMfa({ accountId, access }: { accountId: string; access: AccountTally | null }) {
  if (!access || access.paths === 0) return <span className="text-muted">—</span>;
  const { notEnforced, unknown, enforced } = access.mfa;
  return (
    <span className="flex flex-wrap items-center gap-1.5">
      {notEnforced ? (
        <Link href={`/accounts/${accountId}?mfa=notEnforced`} title="Paths whose MFA is not enforced">
          <Chip tone="danger">⚠ {notEnforced.toLocaleString("en-US")} without MFA</Chip>
        </Link>
      ) : null}
      {unknown ? (
        <Link href={`/accounts/${accountId}?mfa=unknown`}>
          <NotCollected
            label={`${unknown.toLocaleString("en-US")} MFA unknown`}
            why="Conditional access not collected"
          />
        </Link>
      ) : null}
      {enforced ? (
        <Link href={`/accounts/${accountId}?mfa=enforced`}>
          <Chip tone="ok">✓ {enforced.toLocaleString("en-US")} enforced</Chip>
        </Link>
      ) : null}
    </span>
  );
}

/** The SCPs in force on the account, by level (root, each OU, the account). */
export function ScpList({ a }: { a: AccountSummary }) {
  if (a.management) return <span className="text-muted">none apply (management account)</span>;
  if (a.scps === null) return <NotCollected label="SCPs not collected" />;
  if (!a.scps.length) return <span className="text-muted">none attached</span>;
  return (
    <ul className="space-y-0.5">
      {a.scps.map((l) => (
        <li key={l.level}>
          <span className="text-xs text-muted">{l.level}: </span>
          {keyed(l.policies, (p) => p.name).map(({ key, item: p, index: i }) => (
            <span key={key}>
              {i ? ", " : ""}
              {p.rowId !== null ? (
                <Link href={`/policies/${p.rowId}`} className="link">
                  {p.name}
                </Link>
              ) : (
                p.name
              )}
            </span>
          ))}
        </li>
      ))}
    </ul>
  );
}

/** Whether the account's own IAM was read (SAML roles, IAM users); "not collected" with the reason otherwise. */
export function IamRead({ a }: { a: AccountSummary }) {
  if (a.iam.collected)
    return (
      <Link href={`/sources/${a.iam.sourceId}`} className="link">
        ✓ read
      </Link>
    );
  return (
    <span className="inline-flex flex-col items-start gap-0.5">
      <NotCollected label="IAM not collected" why={a.iam.reason} />
      <span className="text-xs text-muted">{a.iam.reason}</span>
    </span>
  );
}

import Link from "next/link";
import type { PersonAwsAccess } from "@/lib/services/get-person-aws-access";
import { Chip, NotCollected, TierBadge } from "../../../components/badges";
import { Panel } from "../../../components/shell";
import { Hops, MfaOnPath } from "../../accounts/[id]/path-table";

/** The person page's AWS accounts: each account reached through Entra, each path hop by hop, tier and MFA. */
export function AwsAccountsSection({ d }: { d: PersonAwsAccess }) {
  const n = d.accounts.length;
  return (
    <Panel title={`AWS accounts through Entra (${n})`}>
      {!d.traced ? (
        <NotCollected
          label="No AWS organisation or SAML app traced"
          why="Load an AWS organisation (IAM Identity Center) and the Entra tenant's AWS apps to see these paths"
        />
      ) : d.entraIdentities === 0 ? (
        <p className="text-sm text-muted">No Entra identity: people reach AWS accounts through their Entra user.</p>
      ) : n === 0 ? (
        <p className="text-sm text-muted">Reaches no AWS account through Identity Center or a SAML app.</p>
      ) : (
        <ul className="space-y-4" aria-label="AWS accounts this person reaches">
          {d.accounts.map((a) => (
            <li key={a.accountId} className="rounded border border-border p-3">
              <div className="mb-2 flex flex-wrap items-center gap-2">
                <Link href={`/accounts/${a.accountId}`} className="link font-semibold">
                  {a.accountName}
                </Link>
                <span className="font-mono text-xs text-muted">{a.accountId}</span>
                <TierBadge tier={a.tier} />
                {a.notEnforced ? <Chip tone="danger">⚠ {a.notEnforced} without enforced MFA</Chip> : null}
              </div>
              <ul className="divide-y divide-border">
                {a.paths.map((r) => (
                  <li
                    key={r.hops.map((h) => h.name).join("|")}
                    className="grid gap-2 py-2 md:grid-cols-[minmax(0,1fr)_7rem_10rem]"
                  >
                    <div>
                      <div className="mb-1 flex flex-wrap gap-1">
                        <Chip>{r.via === "saml" ? "SAML app" : "Identity Center"}</Chip>
                        {r.usable ? null : <Chip tone="warn">not usable now</Chip>}
                      </div>
                      <Hops hops={r.hops} />
                      {r.problems.map((p) => (
                        <p key={p} className="mt-1 text-xs text-warn">
                          ⚠ {p}
                        </p>
                      ))}
                    </div>
                    <div>
                      <TierBadge tier={r.tier} />
                    </div>
                    <MfaOnPath mfa={r.mfa} policies={r.mfaPolicies} caveats={r.mfaCaveats} />
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      )}
    </Panel>
  );
}

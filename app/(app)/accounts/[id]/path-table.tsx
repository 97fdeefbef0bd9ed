import Link from "next/link";
import type { AccessPathRow, HopView } from "@/lib/services/get-account-access";
import { Chip, NotCollected, TierBadge } from "../../../components/badges";
import { keyed } from "../../../components/keyed";

/** One row per person and path; the path is its hops in order, each a link to the page that shows it. */

const HOP_LABEL: Record<HopView["kind"], string> = {
  entraUser: "Entra user",
  entraGroup: "Entra group",
  enterpriseApp: "Enterprise app",
  identityCenterUser: "Identity Center user",
  identityCenterGroup: "Identity Center group",
  permissionSet: "Permission set",
  awsAccount: "AWS account",
  samlProvider: "SAML provider",
  iamRole: "IAM role",
  azureScope: "Azure scope",
  azureRole: "Azure role",
};

export function Hops({ hops }: { hops: HopView[] }) {
  return (
    <ol className="flex flex-wrap items-center gap-x-1 gap-y-1 text-sm">
      {keyed(hops, (h) => `${h.kind}|${h.name}`).map(({ key, item: h, index }) => (
        <li key={key} className="inline-flex items-center gap-1">
          {index ? (
            <span aria-hidden className="text-muted">
              →
            </span>
          ) : null}
          <span className="inline-flex flex-col">
            <span className="text-[10px] uppercase tracking-wide text-muted">{HOP_LABEL[h.kind]}</span>
            {h.href ? (
              <Link href={h.href} className="link break-all">
                {h.name}
              </Link>
            ) : (
              <span className="break-all">{h.name}</span>
            )}
            {h.note ? <span className="text-[11px] text-warn">{h.note}</span> : null}
          </span>
        </li>
      ))}
    </ol>
  );
}

export function MfaOnPath({
  mfa,
  policies,
  caveats,
}: {
  mfa: AccessPathRow["mfa"];
  policies: string[];
  caveats: string[];
}) {
  return (
    <span className="inline-flex flex-col items-start gap-1">
      {mfa === "enforced" ? (
        <Chip tone="ok">✓ enforced</Chip>
      ) : mfa === "notEnforced" ? (
        <Chip tone="danger">⚠ not enforced</Chip>
      ) : (
        <NotCollected label="MFA unknown" why="Conditional access was not collected" />
      )}
      {policies.length ? <span className="text-xs text-muted">by {policies.join(", ")}</span> : null}
      {caveats.map((c) => (
        <span key={c} className="text-xs text-warn">
          {c}
        </span>
      ))}
    </span>
  );
}

export function PathTable({ rows }: { rows: AccessPathRow[] }) {
  return (
    <div className="mt-4 overflow-x-auto">
      <table className="w-full min-w-[48rem] text-sm">
        <caption className="sr-only">Paths into this account, one row per person and path</caption>
        <thead className="text-left text-xs uppercase tracking-wide text-muted">
          <tr>
            <th scope="col" className="py-2 pr-3 font-medium">
              Person
            </th>
            <th scope="col" className="py-2 pr-3 font-medium">
              Path
            </th>
            <th scope="col" className="py-2 pr-3 font-medium">
              Tier
            </th>
            <th scope="col" className="py-2 pr-3 font-medium">
              MFA on the path
            </th>
          </tr>
        </thead>
        <tbody>
          {keyed(rows, (r) => r.hops.map((h) => h.name).join("|")).map(({ key, item: r }) => (
            <tr key={key} className="border-t border-border align-top" data-testid="path-row">
              <td className="py-2 pr-3">
                {r.person ? (
                  <Link href={`/people/${r.person.id}`} className="link font-medium">
                    {r.person.displayName}
                  </Link>
                ) : (
                  <span className="font-medium">{r.entraUser}</span>
                )}
                <div className="mt-1 flex flex-wrap gap-1">
                  <Chip>{r.via === "saml" ? "SAML app" : "Identity Center"}</Chip>
                  {r.usable ? null : <Chip tone="warn">not usable now</Chip>}
                </div>
              </td>
              <td className="py-2 pr-3">
                <Hops hops={r.hops} />
                {r.problems.map((p) => (
                  <p key={p} className="mt-1 text-xs text-warn">
                    ⚠ {p}
                  </p>
                ))}
              </td>
              <td className="py-2 pr-3">
                <TierBadge tier={r.tier} />
              </td>
              <td className="py-2 pr-3">
                <MfaOnPath mfa={r.mfa} policies={r.mfaPolicies} caveats={r.mfaCaveats} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

import Link from "next/link";
import { coverageState, type TierReason } from "@/lib/model";
import type { IdentityDetail } from "@/lib/services/get-person";
import { Chip, CoverageBadge, NotCollected, TierBadge, When, YesNo } from "../../../components/badges";
import { HBars } from "../../../components/charts";
import { MfaPair } from "../../../components/compare";
import { keyed } from "../../../components/keyed";
import { StateBadge } from "../../_inventory/cells";
import { tierReasonKey } from "../../_inventory/detail-parts";

const h3 = "mb-1.5 mt-4 text-sm font-semibold uppercase tracking-wide text-muted";

function Reasons({ reasons }: { reasons: TierReason[] }) {
  if (reasons.length === 0) return <p className="text-sm text-muted">Nothing grants access above “none”.</p>;
  return (
    <ul className="space-y-1 text-sm">
      {reasons.map((r) => (
        <li key={tierReasonKey(r)} className="flex flex-wrap items-baseline gap-1.5">
          <TierBadge tier={r.tier} />
          <strong className="break-all">{r.permissionSet}</strong>
          {r.via ? <span className="text-muted">via {r.via}</span> : null}
          <span className="basis-full pl-1 text-muted">{r.detail}</span>
        </li>
      ))}
    </ul>
  );
}

/** One identity on one side of the person page: who, tier with reasons, MFA, CA coverage or AWS access, groups. */
export function IdentityCard({ d }: { d: IdentityDetail }) {
  const p = d.principal;
  return (
    <article
      className="rounded-lg border border-border bg-surface p-4"
      aria-label={`${p?.name ?? d.providerId} in ${d.sourceName}`}
    >
      <header className="flex flex-wrap items-start justify-between gap-2">
        <div className="min-w-0">
          <h3 className="break-all text-base font-semibold">
            {p ? (
              <Link href={`/principals/${p.id}`} className="link">
                {p.kind === "user" && p.upn ? p.upn : p.name}
              </Link>
            ) : (
              d.providerId
            )}
          </h3>
          <p className="text-xs text-muted">
            {p?.kind ?? "identity"} in {d.sourceName}
            {p?.displayName && p.displayName !== p.name ? ` · ${p.displayName}` : ""}
          </p>
        </div>
        {d.tier ? <TierBadge tier={d.tier.tier} /> : <TierBadge tier={null} />}
      </header>
      {d.error ? (
        <p role="alert" className="mt-2 rounded border border-warn bg-warn-bg px-2 py-1 text-sm text-warn">
          {d.error}
        </p>
      ) : null}
      {p ? (
        <dl className="mt-3 grid grid-cols-2 gap-x-4 gap-y-1 text-sm">
          <dt className="text-muted">Enabled</dt>
          <dd>
            <YesNo value={p.enabled} good />
          </dd>
          {d.cloud === "entra" ? (
            <>
              <dt className="text-muted">Type</dt>
              <dd>{p.guest === null ? <NotCollected /> : p.guest ? <Chip tone="warn">Guest</Chip> : "Member"}</dd>
            </>
          ) : null}
          <dt className="text-muted">Last activity</dt>
          <dd>
            <When value={p.lastActivityAt} empty={<span className="text-muted">none recorded</span>} />
          </dd>
          <dt className="text-muted">Created</dt>
          <dd>
            <When value={p.createdAt} />
          </dd>
        </dl>
      ) : null}

      {d.tier ? (
        <>
          <h4 className={h3}>Why this tier</h4>
          <Reasons reasons={d.tier.reasons} />
          {d.tier.eligibleTier ? (
            <div className="mt-2 rounded border border-dashed border-border p-2">
              <p className="mb-1 text-sm">
                <strong>PIM-eligible</strong> (not active until activated): up to{" "}
                <TierBadge tier={d.tier.eligibleTier} />
              </p>
              <Reasons reasons={d.tier.eligibleReasons} />
            </div>
          ) : null}
        </>
      ) : null}

      {d.mfa ? (
        <>
          <h4 className={h3}>MFA</h4>
          <div className="flex flex-wrap items-center gap-2 text-sm">
            <MfaPair registered={d.mfa.registered} enforced={d.mfa.enforced} />
            {d.mfa.enforcement === "partial" ? <Chip tone="warn">◐ partly enforced</Chip> : null}
            {d.mfa.gap === "registeredNotEnforced" ? <Chip tone="warn">gap: registered, not enforced</Chip> : null}
            {d.mfa.gap === "enforcedNotRegistered" ? <Chip tone="warn">gap: enforced, nothing registered</Chip> : null}
            {d.mfa.breakGlass ? (
              <Chip tone="info" title={d.mfa.breakGlass.reason}>
                break-glass
              </Chip>
            ) : null}
          </div>
          {d.mfa.via.length ? (
            <p className="mt-1 text-sm">
              <span className="text-muted">Enforced by </span>
              {d.mfa.via.join(", ")}
            </p>
          ) : d.mfa.enforced === false ? (
            <p className="mt-1 text-sm text-muted">
              No{" "}
              {d.cloud === "aws"
                ? "policy denies requests without MFA"
                : "enabled conditional-access policy requires MFA"}{" "}
              for this identity.
            </p>
          ) : null}
          {d.mfa.breakGlass ? <p className="mt-1 text-sm text-muted">Break-glass: {d.mfa.breakGlass.reason}</p> : null}
          {d.mfa.caveats.length ? (
            <ul className="mt-1 list-disc pl-5 text-sm text-muted">
              {keyed(d.mfa.caveats, (c) => c).map(({ key, item: c }) => (
                <li key={key}>{c}</li>
              ))}
            </ul>
          ) : null}
        </>
      ) : null}

      {d.cloud === "entra" && p?.kind === "user" ? (
        <>
          <h4 className={h3}>Conditional access</h4>
          {!d.caCollected ? (
            <NotCollected
              label="Conditional access not collected"
              why="The tenant's conditional-access policies were not collected (licence or permission)"
            />
          ) : d.ca ? (
            <>
              <div className="mb-2 flex flex-wrap gap-1.5 text-sm">
                <Chip tone={d.ca.mfaPolicies.length ? "ok" : "danger"}>
                  {d.ca.mfaPolicies.length ? "✓" : "✕"} requires MFA
                </Chip>
                <Chip tone={d.ca.blocksLegacyAuth ? "ok" : "danger"}>
                  {d.ca.blocksLegacyAuth ? "✓" : "✕"} blocks legacy auth
                </Chip>
                <Chip tone={d.ca.restrictsLocation ? "ok" : "neutral"}>
                  {d.ca.restrictsLocation ? "✓" : "○"} restricts location
                </Chip>
              </div>
              <table className="w-full table-fixed text-sm">
                <caption className="sr-only">Conditional-access policies for this user</caption>
                <thead>
                  <tr className="border-b border-border text-left text-xs uppercase tracking-wide text-muted">
                    <th scope="col" className="w-[42%] py-1 pr-2">
                      Policy
                    </th>
                    <th scope="col" className="w-[26%] py-1 pr-2">
                      For this user
                    </th>
                    <th scope="col" className="py-1">
                      Why
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {d.ca.coverage.map((c) => (
                    <tr key={c.policyId} className="border-b border-border align-top last:border-b-0">
                      <td className="py-1.5 pr-2">
                        <span className="block break-words">{c.policyName}</span>
                        <span className="mt-0.5 inline-flex gap-1">
                          <StateBadge state={c.state} />
                          {c.requiresMfa ? <Chip>MFA</Chip> : null}
                        </span>
                      </td>
                      <td className="py-1.5 pr-2">
                        <CoverageBadge state={coverageState(c.status, c.state)} />
                      </td>
                      <td className="py-1.5 text-muted">{c.why.join(" ")}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          ) : null}
        </>
      ) : null}

      {d.access ? (
        <>
          <h4 className={h3}>Effective AWS access</h4>
          <p className="text-sm">
            <strong className="tabular-nums">{d.access.allowed.toLocaleString("en-US")}</strong> actions allowed
            {d.access.conditional ? `, ${d.access.conditional.toLocaleString("en-US")} only under a condition` : ""}
            {d.access.deniedExplicit ? `, ${d.access.deniedExplicit.toLocaleString("en-US")} denied explicitly` : ""}
            {d.access.deniedByBoundary
              ? `, ${d.access.deniedByBoundary.toLocaleString("en-US")} cut by a boundary`
              : ""}
            .
          </p>
          <div className="mt-2">
            <HBars
              caption="Allowed actions by access level"
              height={150}
              rows={Object.entries(d.access.byLevel).map(([level, n]) => ({
                label: level,
                value: n,
                color:
                  level === "Permissions management"
                    ? "var(--c-danger)"
                    : level === "Write"
                      ? "var(--c-warn)"
                      : level === "Tagging"
                        ? "var(--c-info)"
                        : "var(--c-ok)",
              }))}
            />
          </div>
          {d.access.services.length ? (
            <p className="mt-1 text-xs text-muted">
              Most access in:{" "}
              {d.access.services
                .slice(0, 6)
                .map((s) => `${s.serviceName || s.service} (${s.total})`)
                .join(", ")}
            </p>
          ) : null}
        </>
      ) : null}

      {p && p.kind !== "group" ? (
        <>
          <h4 className={h3}>Groups ({d.groups.length})</h4>
          {d.groups.length ? (
            <p className="text-sm">
              {d.groups.map((g, i) => (
                <span key={g.providerId}>
                  {i ? ", " : ""}
                  {g.name}
                  {g.direct ? "" : <span className="text-muted"> (nested)</span>}
                </span>
              ))}
            </p>
          ) : (
            <p className="text-sm text-muted">Not a member of any group.</p>
          )}
        </>
      ) : null}
    </article>
  );
}

import Link from "next/link";
import { db } from "@/lib/db/client";
import { getPersonAzure, type PersonAzureGrant } from "@/lib/services/get-person-azure";
import { getPersonAzureScopes, type PersonAzureScope } from "@/lib/services/get-person-azure-scopes";
import type { AzureAssignmentListRow } from "@/lib/services/browse-azure";
import { Hops } from "../../accounts/[id]/path-table";
import { Chip, NotCollected, TierBadge } from "../../../components/badges";
import { Panel } from "../../../components/shell";
import { AzureState } from "../../azure/assignment-cells";

/**
 * The person's Azure RBAC access (owned by the Azure pages, beside the AWS accounts): each role they hold at a scope,
 * directly or through a group, permanent / PIM active / eligible, with the tier of the role and why. A role granted
 * at a management group applies to every subscription below it.
 */
export async function AzureRbacSection({
  personKey,
  identities,
}: {
  personKey: string;
  identities: { providerId: string; emails: string[] }[];
}) {
  const [az, scopes] = await Promise.all([
    getPersonAzure(
      db(),
      identities.map((i) => i.providerId),
      identities.flatMap((i) => i.emails),
    ),
    getPersonAzureScopes(db(), personKey),
  ]);
  return (
    <section aria-label="Azure access" className="min-w-0">
      <Panel
        title={
          <span className="inline-flex flex-wrap items-center gap-2">
            Azure scopes through Entra ({az.direct.length})
            {az.highest ? <TierBadge tier={az.highest.row.tier} /> : null}
            {az.highestEligible ? (
              <span className="inline-flex items-center gap-1 text-xs font-normal text-muted">
                eligible for <TierBadge tier={az.highestEligible.row.tier} />
              </span>
            ) : null}
          </span>
        }
      >
        {az.estates.length === 0 ? (
          <p className="text-sm">
            <NotCollected label="No Azure estate loaded" why="Add the tenant's Azure source to see role assignments" />
          </p>
        ) : identities.length === 0 ? (
          <p className="text-sm text-muted">No Entra identity: Azure roles are granted to Entra objects.</p>
        ) : az.direct.length === 0 ? (
          <p className="text-sm text-muted">
            No Azure role at any scope of {az.estates.map((e) => e.sourceName).join(", ")}, directly or through a group.
          </p>
        ) : (
          <>
            <EffectiveScopes scopes={scopes} />
            <details className="mt-3">
              <summary className="cursor-pointer text-sm font-medium">
                Role assignments that name them or their groups ({az.direct.length})
              </summary>
              <div className="mt-2 overflow-x-auto">
                <table className="w-full min-w-[24rem] text-sm">
                  <caption className="sr-only">Azure roles of this person by scope</caption>
                  <thead className="text-left text-xs uppercase tracking-wide text-muted">
                    <tr>
                      <th scope="col" className="py-1.5 pr-2 font-medium">
                        Role
                      </th>
                      <th scope="col" className="py-1.5 pr-2 font-medium">
                        Scope
                      </th>
                      <th scope="col" className="py-1.5 pr-2 font-medium">
                        Through
                      </th>
                      <th scope="col" className="py-1.5 font-medium">
                        State
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {az.direct.map((g) => (
                      <GrantRow key={`${g.row.snapshotId}|${g.row.id}`} g={g} />
                    ))}
                  </tbody>
                </table>
              </div>
            </details>
          </>
        )}
        {az.estates.some((e) => !e.hasDirectory) ? (
          <p className="mt-2 text-xs">
            <NotCollected
              label="Group memberships not read for some estates"
              why="Without the tenant's Entra source, roles held through groups cannot be found"
            />
          </p>
        ) : null}
      </Panel>
    </section>
  );
}

const KIND_WORDS: Record<string, string> = {
  root: "root scope",
  managementGroup: "management group",
  subscription: "subscription",
  resourceGroup: "resource group",
  resource: "resource",
};

/**
 * Scope by scope, what the person can do there and every way they got it: the path (user → group → role → where it
 * was assigned → the subscription that inherits it), PIM state, and what deny assignments took away.
 */
function EffectiveScopes({ scopes }: { scopes: PersonAzureScope[] }) {
  if (scopes.length === 0)
    return <p className="text-sm text-muted">No effective access traced (no access path stored for this person).</p>;
  return (
    <ul className="space-y-3" aria-label="Azure scopes this person reaches">
      {scopes.map((s) => (
        <li key={`${s.estate}|${s.id}`} className="rounded border border-border p-3">
          <div className="mb-1 flex flex-wrap items-center gap-2">
            <Link
              href={`/azure?tab=assignments&scope=${encodeURIComponent(s.id)}`}
              className="link font-semibold"
              title={s.id}
            >
              {s.name}
            </Link>
            <span className="text-xs text-muted">{KIND_WORDS[s.kind] ?? s.kind}</span>
            {s.tier ? <TierBadge tier={s.tier} /> : null}
            {s.eligibleTier ? (
              <span className="inline-flex items-center gap-1 text-xs text-muted">
                eligible for <TierBadge tier={s.eligibleTier} />
              </span>
            ) : null}
          </div>
          {s.resourceGroups.length ? (
            <p className="mb-1 text-xs text-muted">
              Inherited by its {s.resourceGroups.length} resource group{s.resourceGroups.length === 1 ? "" : "s"}:{" "}
              {s.resourceGroups.join(", ")}
            </p>
          ) : null}
          <ul className="divide-y divide-border">
            {s.paths.map((p) => (
              <li key={p.hops.map((h) => h.name).join("|") + p.state} className="py-2">
                <div className="mb-1 flex flex-wrap items-center gap-1">
                  <AzureState kind={p.state as AzureAssignmentListRow["kind"]} until={null} />
                  {p.inherited ? <Chip tone="info">inherited from {p.grantedAt.name}</Chip> : null}
                  {p.tier ? <TierBadge tier={p.tier} /> : <NotCollected label="tier unknown" />}
                </div>
                <Hops hops={p.hops} />
                {p.denied.length ? (
                  <p className="mt-1 text-xs text-warn">
                    ⊘ Deny assignment {p.denied.map((d) => d.name).join("; ")}
                    {p.tierBeforeDeny && p.tierBeforeDeny !== p.tier
                      ? `: ${p.tierBeforeDeny} → ${p.tier ?? "unknown"} here`
                      : ": removes actions here, the tier stays"}
                  </p>
                ) : null}
              </li>
            ))}
          </ul>
        </li>
      ))}
    </ul>
  );
}

function GrantRow({ g }: { g: PersonAzureGrant }) {
  const r = g.row;
  return (
    <tr className="border-t border-border align-top">
      <td className="py-1.5 pr-2" title={r.tierDetail}>
        <span className="mr-1 font-medium">{r.roleName}</span>
        {r.kind === "deny" ? <Chip tone="danger">deny</Chip> : <TierBadge tier={r.tier} />}
        {r.roleBuiltIn === false ? <span className="ml-1 text-xs text-muted">(custom)</span> : null}
        {r.conditional ? (
          <span className="ml-1">
            <Chip tone="info">condition</Chip>
          </span>
        ) : null}
      </td>
      <td className="py-1.5 pr-2">
        <Link
          href={`/azure?tab=assignments&scope=${encodeURIComponent(r.scope)}&at=1`}
          className="link"
          title={r.scope}
        >
          {r.scopeName}
        </Link>
        <span className="block text-xs text-muted">
          {r.scopeKind}
          {r.scopeKind === "managementGroup" || r.scopeKind === "root" ? " · applies to every subscription below" : ""}
        </span>
      </td>
      <td className="py-1.5 pr-2">{g.via ? <span title={g.via.id}>group {g.via.name}</span> : "direct"}</td>
      <td className="py-1.5">
        <AzureState kind={r.kind} until={r.endDateTime} />
      </td>
    </tr>
  );
}

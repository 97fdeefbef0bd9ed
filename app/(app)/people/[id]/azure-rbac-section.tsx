import Link from "next/link";
import { db } from "@/lib/db/client";
import { getPersonAzure, type PersonAzureGrant } from "@/lib/services/get-person-azure";
import { Chip, NotCollected, TierBadge } from "../../../components/badges";
import { Panel } from "../../../components/shell";
import { AzureState } from "../../azure/assignment-cells";

/**
 * The person's Azure RBAC access (owned by the Azure pages, beside the AWS accounts): each role they hold at a scope,
 * directly or through a group, permanent / PIM active / eligible, with the tier of the role and why. A role granted
 * at a management group applies to every subscription below it.
 */
export async function AzureRbacSection({ identities }: { identities: { providerId: string; emails: string[] }[] }) {
  const az = await getPersonAzure(
    db(),
    identities.map((i) => i.providerId),
    identities.flatMap((i) => i.emails),
  );
  return (
    <Panel
      title={
        <span className="inline-flex flex-wrap items-center gap-2">
          Azure scopes through Entra ({az.direct.length}){az.highest ? <TierBadge tier={az.highest.row.tier} /> : null}
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
        <div className="overflow-x-auto">
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

import Link from "next/link";
import type { ScopeTreeNode } from "@/lib/services/browse-azure";
import { TIERS } from "@/lib/model";
import type { AzureEstateSummary } from "@/lib/services/refresh-azure-views";
import { Chip, NotCollected, TierBadge } from "../../components/badges";

const KIND: Record<ScopeTreeNode["kind"], string> = {
  root: "root scope",
  managementGroup: "management group",
  subscription: "subscription",
};

/** A count linked to the role-assignment list that holds exactly those rows (0 is plain text). */
function CountLink({ n, href, label }: { n: number; href: string; label: string }) {
  if (n === 0) return <span className="text-muted tabular-nums">0</span>;
  return (
    <Link href={href} className="link tabular-nums" aria-label={`${n} ${label}`}>
      {n.toLocaleString("en-US")}
    </Link>
  );
}

/**
 * The management-group tree of one estate: per node the role assignments in force from there down (its own and
 * every scope below it), by tier, eligible and deny apart. An unreadable subscription shows "not collected" and
 * every node above it says how many of those it holds: its numbers are then a floor, not a total.
 */
export function EstateTree({ estate }: { estate: AzureEstateSummary }) {
  const href = (n: ScopeTreeNode, extra: string) =>
    `/azure?tab=assignments&scope=${encodeURIComponent(n.id)}${extra ? `&${extra}` : ""}`;
  return (
    <div className="overflow-x-auto">
      <table className="w-full min-w-[52rem] text-sm">
        <caption className="sr-only">Management groups and subscriptions of {estate.sourceName}</caption>
        <thead className="text-left text-xs uppercase tracking-wide text-muted">
          <tr>
            <th scope="col" className="py-2 pr-3 font-medium">
              Scope
            </th>
            {TIERS.map((t) => (
              <th key={t} scope="col" className="py-2 pr-3 text-right font-medium">
                <TierBadge tier={t} />
              </th>
            ))}
            <th scope="col" className="py-2 pr-3 text-right font-medium">
              of which eligible
            </th>
            <th scope="col" className="py-2 pr-3 text-right font-medium">
              deny
            </th>
          </tr>
        </thead>
        <tbody>
          {estate.nodes.map((n) => (
            <tr key={n.id} className="border-t border-border align-top">
              <th
                scope="row"
                className="py-1.5 pr-3 text-left font-normal"
                style={{ paddingLeft: `${n.depth * 1.25}rem` }}
              >
                <span className="inline-flex flex-wrap items-center gap-1.5">
                  <span aria-hidden className="text-muted">
                    {n.kind === "subscription" ? "▪" : "▾"}
                  </span>
                  <Link href={href(n, "")} className={n.kind === "subscription" ? "link" : "link font-semibold"}>
                    {n.name}
                  </Link>
                  <span className="text-xs text-muted">{KIND[n.kind]}</span>
                  {n.state && n.state !== "Enabled" ? <Chip tone="warn">{n.state.toLowerCase()}</Chip> : null}
                  {n.inferred ? (
                    <Chip title="Not in the management-group tree that was read; known from assignment scopes">
                      placement unknown
                    </Chip>
                  ) : null}
                  {n.kind !== "subscription" && n.notCollectedBelow > 0 ? (
                    <NotCollected
                      label={`${n.notCollectedBelow} subscription${n.notCollectedBelow === 1 ? "" : "s"} not collected`}
                      why="Counts here leave out the subscriptions the reader could not read: they are at least these numbers"
                    />
                  ) : null}
                </span>
              </th>
              {n.kind === "subscription" && !n.readable ? (
                <td colSpan={TIERS.length + 2} className="py-1.5 pr-3">
                  <NotCollected why={n.reason} label={`Not collected${n.reason ? `: ${n.reason}` : ""}`} />
                </td>
              ) : (
                <>
                  {TIERS.map((t) => (
                    <td key={t} className="py-1.5 pr-3 text-right">
                      <CountLink
                        n={n.below[t]}
                        href={href(n, `tier=${t}`)}
                        label={`${t} assignments under ${n.name}`}
                      />
                    </td>
                  ))}
                  <td className="py-1.5 pr-3 text-right">
                    <CountLink
                      n={n.below.eligible}
                      href={href(n, "state=eligible")}
                      label={`eligible assignments under ${n.name}`}
                    />
                  </td>
                  <td className="py-1.5 pr-3 text-right">
                    <CountLink
                      n={n.below.deny}
                      href={href(n, "state=deny")}
                      label={`deny assignments under ${n.name}`}
                    />
                  </td>
                </>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

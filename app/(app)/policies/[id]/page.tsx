import Link from "next/link";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { getPolicyDetail } from "@/lib/services/browse-policy";
import { Chip, ProviderBadge, When } from "../../../components/badges";
import { keyed } from "../../../components/keyed";
import { PageHeader, Panel } from "../../../components/shell";
import { kindLabel } from "../../_inventory/cells";
import { Facts, Json, PrincipalLink, refKey } from "../../_inventory/detail-parts";
import { idOrNotFound, orNotFound } from "../../../components/not-found";

export const dynamic = "force-dynamic";

export default async function PolicyPage({ params }: { params: Promise<{ id: string }> }) {
  await requireUser();
  const { id } = await params;
  const d = await orNotFound(getPolicyDetail(db(), idOrNotFound(id)));
  const s = d.set;
  const isAws = d.source.kind === "aws";
  return (
    <>
      <PageHeader
        title={
          <span className="inline-flex flex-wrap items-center gap-2">
            <ProviderBadge kind={d.source.kind} /> {s.name} <Chip>{kindLabel(s.kind)}</Chip>
          </span>
        }
        subtitle={
          <>
            {d.source.name} · snapshot of <When value={d.snapshot.finishedAt} /> UTC
          </>
        }
        actions={
          <>
            <Link
              href={d.translateHref}
              className="rounded bg-fg px-3 py-1.5 text-sm font-medium text-bg hover:opacity-90"
            >
              Translate →
            </Link>
            <Link
              href={isAws ? "/aws?tab=policies" : "/entra?tab=roles"}
              className="rounded border border-border px-3 py-1.5 text-sm hover:bg-surface-2"
            >
              Back to list
            </Link>
          </>
        }
      />
      <div className="grid gap-5 xl:grid-cols-2">
        <Panel title="About">
          <Facts
            items={[
              [
                "Id",
                <span key="i" className="break-all font-mono text-xs">
                  {s.providerId}
                </span>,
              ],
              ["Built-in", s.builtIn ? "Yes" : "No (custom)"],
              ["Description", s.description ?? <span className="text-muted">—</span>],
              ...(d.owner
                ? ([["Inline in", <PrincipalLink key="o" r={d.owner} />]] as [string, React.ReactNode][])
                : []),
              ...Object.entries(s.attributes)
                .filter(([, v]) => v !== null && v !== undefined && typeof v !== "object")
                .map(
                  ([k, v]) =>
                    [
                      k
                        .replace(/([a-z])([A-Z])/g, "$1 $2")
                        .toLowerCase()
                        .replace(/^./, (c) => c.toUpperCase()),
                      String(v),
                    ] as [string, React.ReactNode],
                ),
            ]}
          />
        </Panel>
        <Panel
          title={`Held by (${d.holderCount.toLocaleString("en-US")}${d.holderCount > d.holders.length ? `, first ${d.holders.length}` : ""})`}
        >
          {d.holders.length === 0 ? (
            <p className="text-sm text-muted">
              {d.owner ? "Inline: only its owner." : "Not attached to anyone in this snapshot."}
            </p>
          ) : (
            <ul className="max-h-72 space-y-1 overflow-auto text-sm">
              {keyed(d.holders, (h) => `${refKey(h.ref)}|${h.kind}|${h.scope}`).map(({ key, item: h }) => (
                <li key={key} className="flex flex-wrap items-center gap-2">
                  <PrincipalLink r={h.ref} />
                  {"kind" in h.ref ? <Chip>{kindLabel(h.ref.kind)}</Chip> : null}
                  {h.kind === "boundary" ? (
                    <Chip tone="info">as permission boundary</Chip>
                  ) : h.kind === "eligible" ? (
                    <Chip tone="warn">PIM-eligible</Chip>
                  ) : null}
                  {h.scope !== "*" && h.scope !== "/" ? <span className="text-muted">scope {h.scope}</span> : null}
                </li>
              ))}
            </ul>
          )}
        </Panel>
      </div>
      <Panel title="Statements (normalized)">
        <ol className="space-y-2 text-sm">
          {keyed(s.statements, (st) => JSON.stringify(st)).map(({ key, item: st, index: i }) => (
            <li
              key={key}
              id={`statement-${i + 1}`}
              className="scroll-mt-4 rounded border border-border p-2 target:border-fg target:ring-2 target:ring-fg/30"
            >
              <p className="flex flex-wrap items-center gap-2">
                <span className="text-muted">#{i + 1}</span>
                {st.sid ? <span className="font-mono text-xs">{st.sid}</span> : null}
                <Chip tone={st.effect === "Deny" ? "danger" : "ok"}>{st.effect}</Chip>
              </p>
              <dl className="mt-1 grid grid-cols-[8rem_1fr] gap-x-2 font-mono text-xs">
                {st.actions.length ? (
                  <>
                    <dt className="font-sans text-muted">Actions</dt>
                    <dd className="break-all">{st.actions.join(", ")}</dd>
                  </>
                ) : null}
                {st.notActions.length ? (
                  <>
                    <dt className="font-sans text-muted">NotActions</dt>
                    <dd className="break-all">{st.notActions.join(", ")}</dd>
                  </>
                ) : null}
                {st.dataActions?.length ? (
                  <>
                    <dt className="font-sans text-muted">DataActions</dt>
                    <dd className="break-all">{st.dataActions.join(", ")}</dd>
                  </>
                ) : null}
                {st.resources.length ? (
                  <>
                    <dt className="font-sans text-muted">{isAws ? "Resources" : "Scopes"}</dt>
                    <dd className="break-all">{st.resources.join(", ")}</dd>
                  </>
                ) : null}
                {st.notResources.length ? (
                  <>
                    <dt className="font-sans text-muted">NotResources</dt>
                    <dd className="break-all">{st.notResources.join(", ")}</dd>
                  </>
                ) : null}
                {st.conditions ? (
                  <>
                    <dt className="font-sans text-muted">Conditions</dt>
                    <dd className="break-all">{JSON.stringify(st.conditions)}</dd>
                  </>
                ) : null}
                {st.conditionText ? (
                  <>
                    <dt className="font-sans text-muted">Condition</dt>
                    <dd className="break-all">{st.conditionText}</dd>
                  </>
                ) : null}
              </dl>
            </li>
          ))}
        </ol>
      </Panel>
      <Panel title="Document">
        <Json value={s.document} label="Policy document" />
      </Panel>
    </>
  );
}

import Link from "next/link";
import { Fragment } from "react";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { getAccessControlDetail } from "@/lib/services/browse-access-control";
import type { Clause, PhrasePart } from "@/lib/services/describe-access-control";
import { Chip, ProviderBadge, When } from "../../../components/badges";
import { keyed } from "../../../components/keyed";
import { PageHeader, Panel } from "../../../components/shell";
import { StateBadge } from "../../_inventory/cells";
import { Json, RawRecord } from "../../_inventory/detail-parts";
import { idOrNotFound, orNotFound } from "../../../components/not-found";

export const dynamic = "force-dynamic";

function Parts({ clause }: { clause: Clause }) {
  return (
    <>
      {keyed(clause.parts, (p) => p.text ?? `ref:${p.ref?.id}`).map(({ key, item: p }) => (
        <Part key={key} p={p} />
      ))}
    </>
  );
}

function Part({ p }: { p: PhrasePart }) {
  if (p.text !== undefined) return p.text;
  if (!p.ref?.name) {
    return (
      <span
        title="Not found in this snapshot"
        className="rounded border border-dashed border-warn px-1 font-mono text-xs text-warn"
      >
        ? {p.ref?.id}
      </span>
    );
  }
  return p.ref.href ? (
    <Link href={p.ref.href} className="link font-semibold">
      {p.ref.name}
    </Link>
  ) : (
    <strong>{p.ref.name}</strong>
  );
}

export default async function AccessControlPage({ params }: { params: Promise<{ id: string }> }) {
  await requireUser();
  const { id } = await params;
  const d = await orNotFound(getAccessControlDetail(db(), idOrNotFound(id)));
  const c = d.control;
  const desc = d.description;
  const unmapped = Object.entries(c.unmapped);
  return (
    <>
      <PageHeader
        title={
          <span className="inline-flex flex-wrap items-center gap-2">
            <ProviderBadge kind="entra" /> {c.name} <StateBadge state={c.state} />
          </span>
        }
        subtitle={
          <>
            Conditional access · {d.source.name} · snapshot of <When value={d.snapshot.finishedAt} /> UTC
          </>
        }
        actions={
          <>
            <Link
              href={d.translateHref}
              className="rounded bg-fg px-3 py-1.5 text-sm font-medium text-bg hover:opacity-90"
            >
              Translate to AWS →
            </Link>
            <Link
              href="/access-controls"
              className="rounded border border-border px-3 py-1.5 text-sm hover:bg-surface-2"
            >
              Back to list
            </Link>
          </>
        }
      />
      <Panel>
        <p className="text-lg leading-relaxed" data-testid="ca-sentence">
          {keyed([desc.who, desc.apps, ...desc.conditions], (cl) => cl.label).map(({ key, item: cl, index: i }) => (
            <Fragment key={key}>
              {i > 0 ? ", " : ""}
              <span className="text-muted">{i === 0 ? "Users in" : cl.label}</span> <Parts clause={cl} />
            </Fragment>
          ))}{" "}
          <span role="img" aria-label="then">
            →
          </span>{" "}
          <strong className="text-fg">
            <Parts clause={desc.outcome} />
          </strong>
          {desc.session ? (
            <>
              ; <span className="text-muted">session:</span> <Parts clause={desc.session} />
            </>
          ) : null}
        </p>
        {desc.stateNote ? (
          <p className="mt-2">
            <Chip tone="warn">{desc.stateNote}</Chip>
          </p>
        ) : null}
      </Panel>
      <div className="grid gap-5 xl:grid-cols-2">
        <Panel title="Conditions in detail">
          <dl className="grid grid-cols-[9rem_1fr] gap-x-3 gap-y-2 text-sm">
            {keyed(
              [desc.who, desc.apps, ...desc.conditions, desc.outcome, ...(desc.session ? [desc.session] : [])],
              (cl) => cl.label,
            ).map(({ key, item: cl, index: i }) => (
              <Fragment key={key}>
                <dt className="text-muted">
                  {i === 0 ? "Users" : i === 1 ? "Apps / actions" : cl.label === "→" ? "Then" : cl.label}
                </dt>
                <dd>
                  <Parts clause={cl} />
                </dd>
              </Fragment>
            ))}
          </dl>
        </Panel>
        <Panel title="Named locations it uses">
          {d.locations.length === 0 ? (
            <p className="text-sm text-muted">None (or only All / AllTrusted).</p>
          ) : (
            <ul className="space-y-2 text-sm">
              {d.locations.map((l) => (
                <li key={l.id} id={`location-${l.id}`}>
                  <span className="font-semibold">{l.name}</span> {l.trusted ? <Chip tone="ok">✓ Trusted</Chip> : null}
                  <div className="font-mono text-xs text-muted">
                    {l.kind === "ip"
                      ? l.ipRanges.join(", ")
                      : [...l.countries, ...(l.includeUnknown ? ["unknown countries"] : [])].join(", ")}
                  </div>
                </li>
              ))}
            </ul>
          )}
        </Panel>
      </div>
      <Panel
        title={
          <span className="inline-flex items-center gap-2">
            Kept raw{" "}
            {unmapped.length ? (
              <Chip tone="warn">
                ⚑ {unmapped.length} field{unmapped.length > 1 ? "s" : ""} not in the model
              </Chip>
            ) : null}
          </span>
        }
      >
        {unmapped.length === 0 ? (
          <p className="text-sm text-muted">Every field of the policy maps to the shared model.</p>
        ) : (
          <>
            <p className="mb-2 text-sm">
              These fields have no place in the shared model; they are kept as they came and are not used by the
              analysis.
            </p>
            <Json value={Object.fromEntries(unmapped)} label="Fields kept raw" />
          </>
        )}
      </Panel>
      <RawRecord value={c.raw} />
    </>
  );
}

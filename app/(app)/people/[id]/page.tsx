import Link from "next/link";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { getPerson } from "@/lib/services/get-person";
import { getPersonAwsAccess } from "@/lib/services/get-person-aws-access";
import { matchMethodLabel } from "@/lib/model";
import { findLinkCandidates, matchCandidatesOf } from "@/lib/services/link-people";
import { Chip, ProviderBadge, SeverityBadge, TierBadge } from "../../../components/badges";
import { LinkBadge } from "../../../components/compare";
import { PageHeader, Panel } from "../../../components/shell";
import { confirmPersonAction, linkPersonAction, splitPersonAction, undoDecisionAction } from "./actions";
import { AwsAccountsSection } from "./aws-accounts-section";
import { AzureRbacSection } from "./azure-rbac-section";
import { IdentityCard } from "./identity-card";
import { idOrNotFound, orNotFound } from "../../../components/not-found";

export const dynamic = "force-dynamic";

type SP = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

const DONE: Record<string, string> = {
  confirmed: "Match confirmed. It is kept through later syncs.",
  split: "Person split. Matching will not join these identities again.",
  linked: "People linked. The link is kept through later syncs.",
  undone: "Decision removed: automatic matching applies again.",
};

const button =
  "rounded border border-border px-3 py-1.5 text-sm font-medium hover:bg-surface-2 disabled:cursor-not-allowed disabled:opacity-50 disabled:hover:bg-transparent";

export default async function PersonPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<SP>;
}) {
  await requireUser();
  const id = idOrNotFound((await params).id);
  const sp = await searchParams;
  const [d, awsAccess] = await orNotFound(Promise.all([getPerson(db(), id), getPersonAwsAccess(db(), id)]));
  const linkQuery = one(sp.link) ?? "";
  const candidates = linkQuery ? await findLinkCandidates(db(), id, linkQuery) : [];
  const p = d.person;
  const matchCandidates = p.ambiguous ? await matchCandidatesOf(db(), p) : [];
  const linked = d.aws.length > 0 && d.entra.length > 0;
  const done = one(sp.done);
  const error = one(sp.error);

  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm">
        <Link href="/people" className="link">
          People
        </Link>{" "}
        / {p.displayName}
      </nav>
      <PageHeader
        title={p.displayName}
        subtitle={
          <span className="inline-flex flex-wrap items-center gap-2">
            Highest tier <TierBadge tier={p.maxTier} />
            <LinkBadge method={p.method} confidence={p.confidence} ambiguous={p.ambiguous} linked={linked} />
            {p.breakGlass ? <Chip tone="info">break-glass account</Chip> : null}
            {p.adminUnenforced ? <Chip tone="danger">⚠ privileged without enforced MFA</Chip> : null}
          </span>
        }
      />
      {done && DONE[done] ? (
        <p role="status" className="mb-4 rounded border border-ok bg-ok-bg px-3 py-2 text-sm text-ok">
          ✓ {DONE[done]}
        </p>
      ) : null}
      {error ? (
        <p role="alert" className="mb-4 rounded border border-danger bg-danger-bg px-3 py-2 text-sm text-danger">
          ✕ {error}
        </p>
      ) : null}

      <div className="mb-5 grid items-start gap-4" style={{ gridTemplateColumns: "minmax(0,1fr) 11rem minmax(0,1fr)" }}>
        <section aria-label="AWS access" className="min-w-0 space-y-4">
          <h2 className="flex items-center gap-2 border-b-4 border-aws pb-1 text-lg font-semibold">
            <ProviderBadge kind="aws" /> AWS IAM
          </h2>
          {d.aws.length ? (
            d.aws.map((i) => <IdentityCard key={`${i.sourceId}|${i.providerId}`} d={i} />)
          ) : (
            <NoSide cloud="AWS" />
          )}
        </section>
        <aside
          aria-label="How they are linked"
          className="sticky top-4 flex flex-col items-center gap-2 pt-10 text-center text-sm"
        >
          <span aria-hidden className="text-3xl text-muted">
            ⇄
          </span>
          <p className="font-semibold">Same person?</p>
          {linked ? (
            <>
              <p className="text-muted">
                Linked by <strong className="text-fg">{matchMethodLabel(p.method)}</strong>
                {p.confidence !== null ? `, ${Math.round(p.confidence * 100)}% confidence` : ""}
              </p>
              {p.ambiguous ? <Chip tone="warn">⚠ ambiguous</Chip> : null}
            </>
          ) : (
            <p className="text-muted">
              {p.ambiguous ? "Ambiguous: several candidates, not merged." : "No identity in the other cloud."}
            </p>
          )}
        </aside>
        <section aria-label="Entra access" className="min-w-0 space-y-4">
          <h2 className="flex items-center gap-2 border-b-4 border-entra pb-1 text-lg font-semibold">
            <ProviderBadge kind="entra" /> Microsoft Entra ID
          </h2>
          {d.entra.length ? (
            d.entra.map((i) => <IdentityCard key={`${i.sourceId}|${i.providerId}`} d={i} />)
          ) : (
            <NoSide cloud="Entra" />
          )}
        </section>
      </div>

      {/* Where the person reaches cloud resources, side by side: AWS accounts (left) and Azure scopes (right). */}
      <div className="grid items-start gap-x-4 xl:grid-cols-2">
        <AwsAccountsSection d={awsAccess} />
        <AzureRbacSection
          personKey={p.key}
          identities={d.entra
            .filter((i) => i.principal?.kind === "user")
            .map((i) => ({
              providerId: i.providerId,
              emails: [i.principal?.email, i.principal?.upn].filter((x): x is string => !!x),
            }))}
        />
      </div>

      <Panel title="Is this one person?">
        <p className="mb-3 text-sm text-muted">
          Decisions name the identities, not this page, so they survive later syncs and re-matching. They win over the
          automatic match.
        </p>
        <div className="flex flex-wrap items-end gap-3">
          <form action={confirmPersonAction} className="flex items-end gap-2">
            <input type="hidden" name="personId" value={p.id} />
            <button type="submit" className={button} disabled={!linked}>
              ✓ Confirm match
            </button>
          </form>
          <form action={splitPersonAction} className="flex items-end gap-2">
            <input type="hidden" name="personId" value={p.id} />
            <button type="submit" className={button} disabled={!linked}>
              ✂ Split into separate people
            </button>
          </form>
          <search aria-label="Find a person to link to">
            <form method="get" className="flex items-end gap-2">
              <label className="flex flex-col text-xs font-medium text-muted">
                Link to…
                <input
                  name="link"
                  type="search"
                  defaultValue={linkQuery}
                  placeholder="Name, e-mail, IAM user"
                  className="w-64 rounded border border-border bg-surface px-2 py-1.5 text-sm text-fg"
                />
              </label>
              <button type="submit" className={button}>
                Find
              </button>
            </form>
          </search>
        </div>
        {matchCandidates.length ? (
          <div className="mt-3">
            <h3 className="mb-1 text-sm font-semibold">
              Ambiguous match: {matchCandidates.length} identities fit equally well
            </h3>
            <ul
              className="divide-y divide-border rounded border border-border"
              aria-label="Candidates of the ambiguous match"
            >
              {matchCandidates.map((c) => (
                <li
                  key={`${c.sourceName}|${c.name}`}
                  className="flex flex-wrap items-center justify-between gap-2 px-3 py-2 text-sm"
                >
                  <span className="inline-flex flex-wrap items-center gap-2">
                    <strong className="break-all">{c.name}</strong>
                    <span className="text-muted">
                      {c.sourceName} · by {matchMethodLabel(c.method)}
                    </span>
                  </span>
                  {c.personId !== null && c.personId !== p.id ? (
                    <form action={linkPersonAction}>
                      <input type="hidden" name="personId" value={p.id} />
                      <input type="hidden" name="otherId" value={c.personId} />
                      <button type="submit" className={button}>
                        ⇄ This is the one
                      </button>
                    </form>
                  ) : null}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        {linkQuery ? (
          candidates.length ? (
            <ul className="mt-3 divide-y divide-border rounded border border-border" aria-label="People to link to">
              {candidates.map((c) => (
                <li key={c.id} className="flex flex-wrap items-center justify-between gap-2 px-3 py-2 text-sm">
                  <span className="inline-flex flex-wrap items-center gap-2">
                    <strong>{c.displayName}</strong>
                    {c.identities.map((i) => (
                      <span key={`${i.sourceId}|${i.providerId}`} className="inline-flex items-center gap-1">
                        <ProviderBadge kind={i.cloud === "aws" ? "aws" : "entra"} /> {i.name}
                      </span>
                    ))}
                  </span>
                  <form action={linkPersonAction}>
                    <input type="hidden" name="personId" value={p.id} />
                    <input type="hidden" name="otherId" value={c.id} />
                    <button type="submit" className={button}>
                      ⇄ Link with {c.displayName}
                    </button>
                  </form>
                </li>
              ))}
            </ul>
          ) : (
            <p className="mt-3 text-sm text-muted">Nobody else matches “{linkQuery}”.</p>
          )
        ) : null}
        {d.links.length ? (
          <div className="mt-4">
            <h3 className="mb-1 text-sm font-semibold">Decisions made by hand</h3>
            <ul className="space-y-1 text-sm">
              {d.links.map((l) => (
                <li key={l.id} className="flex flex-wrap items-center gap-2">
                  <Chip tone={l.decision === "confirmed" ? "ok" : "warn"}>
                    {l.decision === "confirmed" ? "✓ same person" : "✂ not the same"}
                  </Chip>
                  <span>
                    {l.leftName} ⇄ {l.rightName}
                  </span>
                  <span className="text-xs text-muted">
                    {l.createdAt.toISOString().slice(0, 16).replace("T", " ")} UTC
                  </span>
                  <form action={undoDecisionAction}>
                    <input type="hidden" name="personId" value={p.id} />
                    <input type="hidden" name="linkId" value={l.id} />
                    <button type="submit" className="rounded px-2 py-0.5 text-xs text-link underline">
                      Undo
                    </button>
                  </form>
                </li>
              ))}
            </ul>
          </div>
        ) : null}
      </Panel>

      <Panel
        title={`Findings (${d.findings.length})`}
        actions={
          d.findings.length ? (
            <Link href={`/findings?person=${encodeURIComponent(p.key)}`} className="link text-sm">
              Open in Findings
            </Link>
          ) : null
        }
      >
        {d.findings.length === 0 ? (
          <p className="text-sm text-muted">No findings for this person.</p>
        ) : (
          <ul className="divide-y divide-border">
            {d.findings.map((f) => (
              <li key={f.id} className="py-2 text-sm">
                <div className="flex flex-wrap items-center gap-2">
                  <SeverityBadge severity={f.severity} />
                  <code className="text-xs">{f.rule}</code>
                  <span className="text-muted">{f.source ?? "both clouds"}</span>
                  {!f.complete ? <Chip tone="warn">may be incomplete</Chip> : null}
                </div>
                <p className="mt-1">{f.explanation}</p>
                <p className="mt-1 text-muted">
                  <strong className="text-fg">Fix:</strong> {f.fix}
                </p>
              </li>
            ))}
          </ul>
        )}
      </Panel>
    </>
  );
}

function NoSide({ cloud }: { cloud: string }) {
  return (
    <div className="rounded-lg border border-dashed border-border p-4 text-sm text-muted">
      No {cloud} identity is linked to this person. If they have one, use “Link to…” below.
    </div>
  );
}

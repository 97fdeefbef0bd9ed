import Link from "next/link";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { TIERS, type PathMfa, type Tier } from "@/lib/model";
import { type AccountAccessQuery, getAccountAccess } from "@/lib/services/get-account-access";
import { Chip, When } from "../../../components/badges";
import { orNotFound } from "../../../components/not-found";
import { PageHeader, Panel } from "../../../components/shell";
import { IamRead, PathMfa as PathMfaCell, PeopleByTier, ScpList } from "../account-cells";
import { PathPicture } from "./path-picture";
import { PathTable } from "./path-table";

export const dynamic = "force-dynamic";

type SP = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) || undefined;
const MFAS: PathMfa[] = ["notEnforced", "unknown", "enforced"];
const MFA_LABEL: Record<PathMfa, string> = {
  notEnforced: "not enforced",
  unknown: "unknown (not collected)",
  enforced: "enforced",
};

function queryOf(sp: SP): AccountAccessQuery {
  const tier = one(sp.tier);
  const mfa = one(sp.mfa);
  const show = one(sp.show);
  return {
    tier: tier && ([...TIERS, "unknown"] as string[]).includes(tier) ? (tier as Tier | "unknown") : undefined,
    group: one(sp.group),
    grant: one(sp.grant),
    mfa: mfa && (MFAS as string[]).includes(mfa) ? (mfa as PathMfa) : undefined,
    show: show === "all" || show === "unusable" ? show : undefined,
    page: Number(one(sp.page)) || undefined,
  };
}

const select = "rounded border border-border bg-surface px-2 py-1.5 text-sm text-fg";
const label = "flex flex-col gap-1 text-xs font-medium text-muted";

export default async function AccountPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<SP>;
}) {
  await requireUser();
  const { id } = await params;
  const sp = await searchParams;
  const q = queryOf(sp);
  const d = await orNotFound(getAccountAccess(db(), id, q));
  const a = d.account;
  const href = (change: Partial<Record<keyof AccountAccessQuery, string | undefined>>) => {
    const u = new URLSearchParams();
    const merged = { ...q, page: undefined, ...change };
    for (const [k, v] of Object.entries(merged)) if (v !== undefined && v !== "") u.set(k, String(v));
    const s = u.toString();
    return `/accounts/${a.accountId}${s ? `?${s}` : ""}`;
  };
  const filtered = Boolean(q.tier || q.group || q.grant || q.mfa || (q.show && q.show !== "usable"));

  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm">
        <Link href="/accounts" className="link">
          Accounts
        </Link>
        {d.org ? <> / {d.org.sourceName}</> : null}
        {d.ouPath.map((n) => (
          <span key={n.id}> / {n.name}</span>
        ))}{" "}
        / {a.name}
      </nav>
      <PageHeader
        title={a.name}
        subtitle={
          <span className="inline-flex flex-wrap items-center gap-2">
            AWS account <span className="font-mono">{a.accountId}</span>
            {a.management ? <Chip tone="info">management account</Chip> : null}
            {a.status ? <Chip tone={a.status === "ACTIVE" ? "neutral" : "warn"}>{a.status.toLowerCase()}</Chip> : null}
            {a.email ? <span>{a.email}</span> : null}
            {d.org ? (
              <span>
                organisation read <When value={d.org.finishedAt} />
              </span>
            ) : null}
          </span>
        }
      />

      <section aria-label="Summary" className="mb-5 grid gap-4 md:grid-cols-2 xl:grid-cols-4">
        <Fact title="People through Entra, by tier">
          <PeopleByTier accountId={a.accountId} access={d.tally} />
        </Fact>
        <Fact title="MFA on the paths">
          <PathMfaCell accountId={a.accountId} access={d.tally} />
          {d.tally?.privilegedWithoutMfa ? (
            <p className="mt-1 text-xs text-danger">
              {d.tally.privilegedWithoutMfa} admin or privileged{" "}
              {d.tally.privilegedWithoutMfa === 1 ? "person" : "people"} without enforced MFA on a path
            </p>
          ) : null}
        </Fact>
        <Fact title="SCPs in force">
          <ScpList a={a} />
        </Fact>
        <Fact title="Account IAM (SAML roles, IAM users)">
          <IamRead a={a} />
        </Fact>
      </section>

      <Panel title="Who can reach this account">
        <search aria-label="Filter the paths">
          <form method="get" className="mb-4 flex flex-wrap items-end gap-3">
            <label className={label}>
              Highest tier here
              <select name="tier" defaultValue={q.tier ?? ""} className={select}>
                <option value="">any</option>
                {[...TIERS, "unknown"].map((t) => (
                  <option key={t} value={t}>
                    {t}
                  </option>
                ))}
              </select>
            </label>
            <label className={label}>
              Entra group
              <select name="group" defaultValue={q.group ?? ""} className={select}>
                <option value="">any</option>
                {d.facets.groups.map((g) => (
                  <option key={g.id} value={g.id}>
                    {g.id === "direct" ? "(assigned directly)" : g.label} · {g.paths}
                  </option>
                ))}
              </select>
            </label>
            <label className={label}>
              Permission set or role
              <select name="grant" defaultValue={q.grant ?? ""} className={select}>
                <option value="">any</option>
                {d.facets.grants.map((g) => (
                  <option key={g.id} value={g.id}>
                    {g.label} · {g.paths}
                  </option>
                ))}
              </select>
            </label>
            <label className={label}>
              MFA on the path
              <select name="mfa" defaultValue={q.mfa ?? ""} className={select}>
                <option value="">any</option>
                {MFAS.map((m) => (
                  <option key={m} value={m}>
                    {MFA_LABEL[m]}
                  </option>
                ))}
              </select>
            </label>
            <label className={label}>
              Paths
              <select name="show" defaultValue={q.show ?? "usable"} className={select}>
                <option value="usable">usable now</option>
                <option value="unusable">configured, not usable</option>
                <option value="all">all</option>
              </select>
            </label>
            <button
              type="submit"
              className="rounded border border-border px-3 py-1.5 text-sm font-medium hover:bg-surface-2"
            >
              Filter
            </button>
            {filtered ? (
              <Link href={`/accounts/${a.accountId}`} className="link text-sm">
                Clear
              </Link>
            ) : null}
          </form>
        </search>
        <p className="mb-3 text-sm" role="status">
          <strong data-testid="matched-paths">{d.matched.paths.toLocaleString("en-US")}</strong>{" "}
          {d.matched.paths === 1 ? "path" : "paths"} of{" "}
          <strong data-testid="matched-people">{d.matched.people.toLocaleString("en-US")}</strong>{" "}
          {d.matched.people === 1 ? "person" : "people"}
          {q.tier ? <> whose highest tier here is {q.tier}</> : null}
        </p>
        {d.matched.paths ? (
          <>
            <PathPicture
              graph={d.graph}
              accountName={a.name}
              accountId={a.accountId}
              hrefOf={(filter, fid) => href({ [filter]: fid })}
            />
            <PathTable rows={d.rows} />
            {d.pages > 1 ? (
              <nav aria-label="Pages" className="mt-3 flex items-center gap-3 text-sm">
                {d.page > 1 ? (
                  <Link href={href({ page: String(d.page - 1) })} className="link">
                    ← Previous
                  </Link>
                ) : null}
                <span>
                  Page {d.page} of {d.pages}
                </span>
                {d.page < d.pages ? (
                  <Link href={href({ page: String(d.page + 1) })} className="link">
                    Next →
                  </Link>
                ) : null}
              </nav>
            ) : null}
          </>
        ) : (
          <p className="text-sm text-muted">
            {filtered
              ? "No path matches these filters."
              : "No Entra user reaches this account through Identity Center or a SAML app."}
          </p>
        )}
      </Panel>
    </>
  );
}

function Fact({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <div className="rounded-lg border border-border bg-surface p-3 text-sm">
      <h2 className="mb-2 text-xs font-semibold uppercase tracking-wide text-muted">{title}</h2>
      {children}
    </div>
  );
}

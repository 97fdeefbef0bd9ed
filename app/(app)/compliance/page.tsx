import Link from "next/link";
import { Fragment } from "react";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import {
  type ComplianceCloud,
  CONTROL_STATUSES,
  type ControlStatus,
  checkCompliance,
  type FrameworkResult,
} from "@/lib/services/check-compliance";
import { ProviderBadge } from "../../components/badges";
import { NothingLoaded, PageHeader, Panel } from "../../components/shell";
import { ControlDetail } from "./control-detail";
import { STATUS_STYLE, StatusChip } from "./status-chip";

export const dynamic = "force-dynamic";

type SP = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
const CLOUDS: ComplianceCloud[] = ["aws", "entra", "azure"];

function href(p: { framework?: string; status?: string; open?: string }): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(p)) if (v) q.set(k, v);
  const s = q.toString();
  return s ? `/compliance?${s}` : "/compliance";
}

function ScoreCard({ f, active, status }: { f: FrameworkResult; active: boolean; status?: string }) {
  const s = f.score;
  return (
    <Link
      href={href({ framework: active ? undefined : f.id, status })}
      aria-current={active ? "true" : undefined}
      className={`block rounded-lg border p-3 hover:bg-surface-2 ${active ? "border-link" : "border-border"} bg-surface`}
      data-testid={`score-${f.id}`}
    >
      <div className="text-sm font-semibold">{f.name}</div>
      <div className="text-xs text-muted">version {f.version}</div>
      <div className="mt-2 text-2xl font-semibold">
        {s.percent === null ? <span className="text-muted">—</span> : `${s.percent}%`}
        <span className="ml-1 text-xs font-normal text-muted">
          {s.percent === null ? "nothing assessed" : `of ${s.pass + s.fail} assessed controls pass`}
        </span>
      </div>
      <div className="mt-2 flex flex-wrap gap-1">
        {CONTROL_STATUSES.map((st) => (
          <span key={st} className="inline-flex items-center gap-1 text-xs">
            <span className="font-semibold tabular-nums">{s[st]}</span>
            <StatusChip status={st} />
          </span>
        ))}
      </div>
      <div className="mt-1 text-xs text-muted">Not assessed and manual are counted apart, never as passed.</div>
    </Link>
  );
}

/** Compliance: the identity controls of four frameworks, status per cloud, drill-down to subjects and findings. */
export default async function CompliancePage({ searchParams }: { searchParams: Promise<SP> }) {
  await requireUser();
  const sp = await searchParams;
  const framework = one(sp.framework);
  const status = CONTROL_STATUSES.find((s) => s === one(sp.status)) as ControlStatus | undefined;
  const open = one(sp.open);
  const sheet = await checkCompliance(db());
  const shown = sheet.frameworks.filter((f) => !framework || f.id === framework);

  return (
    <>
      <PageHeader
        title="Compliance"
        subtitle={
          <>
            Identity controls of CIS AWS, CIS Azure, CIS Microsoft 365 and NIST SP 800-53, per cloud, over the latest
            snapshots of {sheet.sources.length} source{sheet.sources.length === 1 ? "" : "s"}. A control passes only
            when its rules ran over complete data and found nothing.
          </>
        }
      />
      {sheet.sources.length === 0 ? <NothingLoaded /> : null}
      <div className="mb-5 grid gap-3 sm:grid-cols-2 xl:grid-cols-4">
        {sheet.frameworks.map((f) => (
          <ScoreCard key={f.id} f={f} active={f.id === framework} status={status} />
        ))}
      </div>
      <nav aria-label="Filter by status" className="mb-4 flex flex-wrap items-center gap-2 text-sm">
        <span className="text-muted">Status:</span>
        {[undefined, ...CONTROL_STATUSES].map((s) => (
          <Link
            key={s ?? "all"}
            href={href({ framework, status: s })}
            aria-current={s === status ? "true" : undefined}
            className={`rounded border px-2 py-0.5 ${s === status ? "border-link font-semibold" : "border-border"}`}
          >
            {s ? STATUS_STYLE[s].label : "all"}
          </Link>
        ))}
      </nav>
      {shown.map((f) => {
        const clouds = CLOUDS.filter((c) => f.controls.some((x) => x.clouds.some((r) => r.cloud === c)));
        const rows = f.controls.filter((c) => !status || c.clouds.some((r) => r.status === status));
        return (
          <Panel
            key={f.id}
            title={
              <span>
                {f.name} <span className="font-normal text-muted">{f.version}</span>
              </span>
            }
            actions={
              <a className="text-sm text-link underline-offset-2 hover:underline" href={f.source} rel="noreferrer">
                source
              </a>
            }
          >
            <div className="overflow-x-auto">
              <table className="w-full text-sm" data-testid={`controls-${f.id}`}>
                <thead>
                  <tr className="border-b border-border text-left text-muted">
                    <th className="py-1 pr-2 font-medium">Control</th>
                    {clouds.map((c) => (
                      <th key={c} className="px-2 py-1 font-medium">
                        <ProviderBadge kind={c} />
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {rows.length === 0 ? (
                    <tr>
                      <td colSpan={clouds.length + 1} className="py-2 text-muted">
                        No control with this status.
                      </td>
                    </tr>
                  ) : null}
                  {rows.map((c) => {
                    const key = `${f.id}:${c.id}`;
                    const isOpen = open === key;
                    return (
                      <Fragment key={key}>
                        <tr className="border-b border-border align-top" id={key}>
                          <td className="py-1.5 pr-2">
                            <Link
                              href={`${href({ framework, status, open: isOpen ? undefined : key })}#${key}`}
                              className="font-medium text-link underline-offset-2 hover:underline"
                              aria-expanded={isOpen}
                            >
                              <span className="mr-1 tabular-nums">{c.id}</span>
                            </Link>{" "}
                            {c.title}
                            <div className="text-xs text-muted">{c.section}</div>
                          </td>
                          {clouds.map((cl) => {
                            const r = c.clouds.find((x) => x.cloud === cl);
                            return (
                              <td key={cl} className="px-2 py-1.5">
                                {r ? (
                                  <StatusChip
                                    status={r.status}
                                    title={
                                      r.status === "fail"
                                        ? `${r.subjects.length} failing subject(s)`
                                        : r.status === "notAssessed"
                                          ? `missing: ${r.missing.map((m) => m.what).join(", ")}`
                                          : (r.manual ?? undefined)
                                    }
                                  />
                                ) : (
                                  <span className="text-muted" title="Not a control of this cloud">
                                    —
                                  </span>
                                )}
                                {r?.status === "fail" ? (
                                  <span className="ml-1 text-xs tabular-nums text-muted">{r.subjects.length}</span>
                                ) : null}
                              </td>
                            );
                          })}
                        </tr>
                        {isOpen ? (
                          <tr>
                            <td colSpan={clouds.length + 1} className="py-2">
                              <ControlDetail control={c} />
                            </td>
                          </tr>
                        ) : null}
                      </Fragment>
                    );
                  })}
                </tbody>
              </table>
            </div>
          </Panel>
        );
      })}
    </>
  );
}

import Link from "next/link";
import type { ReactNode } from "react";
import { requireUser } from "@/lib/auth/session";
import type { StoredFinding } from "@/lib/model";
import { db } from "@/lib/db/client";
import { SEVERITIES } from "@/lib/model";
import { tableHref } from "@/lib/services/browse-query";
import { browseFindings } from "@/lib/services/browse-findings";
import { Chip, SEVERITY_COLOR, SeverityBadge } from "../../components/badges";
import { HBars } from "../../components/charts";
import { DataTable, type VirtualRow } from "../../components/data-table/data-table";
import { PageHeader, Panel } from "../../components/shell";

export const dynamic = "force-dynamic";

type SP = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

const link = "font-medium text-link underline-offset-2 hover:underline";

function missingOf(f: StoredFinding): string[] {
  const m = f.evidence.notCollected;
  return Array.isArray(m) ? m.map(String) : [];
}

function DataCell({ f }: { f: StoredFinding }) {
  if (f.complete)
    return (
      <Chip tone="ok" title={`Data: ${f.dataSource}`}>
        ✓ complete
      </Chip>
    );
  return (
    <Chip tone="warn" title={`May be incomplete: not collected — ${missingOf(f).join(", ") || f.dataSource}`}>
      ⚠ may be incomplete
    </Chip>
  );
}

function EvidenceValue({ v }: { v: unknown }): ReactNode {
  if (v === null || v === undefined) return <span className="text-muted">not collected</span>;
  if (Array.isArray(v))
    return v.length ? (
      v.map((x) => (typeof x === "object" ? JSON.stringify(x) : String(x))).join(", ")
    ) : (
      <span className="text-muted">none</span>
    );
  if (typeof v === "object") return <code className="break-all text-xs">{JSON.stringify(v)}</code>;
  return String(v);
}

/** Findings: by severity, rule and source, with what, why, evidence, the fix and whether the data was complete. */
export default async function FindingsPage({ searchParams }: { searchParams: Promise<SP> }) {
  await requireUser();
  const sp = await searchParams;
  const res = await browseFindings(db(), sp);
  const { counts, personKey } = res.extra;
  const hidden: Record<string, string> = personKey ? { person: personKey } : {};
  const withHidden = (href: string) =>
    personKey ? `${href}${href.includes("?") ? "&" : "?"}person=${encodeURIComponent(personKey)}` : href;
  const openId = Number(one(sp.open));
  const open = res.rows.find((r) => r.id === openId) ?? null;

  // One cell of a row (DataTable keys the cells by column).
  const cell = (f: (typeof res.rows)[number], column: string): ReactNode => {
    switch (column) {
      case "severity":
        return <SeverityBadge severity={f.severity} />;
      case "rule":
        return (
          <code className="text-xs" title={f.rule}>
            {f.rule}
          </code>
        );
      case "source":
        return f.source ?? <span className="text-muted">both clouds</span>;
      case "subject":
        return (
          <Link
            href={withHidden(tableHref("/findings", res.query, { open: f.id }))}
            className={link}
            title={`${f.subject} — show evidence and fix`}
            scroll={false}
          >
            {f.subject}
          </Link>
        );
      case "explanation":
        return <span title={f.explanation}>{f.explanation}</span>;
      case "complete":
        return <DataCell f={f} />;
      default:
        return null;
    }
  };
  const rows: VirtualRow[] = res.rows.map((f) => ({
    key: String(f.id),
    cells: res.meta.columns.map((c) => cell(f, c.key)),
  }));

  return (
    <>
      <PageHeader
        title="Findings"
        subtitle={
          <>
            What the rules found over the latest complete snapshots: each with its evidence, the fix, and whether the
            data it reads was complete.
            {personKey ? (
              <>
                {" "}
                Showing one person's findings.{" "}
                <Link href="/findings" className="link">
                  Show everyone
                </Link>
              </>
            ) : null}
          </>
        }
      />
      <div className="mb-4 grid gap-4 lg:grid-cols-[minmax(0,1fr)_minmax(0,1fr)]">
        <Panel>
          <HBars
            caption={`Findings by severity (${counts.total.toLocaleString("en-US")} with the other filters; click a bar to filter)`}
            rows={SEVERITIES.map((s) => ({
              label: s,
              value: counts.bySeverity[s],
              color: SEVERITY_COLOR[s],
              href: withHidden(tableHref("/findings", res.query, { severity: s, page: undefined, open: undefined })),
            }))}
          />
        </Panel>
        <Panel title="Top rules">
          <ul className="space-y-1 text-sm">
            {[...counts.byRule]
              .sort((a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) || b.count - a.count)
              .slice(0, 7)
              .map((r) => (
                <li key={`${r.rule}|${r.severity}`} className="flex items-center gap-2">
                  <SeverityBadge severity={r.severity} />
                  <Link
                    href={withHidden(
                      tableHref("/findings", res.query, { rule: r.rule, page: undefined, open: undefined }),
                    )}
                    className="link truncate"
                  >
                    {r.rule}
                  </Link>
                  <span className="ml-auto tabular-nums">{r.count.toLocaleString("en-US")}</span>
                </li>
              ))}
            {counts.byRule.length === 0 ? <li className="text-muted">No findings in this view.</li> : null}
          </ul>
          {counts.incomplete > 0 ? (
            <p className="mt-2 text-xs text-warn">
              ⚠ {counts.incomplete.toLocaleString("en-US")} findings may be incomplete: a dataset their rule reads was
              not collected.
            </p>
          ) : null}
        </Panel>
      </div>
      {open ? (
        <section
          aria-label={`Finding: ${open.rule} on ${open.subject}`}
          className="mb-4 rounded-lg border-2 border-fg bg-surface p-4"
        >
          <div className="flex flex-wrap items-center gap-2">
            <SeverityBadge severity={open.severity} />
            <code className="text-sm">{open.rule}</code>
            <span className="text-muted">{open.source ?? "both clouds"}</span>
            <Link href={withHidden(tableHref("/findings", res.query))} className="ml-auto text-sm link" scroll={false}>
              Close
            </Link>
          </div>
          <h2 className="mt-2 text-lg font-semibold">
            {open.subject} <span className="text-sm font-normal text-muted">({open.subjectKind})</span>
          </h2>
          <p className="mt-1">{open.explanation}</p>
          <h3 className="mt-3 text-sm font-semibold uppercase tracking-wide text-muted">Evidence</h3>
          <dl className="mt-1 grid grid-cols-[12rem_1fr] gap-x-3 gap-y-1 text-sm">
            {Object.entries(open.evidence).map(([k, v]) => (
              <div key={k} className="contents">
                <dt className="text-muted">{k}</dt>
                <dd className="min-w-0 break-words">
                  <EvidenceValue v={v} />
                </dd>
              </div>
            ))}
          </dl>
          <h3 className="mt-3 text-sm font-semibold uppercase tracking-wide text-muted">Fix</h3>
          <p className="mt-1">{open.fix}</p>
          <p className="mt-3 text-sm">
            <span className="text-muted">Data source:</span> {open.dataSource}.{" "}
            {open.complete ? (
              <Chip tone="ok">✓ complete</Chip>
            ) : (
              <Chip tone="warn">⚠ may be incomplete: {missingOf(open).join(", ") || "a dataset"} not collected</Chip>
            )}
          </p>
        </section>
      ) : null}
      <DataTable
        meta={res.meta}
        filters={res.filters}
        query={res.query}
        total={res.total}
        rows={rows}
        path="/findings"
        hidden={hidden}
        caption="Findings"
      />
    </>
  );
}

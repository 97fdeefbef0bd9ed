"use client";

import { useEffect, useState } from "react";

interface ReportItem {
  id: string;
  kind: string;
  format: string;
  status: "queued" | "running" | "complete" | "failed";
  params: Record<string, unknown>;
  progress: { phase: string; done: number; total: number | null } | null;
  bytes: number | null;
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
}

const STATUS = {
  queued: { cls: "border-border bg-surface-2 text-fg", glyph: "…" },
  running: { cls: "border-info bg-info-bg text-info", glyph: "⟳" },
  complete: { cls: "border-ok bg-ok-bg text-ok", glyph: "✓" },
  failed: { cls: "border-danger bg-danger-bg text-danger", glyph: "✕" },
} as const;

function size(n: number | null): string {
  if (n === null) return "";
  return n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`;
}

function scope(p: Record<string, unknown>): string {
  const parts: string[] = [];
  if (Array.isArray(p.sources) && p.sources.length) parts.push(`sources: ${p.sources.length}`);
  if (p.person) parts.push(`person “${String(p.person)}”`);
  if (p.severity) parts.push(`≥ ${String(p.severity)}`);
  if (p.since) parts.push(`since ${String(p.since)}`);
  if (Array.isArray(p.items) && p.items.length) parts.push(`${p.items.length} items`);
  return parts.join(" · ") || "everything";
}

/** The generated reports; polls every second while one is queued or running (and every 10 s otherwise). */
export function ReportList() {
  const [items, setItems] = useState<ReportItem[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const busy = items?.some((r) => r.status === "queued" || r.status === "running") ?? true;

  useEffect(() => {
    let stop = false;
    const load = async () => {
      try {
        const res = await fetch("/api/reports", { cache: "no-store" });
        const body = await res.json();
        if (stop) return;
        if (!res.ok) setError(body?.error?.message ?? `HTTP ${res.status}`);
        else {
          setError(null);
          setItems(body.reports as ReportItem[]);
        }
      } catch (e) {
        if (!stop) setError(e instanceof Error ? e.message : String(e));
      }
    };
    void load();
    const t = setInterval(load, busy ? 1000 : 10_000);
    return () => {
      stop = true;
      clearInterval(t);
    };
  }, [busy]);

  if (error)
    return (
      <p role="alert" className="text-sm text-danger">
        ✕ Could not load the reports: {error}
      </p>
    );
  if (!items) return <p className="text-sm text-muted">Loading…</p>;
  if (items.length === 0) return <p className="text-sm text-muted">No reports yet. Generate one with the form.</p>;
  return (
    <table className="w-full table-fixed text-sm">
      <caption className="sr-only">Generated reports</caption>
      <thead>
        <tr className="border-b border-border text-left text-xs uppercase tracking-wide text-muted">
          <th scope="col" className="w-[22%] py-1.5 pr-2">
            Report
          </th>
          <th scope="col" className="w-[26%] py-1.5 pr-2">
            Scope
          </th>
          <th scope="col" className="w-[16%] py-1.5 pr-2">
            Created (UTC)
          </th>
          <th scope="col" className="py-1.5 pr-2">
            Status
          </th>
          <th scope="col" className="w-[16%] py-1.5 text-right">
            File
          </th>
        </tr>
      </thead>
      <tbody aria-live="polite">
        {items.map((r) => {
          const s = STATUS[r.status];
          const pct = r.progress?.total ? Math.round((r.progress.done / r.progress.total) * 100) : null;
          return (
            <tr
              key={r.id}
              className="border-b border-border align-top last:border-b-0"
              data-report={r.id}
              data-status={r.status}
            >
              <td className="py-2 pr-2">
                <span className="font-medium capitalize">{r.kind}</span>{" "}
                <span className="uppercase text-muted">{r.format}</span>
              </td>
              <td className="truncate py-2 pr-2 text-muted" title={scope(r.params)}>
                {scope(r.params)}
              </td>
              <td className="py-2 pr-2 tabular-nums">{r.createdAt.slice(0, 16).replace("T", " ")}</td>
              <td className="py-2 pr-2">
                <span
                  className={`inline-flex items-center gap-1 rounded border px-1.5 py-0.5 text-xs font-medium ${s.cls}`}
                >
                  <span aria-hidden>{s.glyph}</span>
                  {r.status}
                </span>
                {r.status === "running" || r.status === "queued" ? (
                  <span className="mt-1 block text-xs text-muted">
                    {r.progress?.phase ?? "waiting"}
                    {pct !== null ? ` — ${pct}%` : ""}
                    {pct !== null ? (
                      <progress
                        value={pct}
                        max={100}
                        className="mt-0.5 block h-1.5 w-full"
                        aria-label={`${r.kind} report progress`}
                      />
                    ) : null}
                  </span>
                ) : null}
                {r.status === "failed" && r.error ? (
                  <span className="mt-1 block text-xs text-danger">{r.error}</span>
                ) : null}
              </td>
              <td className="py-2 text-right">
                {r.status === "complete" ? (
                  <a href={`/api/reports/${r.id}/download`} className="link" download>
                    Download <span className="text-xs text-muted">({size(r.bytes)})</span>
                  </a>
                ) : (
                  <span className="text-muted">—</span>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

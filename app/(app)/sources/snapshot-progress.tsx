"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import type { SnapshotStatus } from "@/lib/services/get-snapshot-status";
import { StatusBadge } from "../../components/badges";
import { cancelAction } from "./actions";

/**
 * Live progress of a sync or import: polls the snapshot until it ends, then refreshes the page. The work runs on the
 * server, so leaving the page and coming back shows it again (the source page renders this for a running snapshot).
 */
export function SnapshotProgress({ snapshotId, sourceId }: { snapshotId: string; sourceId?: string }) {
  const router = useRouter();
  const [s, setS] = useState<SnapshotStatus | null>(null);
  const [err, setErr] = useState<string | null>(null);
  useEffect(() => {
    let stop = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const res = await fetch(`/api/snapshots/${snapshotId}`, { cache: "no-store" });
        if (!res.ok)
          throw new Error(((await res.json()) as { error?: { message?: string } }).error?.message ?? res.statusText);
        const next = (await res.json()) as SnapshotStatus;
        if (stop) return;
        setS(next);
        setErr(null);
        if (next.status === "running") timer = setTimeout(poll, 1000);
        else router.refresh();
      } catch (e) {
        if (stop) return;
        setErr(e instanceof Error ? e.message : String(e));
        timer = setTimeout(poll, 3000);
      }
    };
    void poll();
    return () => {
      stop = true;
      if (timer) clearTimeout(timer);
    };
  }, [snapshotId, router]);

  const p = s?.progress;
  const pct = p?.total ? Math.min(100, Math.round((p.done / p.total) * 100)) : null;
  return (
    <div
      className="mt-3 rounded border border-border bg-surface-2 p-3 text-sm"
      aria-live="polite"
      data-testid="snapshot-progress"
    >
      <div className="flex flex-wrap items-center gap-2">
        <StatusBadge status={s?.status ?? "running"} />
        <span>
          {s?.status === "running" || !s
            ? p
              ? `${p.phase}: ${p.done.toLocaleString("en-US")}${p.total ? ` of ${p.total.toLocaleString("en-US")}` : ""}`
              : "Starting…"
            : s.status === "complete"
              ? `Done: ${
                  Object.entries(s.counts)
                    .filter(([, v]) => v > 0)
                    .map(([k, v]) => `${v.toLocaleString("en-US")} ${k}`)
                    .join(", ") || "nothing found"
                }`
              : s.errors.map((e) => e.message).join("; ") || s.status}
        </span>
        {s?.status === "running" ? (
          <form action={cancelAction} className="ml-auto">
            <input type="hidden" name="snapshotId" value={snapshotId} />
            <button type="submit" className="rounded border border-border px-2 py-0.5 text-xs hover:bg-surface">
              Cancel
            </button>
          </form>
        ) : null}
        {sourceId ? (
          <Link href={`/sources/${sourceId}`} className="link ml-auto">
            Open source
          </Link>
        ) : null}
      </div>
      {s?.status === "running" || !s ? (
        <div
          role="progressbar"
          aria-label="Progress"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={pct ?? undefined}
          aria-valuetext={pct === null ? "in progress" : `${pct}%`}
          className="mt-2 h-2 overflow-hidden rounded bg-border"
        >
          <div
            className={`h-full bg-fg ${pct === null ? "w-1/3 animate-pulse" : ""}`}
            style={pct === null ? undefined : { width: `${pct}%` }}
          />
        </div>
      ) : null}
      {err ? <p className="mt-2 text-danger">Could not read progress: {err}</p> : null}
    </div>
  );
}

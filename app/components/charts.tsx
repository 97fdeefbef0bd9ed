"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { Bar, BarChart, CartesianGrid, Cell, LabelList, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

/**
 * The comparison charts (recharts). Every chart: numbers on hover (tooltip) AND printed on the bars, a caption, and a
 * row of visible text links under it with the same numbers — keyboard reachable and readable without colour. A value
 * that was not collected is `null`: it gets no bar, its label says "not collected" (never 0).
 */

export interface ChartRow {
  label: string;
  value: number | null;
  href?: string;
  /** CSS colour (a theme variable). */
  color: string;
  /** Pattern for "not collected"-like segments. */
  hatched?: boolean;
}

const AXIS = { fill: "var(--c-muted)", fontSize: 12 };

function TooltipBox({ active, payload }: { active?: boolean; payload?: { payload: ChartRow }[] }) {
  if (!active || !payload?.length) return null;
  const r = payload[0]!.payload;
  return (
    <div className="rounded border border-border bg-surface px-2 py-1 text-xs text-fg shadow">
      <strong>{r.label}</strong>: {r.value === null ? "not collected" : r.value.toLocaleString("en-US")}
    </div>
  );
}

function ValueLinks({ rows, unit }: { rows: ChartRow[]; unit?: string }) {
  return (
    <ul className="mt-1 flex flex-wrap gap-x-3 gap-y-1 text-xs">
      {rows.map((r) => {
        const text = (
          <>
            <span
              aria-hidden
              className="mr-1 inline-block h-2.5 w-2.5 rounded-sm align-middle"
              style={{ background: r.color, opacity: r.hatched ? 0.5 : 1 }}
            />
            {r.label}:{" "}
            <strong className="tabular-nums">
              {r.value === null ? "not collected" : r.value.toLocaleString("en-US")}
            </strong>
            {unit && r.value !== null ? ` ${unit}` : ""}
          </>
        );
        return (
          <li key={r.label}>
            {r.href ? (
              <Link href={r.href} className="link">
                {text}
              </Link>
            ) : (
              text
            )}
          </li>
        );
      })}
    </ul>
  );
}

/** Horizontal bars, one per row (categories down the side), each clickable into the filtered view. */
export function HBars({
  rows,
  caption,
  unit,
  height,
}: {
  rows: ChartRow[];
  caption: string;
  unit?: string;
  height?: number;
}) {
  const router = useRouter();
  const data = rows.map((r) => ({
    ...r,
    shown: r.value ?? 0,
    text: r.value === null ? "not collected" : r.value.toLocaleString("en-US"),
  }));
  return (
    <figure className="min-w-0">
      <figcaption className="mb-1 text-sm font-semibold">{caption}</figcaption>
      <div style={{ height: height ?? Math.max(80, rows.length * 34 + 10) }} aria-hidden>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data} layout="vertical" margin={{ top: 0, right: 92, bottom: 0, left: 4 }}>
            <CartesianGrid horizontal={false} stroke="var(--c-border)" strokeDasharray="3 3" />
            <XAxis type="number" hide allowDecimals={false} />
            <YAxis type="category" dataKey="label" width={118} tick={AXIS} tickLine={false} axisLine={false} />
            <Tooltip content={<TooltipBox />} cursor={{ fill: "var(--c-surface-2)" }} />
            <Bar
              dataKey="shown"
              radius={[0, 3, 3, 0]}
              minPointSize={2}
              isAnimationActive={false}
              onClick={(d: { payload?: ChartRow }) => d.payload?.href && router.push(d.payload.href)}
              cursor="pointer"
            >
              {data.map((r) => (
                <Cell
                  key={r.label}
                  fill={r.color}
                  fillOpacity={r.shown === 0 ? 0 : r.hatched ? 0.45 : 1}
                  stroke={r.hatched ? r.color : undefined}
                  strokeDasharray={r.hatched ? "4 2" : undefined}
                />
              ))}
              <LabelList dataKey="text" position="right" style={{ fill: "var(--c-fg)", fontSize: 12 }} />
            </Bar>
          </BarChart>
        </ResponsiveContainer>
      </div>
      <ValueLinks rows={rows} unit={unit} />
    </figure>
  );
}

export interface StackSegment {
  label: string;
  value: number;
  color: string;
  href?: string;
  hatched?: boolean;
}

/**
 * One 100% bar split into segments (e.g. MFA: enforced / registered only / neither / not collected). Segments are
 * links (keyboard reachable), carry their numbers as text, and "not collected" is hatched, never a share of "no".
 */
export function StackBar({ segments, caption, total }: { segments: StackSegment[]; caption: string; total: number }) {
  const sum = segments.reduce((a, s) => a + s.value, 0) || 1;
  return (
    <figure className="min-w-0">
      <figcaption className="mb-1 text-sm font-semibold">{caption}</figcaption>
      <div
        className="flex h-7 w-full overflow-hidden rounded border border-border"
        role="img"
        aria-label={`${caption}: ${segments.map((s) => `${s.label} ${s.value}`).join(", ")} of ${total}`}
      >
        {segments
          .filter((s) => s.value > 0)
          .map((s) => (
            <div
              key={s.label}
              title={`${s.label}: ${s.value.toLocaleString("en-US")} (${Math.round((s.value / sum) * 100)}%)`}
              className="h-full"
              style={{
                width: `${(s.value / sum) * 100}%`,
                background: s.hatched
                  ? `repeating-linear-gradient(45deg, ${s.color} 0 4px, transparent 4px 8px)`
                  : s.color,
              }}
            />
          ))}
      </div>
      <ul className="mt-1 flex flex-wrap gap-x-3 gap-y-1 text-xs">
        {segments.map((s) => {
          const text = (
            <>
              <span
                aria-hidden
                className="mr-1 inline-block h-2.5 w-2.5 rounded-sm align-middle"
                style={{
                  background: s.hatched
                    ? `repeating-linear-gradient(45deg, ${s.color} 0 2px, transparent 2px 4px)`
                    : s.color,
                }}
              />
              {s.label}: <strong className="tabular-nums">{s.value.toLocaleString("en-US")}</strong>
              <span className="text-muted"> ({total ? Math.round((s.value / total) * 100) : 0}%)</span>
            </>
          );
          return (
            <li key={s.label}>
              {s.href ? (
                <Link href={s.href} className="link">
                  {text}
                </Link>
              ) : (
                text
              )}
            </li>
          );
        })}
      </ul>
    </figure>
  );
}

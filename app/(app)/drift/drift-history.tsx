"use client";

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export interface DriftHistoryPoint {
  at: string | null;
  added: number;
  removed: number;
  changed: number;
}

const SERIES = [
  { key: "added", label: "Added", color: "var(--c-ok)" },
  { key: "removed", label: "Removed", color: "var(--c-danger)" },
  { key: "changed", label: "Changed", color: "var(--c-warn)" },
] as const;

const day = (at: string | null) => (at ? at.slice(0, 16).replace("T", " ") : "unfinished");

/**
 * Changes between each snapshot of a source and the one before it, oldest first: stacked bars (added / removed /
 * changed), with the same numbers as text under the chart (readable without colour or a pointer).
 */
export function DriftHistory({ points }: { points: DriftHistoryPoint[] }) {
  const data = points.map((p) => ({ ...p, label: day(p.at) }));
  return (
    <figure className="min-w-0">
      <figcaption className="mb-1 text-sm font-semibold">Changes per snapshot (against the one before)</figcaption>
      <div style={{ height: 180 }} aria-hidden>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
            <CartesianGrid vertical={false} stroke="var(--c-border)" strokeDasharray="3 3" />
            <XAxis dataKey="label" tick={{ fill: "var(--c-muted)", fontSize: 11 }} tickLine={false} />
            <YAxis
              allowDecimals={false}
              width={48}
              tick={{ fill: "var(--c-muted)", fontSize: 11 }}
              tickLine={false}
              axisLine={false}
            />
            <Tooltip
              contentStyle={{ background: "var(--c-surface)", border: "1px solid var(--c-border)", fontSize: 12 }}
              cursor={{ fill: "var(--c-surface-2)" }}
            />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            {SERIES.map((s) => (
              <Bar
                key={s.key}
                dataKey={s.key}
                name={s.label}
                stackId="c"
                fill={s.color}
                isAnimationActive={false}
                maxBarSize={48}
              />
            ))}
          </BarChart>
        </ResponsiveContainer>
      </div>
      <ul className="mt-1 flex flex-col gap-0.5 text-xs">
        {data.map((p) => (
          <li key={p.label} className="tabular-nums">
            {p.label}: +{p.added.toLocaleString("en-US")} added, −{p.removed.toLocaleString("en-US")} removed, ~
            {p.changed.toLocaleString("en-US")} changed
          </li>
        ))}
      </ul>
    </figure>
  );
}

import type { ReactNode } from "react";
import type { Severity, SourceKind, Tier } from "@/lib/model";
import { COVERAGE_STATE_LABEL, type CoverageState } from "@/lib/model/coverage-state";

/**
 * One badge style everywhere. Every badge carries its meaning as text (and a shape/glyph), never by colour alone.
 */
const base =
  "inline-flex items-center gap-1 whitespace-nowrap rounded border px-1.5 py-0.5 text-xs font-medium leading-4";

const PROVIDER: Record<SourceKind, { cls: string; glyph: string; label: string; title: string }> = {
  aws: { cls: "border-aws bg-aws-bg text-aws", glyph: "▲", label: "AWS", title: "Amazon Web Services IAM" },
  awsOrganization: {
    cls: "border-aws bg-aws-bg text-aws",
    glyph: "▲",
    label: "AWS Org",
    title: "AWS Organizations and IAM Identity Center",
  },
  entra: { cls: "border-entra bg-entra-bg text-entra", glyph: "◆", label: "Entra", title: "Microsoft Entra ID" },
  azure: { cls: "border-entra bg-entra-bg text-entra", glyph: "◆", label: "Azure", title: "Azure RBAC (ARM)" },
};

export function ProviderBadge({ kind }: { kind: SourceKind }) {
  const p = PROVIDER[kind];
  return (
    <span className={`${base} ${p.cls}`} title={p.title}>
      <span aria-hidden>{p.glyph}</span>
      {p.label}
    </span>
  );
}

const TIER_STYLE: Record<Tier, { cls: string; glyph: string }> = {
  admin: { cls: "border-danger bg-danger-bg text-danger", glyph: "▮▮▮▮" },
  privileged: { cls: "border-warn bg-warn-bg text-warn", glyph: "▮▮▮▯" },
  write: { cls: "border-info bg-info-bg text-info", glyph: "▮▮▯▯" },
  read: { cls: "border-ok bg-ok-bg text-ok", glyph: "▮▯▯▯" },
  none: { cls: "border-border bg-surface-2 text-muted", glyph: "▯▯▯▯" },
};

/** Privilege tier; null = not computed yet / not collected (shown as such, not as "none"). */
export function TierBadge({ tier }: { tier: Tier | string | null | undefined }) {
  const s = tier ? TIER_STYLE[tier as Tier] : undefined;
  if (!s) return <NotCollected label="Tier unknown" />;
  return (
    <span className={`${base} ${s.cls}`} title={`Privilege tier: ${tier}`}>
      <span aria-hidden className="font-mono text-[9px] tracking-tighter">
        {s.glyph}
      </span>
      {tier}
    </span>
  );
}

const SEVERITY_STYLE: Record<Severity, { cls: string; glyph: string }> = {
  critical: { cls: "border-danger bg-danger text-surface", glyph: "‼" },
  high: { cls: "border-danger bg-danger-bg text-danger", glyph: "!" },
  medium: { cls: "border-warn bg-warn-bg text-warn", glyph: "◐" },
  low: { cls: "border-info bg-info-bg text-info", glyph: "○" },
  info: { cls: "border-border bg-surface-2 text-muted", glyph: "i" },
};

/** A severity's colour in charts (bars, stacks), the same meaning as its badge. */
export const SEVERITY_COLOR: Record<Severity, string> = {
  critical: "var(--c-danger)",
  high: "var(--c-danger)",
  medium: "var(--c-warn)",
  low: "var(--c-info)",
  info: "var(--c-muted)",
};

export function SeverityBadge({ severity }: { severity: Severity | string }) {
  const s = SEVERITY_STYLE[severity as Severity] ?? SEVERITY_STYLE.info;
  return (
    <span className={`${base} ${s.cls}`} title={`Severity: ${severity}`}>
      <span aria-hidden className="font-bold">
        {s.glyph}
      </span>
      {severity}
    </span>
  );
}

/** "Not collected": distinct from zero, false and "none" — dashed border, its own colour, and words. */
export function NotCollected({ label = "Not collected", why }: { label?: string; why?: string | null }) {
  return (
    <span className={`${base} border-dashed border-nc bg-nc-bg text-nc`} title={why ?? "This data was not collected"}>
      <span aria-hidden>∅</span>
      {label}
    </span>
  );
}

/** A neutral chip for kinds, states and labels. */
export function Chip({ children, tone = "neutral", title }: { children: ReactNode; tone?: Tone; title?: string }) {
  return (
    <span className={`${base} ${TONE[tone]}`} title={title}>
      {children}
    </span>
  );
}

export type Tone = "neutral" | "ok" | "warn" | "danger" | "info";
const TONE: Record<Tone, string> = {
  neutral: "border-border bg-surface-2 text-fg",
  ok: "border-ok bg-ok-bg text-ok",
  warn: "border-warn bg-warn-bg text-warn",
  danger: "border-danger bg-danger-bg text-danger",
  info: "border-info bg-info-bg text-info",
};

/** Snapshot / job status. */
export function StatusBadge({ status }: { status: string }) {
  const tone: Tone =
    status === "complete"
      ? "ok"
      : status === "running"
        ? "info"
        : status === "partial"
          ? "warn"
          : status === "failed"
            ? "danger"
            : "neutral";
  const glyph = status === "complete" ? "✓" : status === "running" ? "⟳" : status === "failed" ? "✕" : "◐";
  return (
    <Chip tone={tone} title={`Status: ${status}`}>
      <span aria-hidden>{glyph}</span>
      {status}
    </Chip>
  );
}

/** A yes/no value where null means not collected. */
export function YesNo({
  value,
  yes = "Yes",
  no = "No",
  good,
}: {
  value: boolean | null | undefined;
  yes?: string;
  no?: string;
  good?: boolean;
}) {
  if (value === null || value === undefined) return <NotCollected />;
  const tone: Tone = good === undefined ? "neutral" : value === good ? "ok" : "danger";
  return <Chip tone={tone}>{value ? yes : no}</Chip>;
}

/** A count where null means not collected (never shown as 0). */
export function Count({ value, why }: { value: number | null | undefined; why?: string | null }) {
  if (value === null || value === undefined) return <NotCollected why={why} />;
  return <span className="tabular-nums">{value.toLocaleString("en-US")}</span>;
}

/** A date (UTC, ISO-like, short); null shows the given words ("Never", "Not collected"). */
export function When({ value, empty }: { value: Date | string | null | undefined; empty?: ReactNode }) {
  if (!value) return <>{empty ?? <NotCollected />}</>;
  const d = typeof value === "string" ? new Date(value) : value;
  if (Number.isNaN(d.getTime())) return <span>{String(value)}</span>;
  return (
    <time dateTime={d.toISOString()} title={d.toISOString()} className="tabular-nums">
      {d.toISOString().slice(0, 16).replace("T", " ")}
    </time>
  );
}

const COVERAGE_TONE: Record<CoverageState, Tone> = {
  enforced: "ok",
  reportOnly: "info",
  off: "neutral",
  excluded: "warn",
  notInScope: "neutral",
};

/** How a conditional-access policy stands for a user: its own glyph and words for each state (not colour alone). */
export function CoverageBadge({ state, title }: { state: CoverageState; title?: string }) {
  const l = COVERAGE_STATE_LABEL[state];
  return (
    <Chip tone={COVERAGE_TONE[state]} title={title}>
      <span aria-hidden>{l.glyph}</span> {l.text}
    </Chip>
  );
}

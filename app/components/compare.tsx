import type { ReactNode } from "react";
import { matchMethodLabel } from "@/lib/model/match-method";
import { Chip, NotCollected, ProviderBadge } from "./badges";

/**
 * Pieces of the side-by-side comparison used on several pages: the MFA pair (registered vs enforced, null = not
 * collected), the link between two identities, and the three-column frame (AWS · linking concept · Entra).
 */

/** MFA registered and enforced as two labelled marks; a missing value reads "not collected", never "no". */
export function MfaPair({
  registered,
  enforced,
  compact,
}: {
  registered: boolean | null | undefined;
  enforced: boolean | null | undefined;
  compact?: boolean;
}) {
  const mark = (label: string, v: boolean | null | undefined) => {
    if (v === null || v === undefined) {
      return (
        <NotCollected
          label={compact ? `${label} ?` : `${label}: not collected`}
          why={`MFA ${label === "Reg" ? "registration" : "enforcement"} was not collected`}
        />
      );
    }
    return (
      <Chip
        tone={v ? "ok" : "danger"}
        title={`MFA ${label === "Reg" ? "registered" : "enforced"}: ${v ? "yes" : "no"}`}
      >
        <span aria-hidden>{v ? "✓" : "✕"}</span>
        {label}
        <span className="sr-only">{v ? " yes" : " no"}</span>
      </Chip>
    );
  };
  return (
    <span className="inline-flex gap-1">
      {mark("Reg", registered)}
      {mark("Enf", enforced)}
    </span>
  );
}

/**
 * How two identities were linked: method and confidence, or "ambiguous" with its candidates, or one side only.
 */
export function LinkBadge({
  method,
  confidence,
  ambiguous,
  linked,
  candidates = [],
}: {
  method: string | null;
  confidence: number | null;
  ambiguous: boolean;
  linked: boolean;
  /** The names an ambiguous match hesitates between. */
  candidates?: string[];
}) {
  if (ambiguous) {
    const list = candidates.length ? `: ${candidates.join(" or ")}` : "";
    return (
      <Chip
        tone="warn"
        title={`Several identities on the other side match equally well${list}. Shown apart, never merged.`}
      >
        <span aria-hidden>⚠</span>
        {candidates.length ? `ambiguous: ${candidates.length} candidates` : "ambiguous"}
      </Chip>
    );
  }
  if (!linked) return <span className="text-xs text-muted">one cloud only</span>;
  return (
    <Chip
      tone={method === "manual" ? "info" : "neutral"}
      title={`Linked by ${matchMethodLabel(method)}${confidence !== null ? `, confidence ${Math.round(confidence * 100)}%` : ""}`}
    >
      <span aria-hidden>⇄</span>
      {matchMethodLabel(method)}
      {confidence !== null ? <span className="tabular-nums text-muted">{Math.round(confidence * 100)}%</span> : null}
    </Chip>
  );
}

/** Three columns: AWS on the left, the concept that links them in the middle, Entra on the right. */
export function SideBySide({
  aws,
  middle,
  entra,
  middleWidth = "12rem",
}: {
  aws: ReactNode;
  middle?: ReactNode;
  entra: ReactNode;
  middleWidth?: string;
}) {
  return (
    <div
      className="grid items-stretch gap-3"
      style={{ gridTemplateColumns: `minmax(0,1fr) ${middle ? middleWidth : "0"} minmax(0,1fr)` }}
    >
      <div className="min-w-0 rounded-lg border-t-4 border-aws">{aws}</div>
      <div className="flex min-w-0 flex-col items-center justify-center text-center">{middle}</div>
      <div className="min-w-0 rounded-lg border-t-4 border-entra">{entra}</div>
    </div>
  );
}

/** A column heading with the provider badge. */
export function SideHeading({ kind, children }: { kind: "aws" | "entra"; children?: ReactNode }) {
  return (
    <h2 className="mb-2 flex items-center gap-2 text-base font-semibold">
      <ProviderBadge kind={kind} />
      {children ?? (kind === "aws" ? "AWS IAM" : "Microsoft Entra ID")}
    </h2>
  );
}

/** Percent with a fixed format (one decimal below 10%). */
export function pct(n: number, of: number): string {
  if (of === 0) return "—";
  const v = (n / of) * 100;
  return `${v < 10 && v > 0 ? v.toFixed(1) : Math.round(v)}%`;
}

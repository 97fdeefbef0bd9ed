import Link from "next/link";
import type { ReactNode } from "react";
import type { TierReason } from "@/lib/model";
import { Chip, NotCollected, TierBadge } from "../../components/badges";

/** Small building blocks of the detail pages. */

export function Facts({ items }: { items: [string, ReactNode][] }) {
  return (
    <dl className="grid grid-cols-[11rem_1fr] gap-x-3 gap-y-1.5 text-sm">
      {items.map(([k, v]) => (
        <div key={k} className="contents">
          <dt className="break-words text-muted">{k}</dt>
          <dd className="min-w-0 break-words">{v}</dd>
        </div>
      ))}
    </dl>
  );
}

export function Json({ value, label }: { value: unknown; label: string }) {
  return (
    <section
      aria-label={label}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region takes focus so a keyboard can scroll it (WCAG 2.1.1)
      tabIndex={0}
      className="max-h-[32rem] overflow-auto rounded border border-border bg-surface-2"
    >
      <pre className="p-3 font-mono text-xs leading-relaxed">{JSON.stringify(value, null, 2)}</pre>
    </section>
  );
}

export function RawRecord({ value }: { value: unknown }) {
  return (
    <details className="rounded-lg border border-border bg-surface p-4">
      <summary className="cursor-pointer font-semibold">Raw provider record</summary>
      <div className="mt-3">
        {value === null || value === undefined ? (
          <NotCollected label="Not kept" />
        ) : (
          <Json value={value} label="Raw provider record" />
        )}
      </div>
    </details>
  );
}

export function Tags({ tags }: { tags: Record<string, string> }) {
  const entries = Object.entries(tags);
  if (entries.length === 0) return <span className="text-muted">None</span>;
  return (
    <span className="flex flex-wrap gap-1">
      {entries.map(([k, v]) => (
        <Chip key={k}>
          <span className="font-semibold">{k}</span>=<span>{v}</span>
        </Chip>
      ))}
    </span>
  );
}

type PrincipalRef = { id: number; name: string; kind: string } | { providerId: string };

/** A list key for a principal reference: its row id, or its provider id when it is not in the snapshot. */
export function refKey(r: PrincipalRef): string {
  return "id" in r ? `id:${r.id}` : `provider:${r.providerId}`;
}

/** A list key for a tier reason: the permission set, the path to it and whether it is only eligible. */
/** "rhinosecuritylabs.com" for a source link: where the pattern is documented, short enough to read in a list. */
function sourceLabel(url: string): string {
  try {
    return new URL(url).hostname.replace(/^www\./, "");
  } catch {
    return url;
  }
}

/**
 * One reason for a principal's tier: the policy (and the group or role it came through), what it allows, and — when
 * an escalation pattern decided the tier — the pattern, where it is documented, and the statements that supplied it.
 */
export function TierReasonItem({ reason: r }: { reason: TierReason }) {
  return (
    <li className="text-sm" data-testid="tier-reason">
      <div className="flex flex-wrap items-center gap-2">
        <TierBadge tier={r.tier} /> <span className="font-medium">{r.permissionSet}</span>
        {r.via ? <span className="text-muted">via {r.via}</span> : null}
      </div>
      <p className="mt-0.5 text-muted">{r.detail}</p>
      {r.pattern ? (
        <p className="mt-0.5 text-xs" data-testid="tier-pattern">
          Pattern <code className="font-mono">{r.pattern}</code>
          {r.source ? (
            <>
              {" · source: "}
              <a className="underline" href={r.source} rel="noreferrer noopener" target="_blank">
                {sourceLabel(r.source)}
              </a>
            </>
          ) : null}
        </p>
      ) : null}
      {r.actions?.length ? (
        <ul className="mt-0.5 list-inside list-disc text-xs text-muted" aria-label="Actions that decided the tier">
          {r.actions.map((a) => (
            <li key={a} className="break-words font-mono">
              {a}
            </li>
          ))}
        </ul>
      ) : null}
    </li>
  );
}

export function tierReasonKey(r: TierReason): string {
  return `${r.permissionSetProviderId ?? r.permissionSet}|${r.via ?? ""}|${r.eligible ? "eligible" : ""}|${r.tier}`;
}

export function PrincipalLink({ r }: { r: PrincipalRef }) {
  if ("id" in r) {
    return (
      <Link href={`/principals/${r.id}`} className="link">
        {r.name}
      </Link>
    );
  }
  return (
    <span title="Not found in this snapshot" className="font-mono text-xs text-muted">
      {r.providerId} (not in snapshot)
    </span>
  );
}

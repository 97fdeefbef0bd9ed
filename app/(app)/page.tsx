import Link from "next/link";
import type { ReactNode } from "react";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { SEVERITIES, TIERS, type Severity, type SourceKind, type Tier } from "@/lib/model";
import { getOverview, type CloudOverview, type Overview } from "@/lib/services/overview";
import { NotCollected, ProviderBadge, SEVERITY_COLOR, When } from "../components/badges";
import { HBars, StackBar, type ChartRow } from "../components/charts";
import { NothingLoaded, PageHeader } from "../components/shell";

export const dynamic = "force-dynamic";

const TIER_COLOR: Record<Tier, string> = {
  admin: "var(--c-danger)",
  privileged: "var(--c-warn)",
  write: "var(--c-info)",
  read: "var(--c-ok)",
  none: "var(--c-muted)",
};

/** Sums the sources of one cloud (several AWS accounts read as one column). */
function cloudOf(o: Overview, kind: SourceKind) {
  const list = o.clouds.filter((c) => c.kind === kind);
  if (list.length === 0) return null;
  const sum = (f: (c: CloudOverview) => number) => list.reduce((a, c) => a + f(c), 0);
  const staleKnown = list.filter((c) => c.stale !== null);
  return {
    sources: list,
    users: sum((c) => c.users),
    admins: sum((c) => c.tiers.admin),
    adminPrincipals: sum((c) => c.adminPrincipals),
    tiers: Object.fromEntries(TIERS.map((t) => [t, sum((c) => c.tiers[t])])) as Record<Tier, number>,
    reg: {
      yes: sum((c) => c.mfaRegistered.yes),
      no: sum((c) => c.mfaRegistered.no),
      unknown: sum((c) => c.mfaRegistered.unknown),
    },
    enf: {
      yes: sum((c) => c.mfaEnforced.yes),
      no: sum((c) => c.mfaEnforced.no),
      unknown: sum((c) => c.mfaEnforced.unknown),
    },
    stale: staleKnown.length
      ? {
          total: staleKnown.reduce((a, c) => a + c.stale!.total, 0),
          never: staleKnown.reduce((a, c) => a + c.stale!.never, 0),
        }
      : null,
    findings: Object.fromEntries(SEVERITIES.map((s) => [s, sum((c) => c.findings[s])])) as Record<Severity, number>,
    notCollected: list.flatMap((c) => c.notCollected.map((n) => ({ ...n, source: c.sourceName }))),
    sourceParam: list.length === 1 ? list[0]!.sourceId : undefined,
  };
}

type Cloud = NonNullable<ReturnType<typeof cloudOf>>;

const side = (kind: SourceKind) => (kind === "aws" ? "aws" : "entra");

function Row({ concept, note, aws, entra }: { concept: string; note: ReactNode; aws: ReactNode; entra: ReactNode }) {
  return (
    <section
      aria-label={concept}
      className="mb-4 grid items-stretch gap-3"
      style={{ gridTemplateColumns: "minmax(0,1fr) 12rem minmax(0,1fr)" }}
    >
      <div className="min-w-0 rounded-lg border border-border border-t-4 border-t-aws bg-surface p-4">{aws}</div>
      <div className="flex flex-col items-center justify-center rounded-lg border border-dashed border-border px-2 py-3 text-center">
        <h2 className="text-base font-semibold">{concept}</h2>
        <div className="mt-1 text-xs text-muted">{note}</div>
      </div>
      <div className="min-w-0 rounded-lg border border-border border-t-4 border-t-entra bg-surface p-4">{entra}</div>
    </section>
  );
}

function Missing({ kind }: { kind: SourceKind }) {
  return (
    <div className="flex h-full flex-col items-start justify-center gap-2">
      <NotCollected label={`No ${kind === "aws" ? "AWS account" : "Entra tenant"} loaded`} />
      <Link href="/sources" className="link text-sm">
        Add one on the Sources page
      </Link>
    </div>
  );
}

function tierRows(c: Cloud, kind: SourceKind): ChartRow[] {
  return TIERS.map((t) => ({
    label: t,
    value: c.tiers[t],
    color: TIER_COLOR[t],
    href: `/people?side=${side(kind)}${t === "none" ? "" : `&tier=${t}`}`,
  }));
}

function mfaBars(c: Cloud, kind: SourceKind) {
  const s = side(kind);
  return (
    <div className="space-y-3">
      <StackBar
        caption={`MFA registered (${c.users.toLocaleString("en-US")} users)`}
        total={c.users}
        segments={[
          { label: "registered", value: c.reg.yes, color: "var(--c-ok)", href: `/people?side=${s}&registered=yes` },
          {
            label: "not registered",
            value: c.reg.no,
            color: "var(--c-danger)",
            href: `/people?side=${s}&registered=no`,
          },
          {
            label: "not collected",
            value: c.reg.unknown,
            color: "var(--c-nc)",
            hatched: true,
            href: `/people?side=${s}&registered=unknown`,
          },
        ]}
      />
      <StackBar
        caption="MFA enforced (by policy, not just registered)"
        total={c.users}
        segments={[
          { label: "enforced", value: c.enf.yes, color: "var(--c-ok)", href: `/people?side=${s}&enforced=yes` },
          { label: "not enforced", value: c.enf.no, color: "var(--c-danger)", href: `/people?side=${s}&enforced=no` },
          {
            label: "unknown",
            value: c.enf.unknown,
            color: "var(--c-nc)",
            hatched: true,
            href: `/people?side=${s}&enforced=unknown`,
          },
        ]}
      />
    </div>
  );
}

function staleChart(c: Cloud) {
  if (!c.stale)
    return (
      <NotCollected label="Activity not collected" why="The dataset with last sign-in / last use was not collected" />
    );
  const src = c.sourceParam ? `&source=${c.sourceParam}` : "";
  return (
    <HBars
      caption="Stale users (from the stale-user rule)"
      rows={[
        {
          label: "never active",
          value: c.stale.never,
          color: "var(--c-warn)",
          href: `/findings?rule=stale-user${src}`,
        },
        {
          label: "inactive too long",
          value: c.stale.total - c.stale.never,
          color: "var(--c-warn)",
          href: `/findings?rule=stale-user${src}`,
        },
        {
          label: "active",
          value: Math.max(0, c.users - c.stale.total),
          color: "var(--c-ok)",
          href: `/people?side=${c.sources[0]!.kind}`,
        },
      ]}
    />
  );
}

function findingsChart(c: Cloud) {
  const src = c.sourceParam ? `&source=${c.sourceParam}` : "";
  return (
    <HBars
      caption="Findings by severity"
      rows={SEVERITIES.map((s) => ({
        label: s,
        value: c.findings[s],
        color: SEVERITY_COLOR[s],
        href: `/findings?severity=${s}${src}`,
      }))}
    />
  );
}

function Head({ c, kind }: { c: Cloud | null; kind: SourceKind }) {
  if (!c) return <Missing kind={kind} />;
  return (
    <div>
      <div className="flex flex-wrap items-center gap-2">
        <ProviderBadge kind={kind} />
        <span className="font-semibold">{c.sources.map((s) => s.sourceName).join(", ")}</span>
      </div>
      <p className="mt-1 text-xs text-muted">
        Snapshot <When value={c.sources[0]!.finishedAt} /> UTC
      </p>
      <dl className="mt-3 grid grid-cols-3 gap-3">
        <Stat label="Users" value={c.users} href={`/${kind}?tab=users`} />
        <Stat label="Admin users" value={c.admins} href={`/people?side=${side(kind)}&tier=admin`} />
        <Stat
          label="Findings"
          value={SEVERITIES.reduce((a, s) => a + c.findings[s], 0)}
          href={`/findings${c.sourceParam ? `?source=${c.sourceParam}` : ""}`}
        />
      </dl>
      {c.notCollected.length ? (
        <div className="mt-3 text-xs">
          <p className="mb-1 font-semibold text-muted">Not collected</p>
          <ul className="flex flex-wrap gap-1">
            {c.notCollected.map((n) => (
              <li key={`${n.source}|${n.dataset}`}>
                <NotCollected
                  label={n.dataset}
                  why={[n.reason, n.permission ? `needs ${n.permission}` : null].filter(Boolean).join(" — ") || null}
                />
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}

function Stat({ label, value, href }: { label: string; value: number; href: string }) {
  return (
    <div>
      <dt className="text-xs text-muted">{label}</dt>
      <dd className="text-2xl font-semibold tabular-nums">
        <Link href={href} className="hover:underline">
          {value.toLocaleString("en-US")}
        </Link>
      </dd>
    </div>
  );
}

/** Overview: both clouds side by side (AWS left, Entra right), the concept that links them in between. */
export default async function OverviewPage() {
  await requireUser();
  const o = await getOverview(db());
  const aws = cloudOf(o, "aws");
  const entra = cloudOf(o, "entra");
  const p = o.people;
  const crossCloud =
    o.findings.total - o.clouds.reduce((a, c) => a + SEVERITIES.reduce((x, s) => x + c.findings[s], 0), 0);
  const either = (c: Cloud | null, kind: SourceKind, f: (c: Cloud, kind: SourceKind) => ReactNode) =>
    c ? f(c, kind) : <Missing kind={kind} />;

  return (
    <>
      <PageHeader
        title="Overview"
        subtitle="AWS on the left, Entra on the right, the idea that links them in between. Every number opens the filtered list behind it."
      />
      {o.clouds.length === 0 ? <NothingLoaded /> : null}
      <Row
        concept="People"
        note={
          p.total === 0 ? (
            <span>People are matched when a snapshot completes.</span>
          ) : (
            <ul className="space-y-0.5 text-sm text-fg">
              <li>
                <Link href="/people" className="link">
                  {p.total.toLocaleString("en-US")} people
                </Link>
              </li>
              <li>
                <Link href="/people?view=linked" className="link">
                  {p.matched.toLocaleString("en-US")} linked in both
                </Link>
              </li>
              <li>
                <Link href="/people?side=awsOnly" className="link">
                  {p.awsOnly.toLocaleString("en-US")} AWS only
                </Link>{" "}
                ·{" "}
                <Link href="/people?side=entraOnly" className="link">
                  {p.entraOnly.toLocaleString("en-US")} Entra only
                </Link>
              </li>
              <li>
                <Link href="/people?view=ambiguous" className="link">
                  {p.ambiguous.toLocaleString("en-US")} ambiguous
                </Link>
              </li>
            </ul>
          )
        }
        aws={<Head c={aws} kind="aws" />}
        entra={<Head c={entra} kind="entra" />}
      />
      <Row
        concept="Privilege"
        note={
          <>
            One scale for both clouds: admin › privileged › write › read › none.{" "}
            <Link href="/access-models" className="link">
              How they compare
            </Link>
          </>
        }
        aws={either(aws, "aws", (c, k) => <HBars caption="Users by tier" rows={tierRows(c, k)} />)}
        entra={either(entra, "entra", (c, k) => (
          <HBars caption="Users by tier (active roles; PIM-eligible apart)" rows={tierRows(c, k)} />
        ))}
      />
      <Row
        concept="MFA"
        note={
          <>
            Registered is not enforced: AWS enforces with Deny-without-MFA policies, Entra with conditional access.
            <span className="mt-2 block text-sm text-fg">
              <Link href="/people?view=mfa-gap" className="link">
                {p.mfaGap.toLocaleString("en-US")} registered, not enforced
              </Link>
            </span>
            <span className="mt-1 block text-sm text-fg">
              <Link href="/people?view=admin-no-mfa" className="link">
                {p.adminWithoutEnforcedMfa.toLocaleString("en-US")} admins without enforced MFA
              </Link>
            </span>
          </>
        }
        aws={either(aws, "aws", mfaBars)}
        entra={either(entra, "entra", mfaBars)}
      />
      <Row
        concept="Stale access"
        note={<>Last console/key use on AWS, last sign-in on Entra. “Never” is not “unknown”.</>}
        aws={either(aws, "aws", staleChart)}
        entra={either(entra, "entra", staleChart)}
      />
      <Row
        concept="Findings"
        note={
          <>
            <Link href="/findings" className="link text-sm">
              {o.findings.total.toLocaleString("en-US")} findings
            </Link>
            {crossCloud > 0 ? (
              <span className="block">{crossCloud.toLocaleString("en-US")} span both clouds</span>
            ) : null}
            {o.findings.incomplete > 0 ? (
              <Link href="/findings?complete=no" className="link mt-1 block">
                {o.findings.incomplete.toLocaleString("en-US")} may be incomplete
              </Link>
            ) : null}
          </>
        }
        aws={either(aws, "aws", findingsChart)}
        entra={either(entra, "entra", findingsChart)}
      />
    </>
  );
}

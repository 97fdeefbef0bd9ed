import Link from "next/link";
import type { ReactNode } from "react";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { SEVERITIES, TIERS, type SourceKind, type Tier } from "@/lib/model";
import { getOverview } from "@/lib/services/overview";
import {
  AZURE_OVERVIEW_TIERS,
  azureTotals,
  cloudTotals,
  figuresById,
  type CloudTotals,
  type OverviewFigure,
} from "@/lib/services/overview-figures";
import { readAzureEstates } from "@/lib/services/refresh-azure-views";
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

type Cloud = CloudTotals;
type Fig = (id: string) => OverviewFigure;

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

/** A figure as a chart row (the figure's own number and link). */
function row(f: OverviewFigure, color: string, label = f.label): ChartRow {
  return { label, value: f.value, color, href: f.href ?? undefined };
}

function tierRows(fig: Fig, kind: SourceKind): ChartRow[] {
  return TIERS.map((t) => row(fig(`${kind}.tier.${t}`), TIER_COLOR[t], t));
}

function mfaBars(c: Cloud, fig: Fig) {
  const k = c.kind;
  const seg = (id: string, color: string, hatched = false) => {
    const f = fig(`${k}.mfa.${id}`);
    return { label: f.label, value: f.value, color, hatched, href: f.href ?? undefined };
  };
  return (
    <div className="space-y-3">
      <StackBar
        caption={`MFA registered (${c.users.toLocaleString("en-US")} users)`}
        total={c.users}
        segments={[
          seg("registered.yes", "var(--c-ok)"),
          seg("registered.no", "var(--c-danger)"),
          seg("registered.unknown", "var(--c-nc)", true),
        ]}
      />
      <StackBar
        caption={`MFA enforced by policy, not just registered (${c.users.toLocaleString("en-US")} users)`}
        total={c.users}
        segments={[
          seg("enforced.yes", "var(--c-ok)"),
          seg("enforced.no", "var(--c-danger)"),
          seg("enforced.unknown", "var(--c-nc)", true),
        ]}
      />
    </div>
  );
}

function staleChart(c: Cloud, fig: Fig) {
  if (!c.stale)
    return (
      <NotCollected label="Activity not collected" why="The dataset with last sign-in / last use was not collected" />
    );
  return (
    <HBars
      caption={`Stale users, of ${c.users.toLocaleString("en-US")} users (stale-user findings; disabled and break-glass users are not counted)`}
      rows={[row(fig(`${c.kind}.stale.never`), "var(--c-warn)"), row(fig(`${c.kind}.stale.idle`), "var(--c-warn)")]}
    />
  );
}

function findingsChart(c: Cloud, fig: Fig) {
  return (
    <HBars
      caption="Findings by severity"
      rows={SEVERITIES.map((s) => row(fig(`${c.kind}.findings.${s}`), SEVERITY_COLOR[s]))}
    />
  );
}

function Head({ c, kind, fig }: { c: Cloud | null; kind: SourceKind; fig: Fig }) {
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
        <Stat f={fig(`${kind}.users`)} />
        <Stat f={fig(`${kind}.admins`)} />
        <Stat f={fig(`${kind}.findings`)} />
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

function Stat({ f }: { f: OverviewFigure }) {
  return (
    <div>
      <dt className="text-xs text-muted">{f.label}</dt>
      <dd className="text-2xl font-semibold tabular-nums">
        <Num f={f} className="hover:underline" />
      </dd>
    </div>
  );
}

/** A figure's number, linked to its list when it has one; `words` follow the number inside the link. */
function Num({ f, className = "link", words }: { f: OverviewFigure; className?: string; words?: string }) {
  const text = `${f.value.toLocaleString("en-US")}${words ? ` ${words}` : ""}`;
  return f.href ? (
    <Link href={f.href} className={className}>
      {text}
    </Link>
  ) : (
    <span>{text}</span>
  );
}

/** Azure RBAC beside the Entra tiers: role assignments by the tier of their role, a floor when a subscription was refused. */
function AzureTiers({ az, fig }: { az: NonNullable<ReturnType<typeof azureTotals>>; fig: Fig }) {
  return (
    <div className="mt-4 border-t border-border pt-3" data-testid="azure-tiers">
      <HBars
        caption={`Azure resource access: role assignments by tier (${az.estates.join(", ")})`}
        rows={AZURE_OVERVIEW_TIERS.map((t) => row(fig(`azure.assignments.${t}`), TIER_COLOR[t], t))}
      />
      <p className="mt-1 text-xs text-muted">
        Owner, User Access Administrator and RBAC Administrator are admin; Contributor-like roles write or privileged;
        judged from each role&apos;s actions. <Num f={fig("azure.assignments.eligible")} words="of them PIM-eligible" />
        .
      </p>
      {az.notCollected > 0 ? (
        <p className="mt-1 text-xs">
          <NotCollected
            label={`${az.notCollected} subscription${az.notCollected === 1 ? "" : "s"} not collected: at least these numbers`}
            why="The reader was refused; their role assignments are not counted"
          />
        </p>
      ) : null}
    </div>
  );
}

/** Overview: both clouds side by side (AWS left, Entra right), the concept that links them in between. */
export default async function OverviewPage() {
  await requireUser();
  const [o, estates] = await Promise.all([getOverview(db()), readAzureEstates(db())]);
  const fig = figuresById(o, estates);
  const az = azureTotals(estates);
  const aws = cloudTotals(o, "aws");
  const entra = cloudTotals(o, "entra");
  const p = o.people;
  const either = (c: Cloud | null, kind: SourceKind, f: (c: Cloud, fig: Fig) => ReactNode) =>
    c ? f(c, fig) : <Missing kind={kind} />;

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
                <Num f={fig("people.total")} words="people" />
              </li>
              <li>
                <Num f={fig("people.linked")} words="linked in both" />
              </li>
              <li>
                <Num f={fig("people.awsOnly")} words="AWS only" /> ·{" "}
                <Num f={fig("people.entraOnly")} words="Entra only" />
              </li>
              <li>
                <Num f={fig("people.ambiguous")} words="ambiguous" />
              </li>
              {p.awsFederated !== undefined && p.awsAdmins !== undefined ? (
                <li>
                  <Num f={fig("people.awsAdmins")} words="admin in AWS" /> ·{" "}
                  <Num f={fig("people.awsFederated")} words="reach AWS through Entra" />
                </li>
              ) : null}
            </ul>
          )
        }
        aws={<Head c={aws} kind="aws" fig={fig} />}
        entra={<Head c={entra} kind="entra" fig={fig} />}
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
        aws={either(aws, "aws", (_c, f) => <HBars caption="Users by tier" rows={tierRows(f, "aws")} />)}
        entra={
          <>
            {either(entra, "entra", (_c, f) => (
              <HBars caption="Users by tier (active roles; PIM-eligible apart)" rows={tierRows(f, "entra")} />
            ))}
            {az ? <AzureTiers az={az} fig={fig} /> : null}
          </>
        }
      />
      <Row
        concept="MFA"
        note={
          <>
            Registered is not enforced: AWS enforces with Deny-without-MFA policies, Entra with conditional access.
            <span className="mt-2 block text-sm text-fg">
              <Num f={fig("people.mfaGap")} words="people registered, not enforced" />
            </span>
            <span className="mt-1 block text-sm text-fg">
              <Num f={fig("people.adminWithoutEnforcedMfa")} words="people admin without enforced MFA" />
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
            <span className="text-sm">
              <Num f={fig("findings.total")} words="findings" />
            </span>
            {fig("findings.crossCloud").value > 0 ? (
              <span className="block">
                <Num f={fig("findings.crossCloud")} words="span both clouds" />
              </span>
            ) : null}
            {o.findings.incomplete > 0 ? (
              <span className="mt-1 block">
                <Num f={fig("findings.incomplete")} words="may be incomplete" />
              </span>
            ) : null}
          </>
        }
        aws={either(aws, "aws", findingsChart)}
        entra={either(entra, "entra", findingsChart)}
      />
    </>
  );
}

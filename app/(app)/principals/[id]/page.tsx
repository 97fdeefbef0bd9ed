import Link from "next/link";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import type { Credential, TierReason, Trust } from "@/lib/model";
import { askCanPrincipal } from "@/lib/services/ask-can-principal";
import { getPrincipalDetail } from "@/lib/services/browse-principal";
import { Chip, NotCollected, ProviderBadge, TierBadge, When, YesNo } from "../../../components/badges";
import { keyed } from "../../../components/keyed";
import { PageHeader, Panel } from "../../../components/shell";
import { kindLabel } from "../../_inventory/cells";
import {
  Facts,
  PrincipalLink,
  RawRecord,
  refKey,
  Tags,
  TierReasonItem,
  tierReasonKey,
} from "../../_inventory/detail-parts";
import { CanPanel } from "./can-panel";
import { EffectivePanel } from "./effective-panel";
import { idOrNotFound, orNotFound } from "../../../components/not-found";

export const dynamic = "force-dynamic";

type SP = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function PrincipalPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<SP>;
}) {
  await requireUser();
  const { id } = await params;
  const sp = await searchParams;
  const d = await orNotFound(
    getPrincipalDetail(db(), idOrNotFound(id), {
      service: one(sp.service),
      level: one(sp.level),
    }),
  );
  const p = d.principal;
  const a = (p.attributes ?? {}) as Record<string, unknown>;
  const derived = (p.derived ?? null) as {
    tierReasons?: TierReason[];
    eligibleTier?: string | null;
    eligibleReasons?: TierReason[];
  } | null;
  const credentials = (a.credentials as Credential[] | undefined) ?? null;
  const trust = (a.trust as Trust[] | undefined) ?? null;
  const isAws = d.source.kind === "aws";
  const can =
    isAws && (p.kind === "user" || p.kind === "role")
      ? await askCanPrincipal(db(), p.id, { action: one(sp.can), resource: one(sp.resource), context: one(sp.context) })
      : null;
  const facts: [string, React.ReactNode][] = [
    ["Kind", kindLabel(p.kind)],
    [
      "Source",
      <Link key="s" href={`/sources/${d.source.id}`} className="link">
        {d.source.name}
      </Link>,
    ],
    [
      "Provider id",
      <span key="i" className="font-mono text-xs">
        {p.providerId}
      </span>,
    ],
    ...(p.arn
      ? ([
          [
            "ARN",
            <span key="a" className="font-mono text-xs">
              {p.arn}
            </span>,
          ],
        ] as [string, React.ReactNode][])
      : []),
    ...(p.upn ? ([["User principal name", p.upn]] as [string, React.ReactNode][]) : []),
    ["Email", p.email ?? <span className="text-muted">—</span>],
    ["Enabled", <YesNo key="e" value={p.enabled} good />],
    ...(isAws ? [] : ([["Guest", <YesNo key="g" value={p.guest} />]] as [string, React.ReactNode][])),
    ["Created", <When key="c" value={p.createdAt} />],
    [
      "Last activity",
      <When key="l" value={p.lastActivityAt} empty={<span className="text-muted">None recorded</span>} />,
    ],
    ...(p.kind === "user"
      ? ([
          ["MFA registered", <YesNo key="m" value={p.mfaRegistered} good />],
          ["MFA enforced", <YesNo key="me" value={p.mfaEnforced} good />],
        ] as [string, React.ReactNode][])
      : []),
    ...(a.consolePassword !== undefined
      ? ([["Console password", <YesNo key="cp" value={a.consolePassword as boolean | null} />]] as [
          string,
          React.ReactNode,
        ][])
      : []),
    ...(a.permissionsBoundaryArn
      ? ([
          [
            "Permission boundary",
            <span key="b" className="font-mono text-xs">
              {String(a.permissionsBoundaryArn)}
            </span>,
          ],
        ] as [string, React.ReactNode][])
      : []),
    ...(a.path ? ([["Path", String(a.path)]] as [string, React.ReactNode][]) : []),
    ...(a.userType ? ([["User type", String(a.userType)]] as [string, React.ReactNode][]) : []),
    ...(a.onPremisesSyncEnabled !== undefined
      ? ([["Synced from on-premises", <YesNo key="o" value={a.onPremisesSyncEnabled as boolean | null} />]] as [
          string,
          React.ReactNode,
        ][])
      : []),
    ...(a.appId
      ? ([
          [
            "Application id",
            <span key="ap" className="font-mono text-xs">
              {String(a.appId)}
            </span>,
          ],
        ] as [string, React.ReactNode][])
      : []),
    ["Tags", <Tags key="t" tags={(p.tags ?? {}) as Record<string, string>} />],
  ];
  return (
    <>
      <PageHeader
        title={
          <span className="inline-flex flex-wrap items-center gap-2">
            <ProviderBadge kind={d.source.kind} /> {p.kind === "user" && p.upn ? p.upn : p.name}{" "}
            <TierBadge tier={p.tier} />
          </span>
        }
        subtitle={
          <>
            {kindLabel(p.kind)}
            {p.displayName && p.displayName !== p.name ? ` · ${p.displayName}` : ""} · snapshot of{" "}
            <When value={d.snapshot.finishedAt} /> UTC
          </>
        }
        actions={
          <Link
            href={isAws ? "/aws" : "/entra"}
            className="rounded border border-border px-3 py-1.5 text-sm hover:bg-surface-2"
          >
            Back to list
          </Link>
        }
      />
      <div className="grid gap-5 xl:grid-cols-2">
        <Panel title="Attributes">
          <Facts items={facts} />
        </Panel>
        <Panel title="Privilege tier — why">
          {derived?.tierReasons?.length ? (
            <ul className="space-y-1.5 text-sm">
              {keyed(derived.tierReasons, tierReasonKey).map(({ key, item: r }) => (
                <TierReasonItem key={key} reason={r} />
              ))}
            </ul>
          ) : p.tier ? (
            <p className="text-sm text-muted">No reason recorded.</p>
          ) : (
            <p className="text-sm">
              <NotCollected label="Not computed yet" />{" "}
              <span className="text-muted">Tiers are computed by the analysis after each snapshot.</span>
            </p>
          )}
          {derived?.eligibleTier ? (
            <p className="mt-3 text-sm">
              PIM-eligible (not active): <TierBadge tier={derived.eligibleTier} />{" "}
              {derived.eligibleReasons?.map((r) => r.permissionSet).join(", ")}
            </p>
          ) : null}
        </Panel>
      </div>

      {credentials ? (
        <Panel title="Credentials">
          {credentials.length === 0 ? (
            <p className="text-sm text-muted">None.</p>
          ) : (
            <table className="w-full text-sm">
              <caption className="sr-only">Credentials</caption>
              <thead className="text-left text-xs uppercase tracking-wide text-muted">
                <tr>
                  <th scope="col" className="py-1 pr-3">
                    Type
                  </th>
                  <th scope="col" className="py-1 pr-3">
                    Id
                  </th>
                  <th scope="col" className="py-1 pr-3">
                    Active
                  </th>
                  <th scope="col" className="py-1 pr-3">
                    Created
                  </th>
                  <th scope="col" className="py-1 pr-3">
                    Last used
                  </th>
                  <th scope="col" className="py-1 pr-3">
                    Expires
                  </th>
                </tr>
              </thead>
              <tbody>
                {credentials.map((c) => (
                  <tr key={`${c.type}-${c.id}`} className="border-t border-border">
                    <td className="py-1.5 pr-3">{c.type}</td>
                    <td className="py-1.5 pr-3 font-mono text-xs">{c.id}</td>
                    <td className="py-1.5 pr-3">
                      <YesNo value={c.active} />
                    </td>
                    <td className="py-1.5 pr-3">
                      <When value={c.createdAt} />
                    </td>
                    <td className="py-1.5 pr-3">
                      {c.neverUsed ? <Chip tone="warn">Never used</Chip> : <When value={c.lastUsedAt} />}
                    </td>
                    <td className="py-1.5 pr-3">{c.expiresAt ? <When value={c.expiresAt} /> : "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Panel>
      ) : null}

      {trust ? (
        <Panel title="Trust policy — who can assume this role">
          <ul className="space-y-1.5 text-sm">
            {keyed(trust, (t) => JSON.stringify(t)).map(({ key, item: t }) => (
              <li key={key} className="flex flex-wrap items-center gap-2">
                <Chip>{t.type}</Chip> <span className="font-mono text-xs">{t.value}</span>
                {t.type === "wildcard" ? (
                  <Chip tone="danger">⚠ anyone</Chip>
                ) : t.external ? (
                  <Chip tone="warn">⚑ outside this account</Chip>
                ) : null}
                {t.conditions ? (
                  <span className="text-muted">
                    when{" "}
                    {Object.entries(t.conditions)
                      .map(
                        ([op, kv]) =>
                          `${op} ${Object.entries(kv)
                            .map(([k, v]) => `${k}=${v.join("|")}`)
                            .join(", ")}`,
                      )
                      .join("; ")}
                  </span>
                ) : null}
              </li>
            ))}
          </ul>
        </Panel>
      ) : null}

      <div className="grid gap-5 xl:grid-cols-2">
        <Panel title={p.kind === "group" ? `Members (${d.memberCount.toLocaleString("en-US")})` : "Groups"}>
          {(p.kind === "group" ? d.members : d.memberOf).length === 0 ? (
            <p className="text-sm text-muted">
              {d.snapshot.datasets.memberships?.collected === false ? (
                <NotCollected why={d.snapshot.datasets.memberships.reason} />
              ) : (
                "None."
              )}
            </p>
          ) : (
            <ul className="max-h-80 space-y-1 overflow-auto text-sm">
              {keyed(p.kind === "group" ? d.members : d.memberOf, (m) => refKey(m.ref)).map(({ key, item: m }) => (
                <li key={key}>
                  <PrincipalLink r={m.ref} /> {m.direct ? null : <Chip>transitive</Chip>}
                </li>
              ))}
            </ul>
          )}
          {p.kind === "group" && d.memberOf.length > 0 ? (
            <p className="mt-3 text-sm">
              Member of:{" "}
              {keyed(d.memberOf, (m) => refKey(m.ref)).map(({ key, item: m }) => (
                <span key={key} className="mr-2">
                  <PrincipalLink r={m.ref} />
                </span>
              ))}
            </p>
          ) : null}
        </Panel>
        <Panel title={isAws ? "Policies" : "Roles"}>
          {d.assignments.length === 0 && d.inlinePolicies.length === 0 ? (
            <p className="text-sm text-muted">None.</p>
          ) : (
            <ul className="space-y-1.5 text-sm">
              {keyed(
                d.assignments,
                (x) => `${x.permissionSetProviderId}|${x.kind}|${x.scope}|${x.via ? refKey(x.via) : ""}`,
              ).map(({ key, item: x }) => (
                <li key={key} className="flex flex-wrap items-center gap-2">
                  {x.permissionSet ? (
                    <Link href={`/policies/${x.permissionSet.id}`} className="link font-medium">
                      {x.permissionSet.name}
                    </Link>
                  ) : (
                    <span className="font-mono text-xs">{x.permissionSetProviderId}</span>
                  )}
                  {x.permissionSet ? <Chip>{kindLabel(x.permissionSet.kind)}</Chip> : null}
                  {x.kind === "boundary" ? (
                    <Chip tone="info">permission boundary</Chip>
                  ) : x.kind === "eligible" ? (
                    <Chip tone="warn">PIM-eligible</Chip>
                  ) : null}
                  {x.via ? (
                    <span className="text-muted">
                      via group <PrincipalLink r={x.via} />
                    </span>
                  ) : (
                    <span className="text-muted">attached directly</span>
                  )}
                  {x.scope !== "*" && x.scope !== "/" ? <span className="text-muted">scope {x.scope}</span> : null}
                </li>
              ))}
              {d.inlinePolicies.map((x) => (
                <li key={x.id} className="flex items-center gap-2">
                  <Link href={`/policies/${x.id}`} className="link font-medium">
                    {x.name}
                  </Link>
                  <Chip>Inline</Chip>
                </li>
              ))}
            </ul>
          )}
        </Panel>
      </div>

      {can ? <CanPanel principalId={p.id} result={can} /> : null}

      {isAws ? <EffectivePanel principalId={p.id} detail={d} /> : null}

      <RawRecord value={p.raw} />
    </>
  );
}

"use client";

import Link from "next/link";
import { useMemo, type ReactNode } from "react";
import { Chip, TierBadge } from "../../components/badges";
import { LinkBadge, MfaPair } from "../../components/compare";
import { VirtualTable, type HeadCell, type VirtualRow } from "../../components/data-table/virtual-table";
import { DateOnly } from "../../components/date-only";
import type { PersonCells, PersonSide } from "./people-data";

const link = "font-medium text-link underline-offset-2 hover:underline";

function identity(sides: PersonSide[]): ReactNode {
  const first = sides[0];
  if (!first) return <span className="text-xs text-muted">— none</span>;
  const all = sides.map((s) => `${s.name} (${s.sourceName})`).join("\n");
  return (
    <span className="inline-flex max-w-full items-center gap-1" title={all}>
      <TierBadge tier={first.tier} />
      <span className="truncate">{first.name}</span>
      {first.enabled === false ? <Chip tone="warn">disabled</Chip> : null}
      {first.guest ? <Chip tone="warn">guest</Chip> : null}
      {first.eligibleTier ? <Chip title={`PIM-eligible up to ${first.eligibleTier}`}>+PIM</Chip> : null}
      {sides.length > 1 ? <Chip title={all}>+{sides.length - 1}</Chip> : null}
    </span>
  );
}

const VIA_LABEL = { identityCenter: "Identity Center", saml: "SAML" } as const;

/** AWS access through Entra: the highest tier over the usable paths, how and into how many accounts. */
function federated(f: NonNullable<PersonCells["federatedAws"]>, alone: boolean): ReactNode {
  const how = `${f.via.map((v) => VIA_LABEL[v]).join(" + ")} · ${f.accounts} account${f.accounts === 1 ? "" : "s"}`;
  const title = `Through Entra (${how})${f.tierUnknown ? "; some paths' tier was not collected: at least this tier" : ""}`;
  if (!alone)
    return <Chip title={`Also ${f.tier ?? "tier unknown"} through Entra (${how})`}>+{f.tier ?? "?"} via Entra</Chip>;
  return (
    <span className="inline-flex max-w-full items-center gap-1" title={title}>
      <TierBadge tier={f.tier} />
      {f.tierUnknown && f.tier ? <Chip title="Some paths' tier was not collected">or more</Chip> : null}
      <span className="truncate">{how}</span>
    </span>
  );
}

function awsCell(r: PersonCells): ReactNode {
  if (!r.federatedAws) return identity(r.aws);
  if (!r.aws.length) return federated(r.federatedAws, true);
  return (
    <span className="inline-flex max-w-full items-center gap-1">
      {identity(r.aws)}
      {federated(r.federatedAws, false)}
    </span>
  );
}

function mfa(sides: PersonSide[]): ReactNode {
  return sides[0] ? (
    <MfaPair registered={sides[0].mfaRegistered} enforced={sides[0].mfaEnforced} compact />
  ) : (
    <span className="text-xs text-muted">—</span>
  );
}

function cell(r: PersonCells, key: string): ReactNode {
  switch (key) {
    case "name":
      return (
        <span className="inline-flex max-w-full items-center gap-1">
          <Link href={`/people/${r.id}`} className={`${link} truncate`} title={r.displayName}>
            {r.displayName}
          </Link>
          {r.breakGlass ? (
            <Chip tone="info" title="Break-glass (emergency access) account">
              <span aria-hidden>⚑</span>
              <span className="sr-only">break-glass</span>
            </Chip>
          ) : null}
          {r.adminUnenforced ? (
            <Chip tone="danger" title="Admin or privileged in a cloud where MFA is not enforced">
              <span aria-hidden>⚠</span>
              <span className="sr-only">privileged without enforced MFA</span>
            </Chip>
          ) : null}
        </span>
      );
    case "aws":
      return awsCell(r);
    case "awsMfa":
      return mfa(r.aws);
    case "link":
      return (
        <LinkBadge
          method={r.method}
          confidence={r.confidence}
          ambiguous={r.ambiguous}
          candidates={r.candidates}
          linked={r.aws.length > 0 && r.entra.length > 0}
        />
      );
    case "entra":
      return identity(r.entra);
    case "entraMfa":
      return mfa(r.entra);
    case "lastActivity":
      return <DateOnly value={r.lastActivityAt} />;
    case "findings":
      return r.findings > 0 ? (
        <Link href={`/findings?person=${encodeURIComponent(r.key)}`} className={link}>
          {r.findings}
        </Link>
      ) : (
        "0"
      );
    default:
      return null;
  }
}

/**
 * The people table, rendered in the browser from plain row data (see PersonCells): the cells are built here, and
 * the virtual table puts only the rows in view into the DOM (and into the server-rendered HTML).
 */
export function PeopleTable({ head, rows, caption }: { head: HeadCell[]; rows: PersonCells[]; caption: string }) {
  const virtualRows = useMemo<VirtualRow[]>(
    () => rows.map((r) => ({ key: String(r.id), cells: head.map((h) => cell(r, h.key)) })),
    [rows, head],
  );
  return <VirtualTable head={head} rows={virtualRows} caption={caption} />;
}

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
      return identity(r.aws);
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

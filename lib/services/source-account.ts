import type { Db } from "../db/client";
import { listSources, type SourceRow } from "../db/sources";
import { AppError } from "../errors";

/**
 * One AWS account (or Entra tenant) is one source: a second source for the same account would double every count
 * and show each person twice. Importing or syncing an account that another source already holds is refused, naming
 * that source, unless the import goes into it.
 */

const WHAT = { aws: "AWS account", entra: "Entra tenant" } as const;

/** The account / tenant id a source holds: its externalId, or the id an older import kept in its settings. */
export function heldId(s: Pick<SourceRow, "externalId" | "settings">): string | null {
  if (s.externalId) return s.externalId;
  const v = s.settings.accountId ?? s.settings.tenantId;
  return typeof v === "string" && v ? v : null;
}

export async function assertAccountHolder(
  db: Db,
  kind: keyof typeof WHAT,
  accountId: string,
  sourceName: string,
  /** A source may be re-keyed to another tenant (Entra's add form edits a tenant of that name). */
  opts: { rekey?: boolean } = {},
): Promise<void> {
  const sources = (await listSources(db)).filter((s) => s.kind === kind);
  const holder = sources.find((s) => heldId(s) === accountId);
  if (holder && holder.name !== sourceName)
    throw new AppError(
      "CONFLICT",
      `${WHAT[kind]} ${accountId} is already held by source "${holder.name}". Use that source (source name "${holder.name}"; on the command line --source "${holder.name}") so its snapshots stay one history, or delete it first.`,
    );
  if (opts.rekey) return;
  const target = sources.find((s) => s.name === sourceName);
  const held = target ? heldId(target) : null;
  if (held && held !== accountId)
    throw new AppError(
      "CONFLICT",
      `Source "${sourceName}" holds ${WHAT[kind]} ${held}; these files are ${WHAT[kind]} ${accountId}. Import them under another source name.`,
    );
}

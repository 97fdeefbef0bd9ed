import type { PersonSummaryJson, Tier } from "../model";
import { AppError } from "../errors";
import type { Db } from "./client";
import { nullsLast, rowsInOrder, withNeedle } from "./list-page";
import { peopleVersion } from "./people-swap";

/**
 * The Person / PersonIdentity tables: one row per human (identities of both clouds), rebuilt by refresh-derived,
 * and the people list the web app pages through. Filters and sorts read indexed columns only; the per-identity
 * details for a row come from `summary` (JSON) so a page needs no join.
 */

export const PEOPLE_SORTS = ["name", "tier", "lastActivity", "findings"] as const;
export type PeopleSort = (typeof PEOPLE_SORTS)[number];

/** Filters of the people list; every one is a column of Person. */
export interface PeopleFilter {
  q?: string;
  /** Minimum tier in either cloud. */
  minTier?: Tier;
  /**
   * aws = has AWS (an IAM identity or access through Entra), entra = has an Entra identity, both, awsOnly, entraOnly;
   * federated = reaches AWS through Entra (Identity Center, SAML).
   */
  presence?: "aws" | "entra" | "both" | "awsOnly" | "entraOnly" | "federated";
  /** The person's AWS tier (IAM identities and access through Entra), exactly. */
  awsTier?: Tier;
  /** "no" = some identity not enforced; "yes" = every identity enforced; "unknown" = not known. */
  mfaEnforced?: "yes" | "no" | "unknown";
  mfaRegistered?: "yes" | "no" | "unknown";
  /** Admins/privileged in either cloud without enforced MFA there (the auditor's first question). */
  adminWithoutMfa?: boolean;
  mfaGap?: boolean;
  ambiguous?: boolean;
  guest?: boolean;
  breakGlass?: boolean;
  stale?: boolean;
  unmatched?: boolean;
  withFindings?: boolean;
  /** Disabled in one cloud, still active in the other (Person.enabledMismatch). */
  disabledMismatch?: boolean;
}

export interface PeopleQuery extends PeopleFilter {
  sort?: PeopleSort;
  dir?: "asc" | "desc";
  skip?: number;
  take?: number;
}

export interface PersonListRow {
  id: number;
  key: string;
  displayName: string;
  method: string | null;
  confidence: number | null;
  ambiguous: boolean;
  maxTier: Tier | null;
  awsTier: Tier | null;
  entraTier: Tier | null;
  mfaRegistered: boolean | null;
  mfaEnforced: boolean | null;
  adminUnenforced: boolean;
  breakGlass: boolean;
  guest: boolean;
  stale: boolean | null;
  lastActivityAt: Date | null;
  findings: number;
  summary: PersonSummaryJson;
}

const TIER_RANK: Record<Tier, number> = { admin: 4, privileged: 3, write: 2, read: 1, none: 0 };

function tri(v: "yes" | "no" | "unknown" | undefined): boolean | null | undefined {
  return v === undefined ? undefined : v === "yes" ? true : v === "no" ? false : null;
}

/** The Prisma `where` of a people filter (exported for counts/exports that reuse it). */
export function peopleWhere(f: PeopleFilter) {
  const and: Record<string, unknown>[] = [];
  const q = f.q?.trim().toLowerCase();
  if (q) and.push({ search: { contains: q } });
  if (f.minTier) and.push({ tierRank: { gte: TIER_RANK[f.minTier] } });
  if (f.presence === "aws") and.push({ hasAws: true });
  if (f.presence === "entra") and.push({ hasEntra: true });
  if (f.presence === "both") and.push({ hasAws: true, hasEntra: true });
  if (f.presence === "awsOnly") and.push({ hasAws: true, hasEntra: false });
  if (f.presence === "entraOnly") and.push({ hasAws: false, hasEntra: true });
  if (f.presence === "federated") and.push({ awsFederated: true });
  if (f.awsTier) and.push({ awsTier: f.awsTier });
  const enf = tri(f.mfaEnforced);
  if (enf !== undefined) and.push({ mfaEnforced: enf });
  const reg = tri(f.mfaRegistered);
  if (reg !== undefined) and.push({ mfaRegistered: reg });
  if (f.adminWithoutMfa !== undefined) and.push({ adminUnenforced: f.adminWithoutMfa });
  if (f.mfaGap !== undefined) and.push({ mfaGap: f.mfaGap });
  if (f.ambiguous !== undefined) and.push({ ambiguous: f.ambiguous });
  if (f.guest !== undefined) and.push({ guest: f.guest });
  if (f.breakGlass !== undefined) and.push({ breakGlass: f.breakGlass });
  if (f.stale !== undefined) and.push({ stale: f.stale });
  if (f.unmatched !== undefined)
    and.push(f.unmatched ? { method: null, OR: [{ hasAws: false }, { hasEntra: false }] } : { method: { not: null } });
  if (f.withFindings !== undefined) and.push(f.withFindings ? { findings: { gt: 0 } } : { findings: 0 });
  if (f.disabledMismatch !== undefined) and.push({ enabledMismatch: f.disabledMismatch });
  return and.length ? { AND: and } : {};
}

type PersonRecord = Awaited<ReturnType<Db["person"]["findFirstOrThrow"]>>;

function toListRow(r: Omit<PersonRecord, "search">): PersonListRow {
  return {
    id: r.id,
    key: r.key,
    displayName: r.displayName,
    method: r.method,
    confidence: r.confidence,
    ambiguous: r.ambiguous,
    maxTier: r.maxTier as Tier | null,
    awsTier: r.awsTier as Tier | null,
    entraTier: r.entraTier as Tier | null,
    mfaRegistered: r.mfaRegistered,
    mfaEnforced: r.mfaEnforced,
    adminUnenforced: r.adminUnenforced,
    breakGlass: r.breakGlass,
    guest: r.guest,
    stale: r.stale,
    lastActivityAt: r.lastActivityAt,
    findings: r.findings,
    summary: r.summary as unknown as PersonSummaryJson,
  };
}

/** The order of a people sort; the name is always the tie-breaker so pages are stable. */
function peopleOrder(db: Db, sort: PeopleSort | undefined, dir: "asc" | "desc") {
  switch (sort) {
    case "tier":
      return [{ tierRank: dir }, { displayName: "asc" as const }, { id: "asc" as const }];
    case "lastActivity":
      return [{ lastActivityAt: nullsLast(db, dir) }, { id: "asc" as const }];
    case "findings":
      return [{ findings: dir }, { displayName: "asc" as const }, { id: "asc" as const }];
    default:
      return [{ displayName: dir }, { id: "asc" as const }];
  }
}

/**
 * One page of people, filtered and sorted in SQL, with the total for the filter. The ids of the page and the count
 * come from Person_list_idx alone (it holds every filter and sort column and `search`); only the page's rows are read
 * whole, so a deep 1,000-row page does not sort 100k `summary` documents.
 *
 * Those are three queries: when refresh-derived swapped a new list in between them (the people version changed), the
 * page is read again, so it is the old list or the new one, never ids of one with rows or a total of the other.
 */
export async function listPeople(db: Db, query: PeopleQuery = {}): Promise<{ rows: PersonListRow[]; total: number }> {
  for (let attempt = 1; ; attempt++) {
    const version = await peopleVersion(db);
    const page = await readPeoplePage(db, query);
    // Swaps are minutes apart: a second read is all but certain to see one list; never loop for good.
    if (attempt === 3 || (await peopleVersion(db)) === version) return page;
  }
}

async function readPeoplePage(db: Db, query: PeopleQuery): Promise<{ rows: PersonListRow[]; total: number }> {
  const where = peopleWhere(query);
  const needle = query.q?.trim();
  const dir =
    query.dir ?? (query.sort === "tier" || query.sort === "findings" || query.sort === "lastActivity" ? "desc" : "asc");
  const take = Math.min(Math.max(query.take ?? 50, 1), 5000);
  const orderBy = peopleOrder(db, query.sort, dir);
  const [ids, total] = await Promise.all([
    withNeedle(db, needle, (r) =>
      r.person.findMany({ where, orderBy, skip: Math.max(query.skip ?? 0, 0), take, select: { id: true } }),
    ),
    withNeedle(db, needle, (r) => r.person.count({ where })),
  ]);
  const rows = await rowsInOrder(ids, (id) =>
    db.person.findMany({ where: { id: { in: id } }, omit: { search: true } }),
  );
  return { total, rows: rows.map(toListRow) };
}

/** One person with its identities, by id or key. */
export async function getPerson(db: Db, idOrKey: number | string): Promise<PersonListRow> {
  const r = await db.person.findFirst({
    where: typeof idOrKey === "number" ? { id: idOrKey } : { key: idOrKey },
    omit: { search: true },
  });
  if (!r) throw new AppError("NOT_FOUND", `No person ${idOrKey}`);
  return toListRow(r);
}

/** The person an identity belongs to (for a principal page: "this is also …"). */
/** Display names of people by id (as text, the way access paths hold them). */
export async function personNames(db: Db, ids: string[]): Promise<Map<string, string>> {
  const nums = [...new Set(ids)].map(Number).filter(Number.isInteger);
  if (!nums.length) return new Map();
  const rows = await db.person.findMany({ where: { id: { in: nums } }, select: { id: true, displayName: true } });
  return new Map(rows.map((r) => [String(r.id), r.displayName]));
}

/** The person (id, as text) of each identity of one source that belongs to one, by provider id. */
export async function personIdsOfSource(db: Db, sourceId: string): Promise<Map<string, string>> {
  const rows = await db.personIdentity.findMany({ where: { sourceId }, select: { providerId: true, personId: true } });
  return new Map(rows.map((r) => [r.providerId, String(r.personId)]));
}

export async function personOfIdentity(db: Db, sourceId: string, providerId: string): Promise<number | null> {
  const r = await db.personIdentity.findUnique({
    where: { sourceId_providerId: { sourceId, providerId } },
    select: { personId: true },
  });
  return r?.personId ?? null;
}

/** Hand-made link decisions (they survive syncs: keyed by source id + provider id). */
export async function listPersonLinks(db: Db) {
  return db.personLink.findMany({ orderBy: { createdAt: "asc" } });
}

/** Records a manual decision (confirm a link, or reject = split). The next refresh applies it. */
export async function savePersonLink(
  db: Db,
  link: {
    leftSourceId: string;
    leftProviderId: string;
    rightSourceId: string;
    rightProviderId: string;
    decision: "confirmed" | "rejected";
    note?: string | null;
  },
): Promise<void> {
  const key = {
    leftSourceId: link.leftSourceId,
    leftProviderId: link.leftProviderId,
    rightSourceId: link.rightSourceId,
    rightProviderId: link.rightProviderId,
  };
  await db.personLink.upsert({
    where: { leftSourceId_leftProviderId_rightSourceId_rightProviderId: key },
    create: { ...key, decision: link.decision, note: link.note ?? null },
    update: { decision: link.decision, note: link.note ?? null },
  });
}

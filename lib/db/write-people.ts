import type { PersonSummary } from "../analysis/person-summary";
import type { Db } from "./client";
import { insertMany, type Column } from "./bulk-insert";
import type { PersonSummaryJson } from "./people";

/** Writes the Person / PersonIdentity tables (rebuilt by refresh-derived); lib/db/people.ts holds the reads. */

const PERSON_COLUMNS: Column[] = [
  { name: "id", type: "text" },
  { name: "key", type: "text" },
  { name: "displayName", type: "text" },
  { name: "method", type: "text" },
  { name: "confidence", type: "text" },
  { name: "ambiguous", type: "bool" },
  { name: "summary", type: "json" },
  { name: "search", type: "text" },
  { name: "maxTier", type: "text" },
  { name: "mfaGap", type: "bool" },
  { name: "tierRank", type: "text" },
  { name: "awsTier", type: "text" },
  { name: "entraTier", type: "text" },
  { name: "hasAws", type: "bool" },
  { name: "hasEntra", type: "bool" },
  { name: "mfaRegistered", type: "bool" },
  { name: "mfaEnforced", type: "bool" },
  { name: "adminUnenforced", type: "bool" },
  { name: "breakGlass", type: "bool" },
  { name: "guest", type: "bool" },
  { name: "stale", type: "bool" },
  { name: "lastActivityAt", type: "date" },
  { name: "findings", type: "text" },
  { name: "enabledMismatch", type: "bool" },
];

const IDENTITY_COLUMNS: Column[] = [
  { name: "personId", type: "text" },
  { name: "sourceId", type: "text" },
  { name: "providerId", type: "text" },
  { name: "cloud", type: "text" },
  { name: "name", type: "text" },
];

/** People per insert transaction: bounded memory (summaries are built as they are written), few commits. */
const WRITE_CHUNK = 20_000;

/**
 * Replaces every person (ids 1…n, in the given order). People are consumed one at a time (pass a generator and
 * nothing is held for 100k people) and written in chunks, one transaction each. NOTE: numeric columns go through the
 * "text" binder: SQLite and PostgreSQL both coerce.
 */
export async function replacePeople(db: Db, people: Iterable<PersonSummary>, findingsOf: (p: PersonSummary) => number): Promise<void> {
  await db.personIdentity.deleteMany({});
  await db.person.deleteMany({});
  let rows: unknown[][] = [];
  let idRows: unknown[][] = [];
  const flush = async () => {
    // One transaction; Person first (PersonIdentity rows reference it).
    await insertMany(db, [
      { table: "Person", columns: PERSON_COLUMNS, rows },
      { table: "PersonIdentity", columns: IDENTITY_COLUMNS, rows: idRows },
    ]);
    rows = [];
    idRows = [];
  };
  let id = 0;
  for (const p of people) {
    id++;
    const summary: PersonSummaryJson = { identities: p.identities, candidates: p.candidates, likelyService: p.likelyService };
    rows.push([
      id, p.key, p.displayName, p.method, p.confidence, p.ambiguous, summary, p.search, p.maxTier, p.mfaGap, p.tierRank,
      p.awsTier, p.entraTier, p.hasAws, p.hasEntra, p.mfaRegistered, p.mfaEnforced, p.adminUnenforced, p.breakGlass, p.guest,
      p.stale, p.lastActivityAt, findingsOf(p), p.enabledMismatch,
    ]);
    for (const x of p.identities) idRows.push([id, x.sourceId, x.providerId, x.cloud, x.name]);
    if (rows.length >= WRITE_CHUNK) await flush();
  }
  if (rows.length) await flush();
}

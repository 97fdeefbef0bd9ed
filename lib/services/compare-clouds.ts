import type { IdentitySummary } from "../analysis/person-summary";
import type { Db } from "../db/client";
import { latestCompleteSnapshots } from "../db/load-snapshot";
import { listPeople } from "../db/people";
import type { SourceKind, Tier } from "../model";
import { refreshDerived } from "./refresh-derived";

/**
 * `compare --json` — a documented, versioned contract (other tools read it). Version 1:
 *
 * {
 *   "version": 1,
 *   "generatedAt": ISO time,
 *   "sources": [{ "name", "kind": "aws" | "entra", "snapshot": { "id", "finishedAt" } }],
 *   "people": [{
 *     "id": stable person key,
 *     "displayName",
 *     "match": { "method", "confidence" } | null,       // null: one identity only (nothing to match)
 *     "ambiguous": boolean,                              // matched several people equally well; kept apart
 *     "aws":   [Identity],
 *     "entra": [Identity]
 *   }]
 * }
 * Identity: { "source", "kind": "user" | "role" | "group" | "servicePrincipal" | "managedIdentity",
 *             "name": IAM user name or UPN, "tier": "admin" | "privileged" | "write" | "read" | "none",
 *             "eligibleTier": tier | null (PIM-eligible, not active),
 *             "mfa": { "registered": true | false | null, "enforced": true | false | null },
 *             "lastActivity": ISO time | null, "enabled": true | false | null }
 * null always means "not collected / unknown", never "no".
 */
export interface CompareIdentity {
  source: string;
  kind: string;
  name: string;
  tier: Tier;
  eligibleTier: Tier | null;
  mfa: { registered: boolean | null; enforced: boolean | null };
  lastActivity: string | null;
  enabled: boolean | null;
}

export interface ComparePerson {
  id: string;
  displayName: string;
  match: { method: string; confidence: number } | null;
  ambiguous: boolean;
  aws: CompareIdentity[];
  entra: CompareIdentity[];
}

export interface CompareHeader {
  version: 1;
  generatedAt: string;
  sources: { name: string; kind: SourceKind; snapshot: { id: string; finishedAt: string | null } }[];
}

function identity(i: IdentitySummary): CompareIdentity {
  return {
    source: i.sourceName,
    kind: i.kind,
    name: i.name,
    tier: i.tier,
    eligibleTier: i.eligibleTier,
    mfa: { registered: i.mfa.registered, enforced: i.mfa.enforced },
    lastActivity: i.lastActivityAt,
    enabled: i.enabled,
  };
}

/** The contract's header (refreshing derived tables first if they were never filled). */
export async function compareHeader(db: Db): Promise<CompareHeader> {
  const latest = await latestCompleteSnapshots(db);
  // A database whose derived tables were never filled (e.g. analysis failed earlier) gets them now.
  if (latest.length && (await db.person.count()) === 0) await refreshDerived(db);
  return {
    version: 1,
    generatedAt: new Date().toISOString(),
    sources: latest.map((s) => ({
      name: s.sourceName,
      kind: s.kind,
      snapshot: { id: s.snapshotId, finishedAt: s.finishedAt?.toISOString() ?? null },
    })),
  };
}

/** Every person, in pages (bounded memory at 100k people); returns how many. */
export async function forEachComparePerson(
  db: Db,
  onPerson: (p: ComparePerson) => void,
  pageSize = 2000,
): Promise<number> {
  let n = 0;
  for (let skip = 0; ; skip += pageSize) {
    const { rows } = await listPeople(db, { sort: "name", skip, take: pageSize });
    for (const r of rows) {
      const ids = r.summary.identities;
      onPerson({
        id: r.key,
        displayName: r.displayName,
        match: r.method !== null && r.confidence !== null ? { method: r.method, confidence: r.confidence } : null,
        ambiguous: r.ambiguous,
        aws: ids.filter((i) => i.cloud === "aws").map(identity),
        entra: ids.filter((i) => i.cloud === "entra").map(identity),
      });
      n++;
    }
    if (rows.length < pageSize) return n;
  }
}

/** The whole comparison in memory (tests, small databases). */
export async function compareClouds(db: Db): Promise<CompareHeader & { people: ComparePerson[] }> {
  const header = await compareHeader(db);
  const people: ComparePerson[] = [];
  await forEachComparePerson(db, (p) => people.push(p));
  return { ...header, people };
}

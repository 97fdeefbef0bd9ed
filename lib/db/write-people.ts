import crypto from "node:crypto";
import type { PersonSummary, PersonSummaryJson } from "../model";
import type { Db } from "./client";
import { insertMany, type Column } from "./bulk-insert";
import { clearPeopleStage, swapInPeople, type WriteFence } from "./people-swap";

/** Writes the Person / PersonIdentity tables (rebuilt by refresh-derived); lib/db/people.ts holds the reads. */

/** Person's columns other than id, as PersonStage holds them (after its owner and seq). */
const PERSON_COLUMNS: Column[] = [
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
  { name: "awsFederated", type: "bool" },
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

const STAGE_KEY: Column[] = [
  { name: "owner", type: "text" },
  { name: "seq", type: "text" },
];

const IDENTITY_COLUMNS: Column[] = [
  { name: "personKey", type: "text" },
  { name: "sourceId", type: "text" },
  { name: "providerId", type: "text" },
  { name: "cloud", type: "text" },
  { name: "name", type: "text" },
];

/** People per insert transaction: bounded memory (summaries are built as they are written), few commits. */
const WRITE_CHUNK = 20_000;

/**
 * Replaces every person. People are consumed one at a time (pass a generator and nothing is held for 100k people)
 * and staged in chunks, one transaction each, then swapped in at once (lib/db/people-swap.ts): readers see the old
 * list until the swap commits, and a person whose key is unchanged keeps its id. New people get ids in the given
 * order. With a `fence` (the refresh's lease) the lease is checked before each chunk and renewed inside the swap, so
 * a refresh that lost its lease writes nothing anyone reads. NOTE: numeric columns go through the "text" binder:
 * SQLite and PostgreSQL both coerce.
 */
export async function replacePeople(
  db: Db,
  people: Iterable<PersonSummary>,
  findingsOf: (p: PersonSummary) => number,
  fence?: WriteFence,
): Promise<void> {
  const owner = fence?.owner ?? `unfenced:${crypto.randomBytes(6).toString("hex")}`;
  await clearPeopleStage(db, owner);
  try {
    let rows: unknown[][] = [];
    let idRows: unknown[][] = [];
    const flush = async () => {
      await fence?.ensureHeld();
      await insertMany(db, [
        { table: "PersonStage", columns: [...STAGE_KEY, ...PERSON_COLUMNS], rows },
        { table: "PersonIdentityStage", columns: [...STAGE_KEY, ...IDENTITY_COLUMNS], rows: idRows },
      ]);
      rows = [];
      idRows = [];
    };
    let seq = 0;
    let idSeq = 0;
    for (const p of people) {
      const summary: PersonSummaryJson = {
        identities: p.identities,
        candidates: p.candidates,
        likelyService: p.likelyService,
        ...(p.federatedAws ? { federatedAws: p.federatedAws } : {}),
      };
      rows.push([
        owner,
        ++seq,
        p.key,
        p.displayName,
        p.method,
        p.confidence,
        p.ambiguous,
        summary,
        p.search,
        p.maxTier,
        p.mfaGap,
        p.tierRank,
        p.awsTier,
        p.entraTier,
        p.hasAws,
        p.hasEntra,
        p.awsFederated,
        p.mfaRegistered,
        p.mfaEnforced,
        p.adminUnenforced,
        p.breakGlass,
        p.guest,
        p.stale,
        p.lastActivityAt,
        findingsOf(p),
        p.enabledMismatch,
      ]);
      for (const x of p.identities) idRows.push([owner, ++idSeq, p.key, x.sourceId, x.providerId, x.cloud, x.name]);
      if (rows.length >= WRITE_CHUNK) await flush();
    }
    if (rows.length) await flush();
    await fence?.ensureHeld();
    await swapInPeople(
      db,
      owner,
      PERSON_COLUMNS.map((c) => c.name),
      fence,
    );
  } finally {
    await clearPeopleStage(db, owner);
  }
}

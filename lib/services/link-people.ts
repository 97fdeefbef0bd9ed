import type { Db } from "../db/client";
import { getPerson, personOfIdentity, savePersonLink } from "../db/people";
import { deletePersonLink, searchPeople } from "../db/person-links";
import { AppError } from "../errors";
import { refreshDerived } from "./refresh-derived";

/**
 * Hand-made person-link decisions (the PersonLink table): confirm a match, split a person, link two people, undo a
 * decision. Decisions name identities (source + provider id), never person ids, so they survive later syncs and
 * re-matching; matching treats them as final (lib/analysis/person-matching.ts). After a decision the derived people
 * are recomputed; the result is the person the first identity now belongs to.
 */

type Decision = "confirmed" | "rejected";
interface PersonIdentityRow {
  sourceId: string;
  providerId: string;
  cloud: string;
}

async function identitiesOf(db: Db, personId: number): Promise<PersonIdentityRow[]> {
  return (await getPerson(db, personId)).summary?.identities ?? [];
}

function crossPairs(a: PersonIdentityRow[], b: PersonIdentityRow[]): [PersonIdentityRow, PersonIdentityRow][] {
  const out: [PersonIdentityRow, PersonIdentityRow][] = [];
  for (const x of a) for (const y of b) if (x.cloud !== y.cloud && x.sourceId !== y.sourceId) out.push([x, y]);
  return out;
}

async function decide(
  db: Db,
  pairs: [PersonIdentityRow, PersonIdentityRow][],
  decision: Decision,
  note: string | null,
): Promise<void> {
  for (const [x, y] of pairs) {
    await savePersonLink(db, {
      leftSourceId: x.sourceId,
      leftProviderId: x.providerId,
      rightSourceId: y.sourceId,
      rightProviderId: y.providerId,
      decision,
      note,
    });
  }
}

async function settle(db: Db, anchor: PersonIdentityRow | undefined): Promise<number | null> {
  await refreshDerived(db);
  return anchor ? personOfIdentity(db, anchor.sourceId, anchor.providerId) : null;
}

const cleanNote = (note: string | null | undefined) => (note?.trim() ? note.trim().slice(0, 500) : null);

/** Confirms every cross-cloud pair of a person's identities (the automatic match was right). */
export async function confirmPerson(db: Db, personId: number, note?: string | null): Promise<number | null> {
  const ids = await identitiesOf(db, personId);
  const pairs = crossPairs(ids, ids);
  if (pairs.length === 0)
    throw new AppError(
      "BAD_INPUT",
      "This person has identities in one cloud only: nothing to confirm. Use “Link to…” instead.",
    );
  await decide(db, pairs, "confirmed", cleanNote(note));
  return settle(db, ids[0]);
}

/** Splits a person: every cross-cloud pair of their identities is rejected, so matching will not join them again. */
export async function splitPerson(db: Db, personId: number, note?: string | null): Promise<number | null> {
  const ids = await identitiesOf(db, personId);
  const pairs = crossPairs(ids, ids);
  if (pairs.length === 0)
    throw new AppError("BAD_INPUT", "This person has identities in one cloud only: there is nothing to split.");
  await decide(db, pairs, "rejected", cleanNote(note));
  return settle(db, ids[0]);
}

/** Links two people: every identity of one is confirmed with every identity of the other in the other cloud. */
export async function linkPeople(
  db: Db,
  personId: number,
  otherId: number,
  note?: string | null,
): Promise<number | null> {
  if (personId === otherId) throw new AppError("BAD_INPUT", "Choose another person to link to.");
  const [mine, theirs] = await Promise.all([identitiesOf(db, personId), identitiesOf(db, otherId)]);
  const pairs = crossPairs(mine, theirs);
  if (pairs.length === 0)
    throw new AppError(
      "BAD_INPUT",
      "Both people are in the same cloud: a link joins an AWS identity with an Entra identity.",
    );
  await decide(db, pairs, "confirmed", cleanNote(note));
  return settle(db, mine[0]);
}

/** Removes one decision (automatic matching applies again). */
export async function undoDecision(db: Db, personId: number, linkId: string): Promise<number | null> {
  const ids = await identitiesOf(db, personId);
  if (!(await deletePersonLink(db, linkId))) throw new AppError("NOT_FOUND", "That decision was already removed.");
  return settle(db, ids[0]);
}

/** People to offer in "Link to…": name matches, other than this person. */
export async function findLinkCandidates(db: Db, personId: number, needle: string) {
  const q = needle.trim().slice(0, 100);
  if (q.length < 2) return [];
  return searchPeople(db, q, personId);
}

/** One identity an ambiguous match hesitates between, with the person it belongs to (to link in one click). */
export interface MatchCandidate {
  name: string;
  sourceName: string;
  method: string;
  /** The person the candidate identity is now part of; null when it is gone or was stored without its id. */
  personId: number | null;
}

/** The candidates of a person's ambiguous match, each resolved to the person that holds it. */
export async function matchCandidatesOf(
  db: Db,
  person: {
    summary: {
      candidates: { name: string; sourceName: string; method: string; sourceId?: string; providerId?: string }[];
    } | null;
  },
): Promise<MatchCandidate[]> {
  const list = person.summary?.candidates ?? [];
  return Promise.all(
    list.map(async (c) => ({
      name: c.name,
      sourceName: c.sourceName,
      method: c.method,
      personId: c.sourceId && c.providerId ? await personOfIdentity(db, c.sourceId, c.providerId) : null,
    })),
  );
}

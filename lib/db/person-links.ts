import type { Db } from "./client";

/**
 * The person-link decisions a person page shows and undoes, and the picker of people to link to. Writing a
 * decision is lib/db/people.ts savePersonLink; these are the reads and the delete it does not have.
 */

export interface PersonLinkRow {
  id: string;
  leftSourceId: string;
  leftProviderId: string;
  rightSourceId: string;
  rightProviderId: string;
  decision: string;
  note: string | null;
  createdAt: Date;
}

/** Decisions that involve any of these identities, newest first. */
export async function personLinksOf(db: Db, ids: { sourceId: string; providerId: string }[]): Promise<PersonLinkRow[]> {
  if (ids.length === 0) return [];
  return db.personLink.findMany({
    where: {
      OR: ids.flatMap((i) => [
        { leftSourceId: i.sourceId, leftProviderId: i.providerId },
        { rightSourceId: i.sourceId, rightProviderId: i.providerId },
      ]),
    },
    orderBy: { createdAt: "desc" },
  });
}

/** Removes one decision; true when it existed. */
export async function deletePersonLink(db: Db, id: string): Promise<boolean> {
  return (await db.personLink.deleteMany({ where: { id } })).count > 0;
}

/** A few people whose name, e-mail or identity matches, for "Link to…" (excluding one person). */
export async function searchPeople(db: Db, needle: string, exceptId: number, take = 20) {
  return db.person.findMany({
    where: { search: { contains: needle.toLowerCase() }, id: { not: exceptId } },
    select: {
      id: true,
      displayName: true,
      identities: { select: { sourceId: true, providerId: true, cloud: true, name: true } },
    },
    orderBy: { displayName: "asc" },
    take,
  });
}

import { AppError } from "../errors";
import type { Db } from "./client";
import { dbProvider } from "./client";
import { bindValue, bulkWrite } from "./bulk-insert";

/**
 * The people list is replaced in two steps so that readers never see a half-written one: refresh-derived writes the
 * next list into PersonStage / PersonIdentityStage (chunk by chunk, invisible to readers), then one short transaction
 * — SQL only, no rows through JavaScript — swaps it in: people whose key is new get fresh ids, people whose key is
 * unchanged keep their id (the /people/<id> URL keeps naming them) and get the new columns, people who left are
 * deleted, identities are rewritten, and DerivedVersion "people" is bumped (listPeople reads it to notice a swap
 * between its queries).
 *
 * Stage rows carry their writer's lease owner: a refresh that lost its lease and still writes a chunk cannot mix its
 * rows into the holder's list, and the swap itself renews the lease row in its transaction, so a lost lease rolls the
 * swap back (fencing: the check and the write commit together).
 */

/** What the swap needs of the lease: its row, and an awaited check before each stage chunk (Lease satisfies it). */
export interface WriteFence {
  name: string;
  owner: string;
  ttlMs: number;
  /** Renews the lease row if it is still this owner's; throws CONFLICT otherwise. */
  ensureHeld(): Promise<void>;
}

export const PEOPLE_VERSION = "people";

interface Step {
  sql: string;
  params: unknown[];
  /** Rows the statement must change, else the transaction fails with this error (the fence). */
  mustChange?: () => Error;
}

/** The statements of the swap, in order, for one stage owner. `columns`: the Person columns other than id. */
function swapSteps(sqlite: boolean, owner: string, columns: string[], fence: WriteFence | undefined): Step[] {
  let n = 0;
  const p = (cast = "") => (sqlite ? "?" : `$${++n}${cast}`);
  const q = (c: string) => `"${c}"`;
  const steps: Step[] = [];
  const add = (build: () => string, params: unknown[], mustChange?: Step["mustChange"]) => {
    n = 0;
    steps.push({ sql: build(), params, mustChange });
  };
  if (fence) {
    const expiresAt = new Date(Date.now() + fence.ttlMs);
    add(
      () => `UPDATE "Lock" SET "expiresAt" = ${p("::timestamp(3)")} WHERE "name" = ${p()} AND "owner" = ${p()}`,
      [bindValue("date", expiresAt, sqlite), fence.name, fence.owner],
      () =>
        new AppError(
          "CONFLICT",
          `lease "${fence.name}" was lost (taken over by another process): the people list was not replaced`,
        ),
    );
  }
  const greatest = sqlite ? "MAX" : "GREATEST";
  // Ids above every id handed out so far (also those of people who left): an old URL never names someone else.
  add(
    () =>
      `INSERT INTO "Person" ("id", ${columns.map(q).join(", ")}) ` +
      `SELECT (SELECT ${greatest}(COALESCE((SELECT MAX("id") FROM "Person"), 0), COALESCE((SELECT "lastId" FROM "DerivedVersion" WHERE "name" = ${p()}), 0))) + ROW_NUMBER() OVER (ORDER BY s."seq"), ` +
      `${columns.map((c) => `s.${q(c)}`).join(", ")} FROM "PersonStage" s ` +
      `WHERE s."owner" = ${p()} AND NOT EXISTS (SELECT 1 FROM "Person" x WHERE x."key" = s."key")`,
    [PEOPLE_VERSION, owner],
  );
  add(
    () =>
      `INSERT INTO "DerivedVersion" ("name", "version", "lastId") VALUES (${p()}, 1, COALESCE((SELECT MAX("id") FROM "Person"), 0)) ` +
      `ON CONFLICT ("name") DO UPDATE SET "version" = "DerivedVersion"."version" + 1, "lastId" = ${greatest}("DerivedVersion"."lastId", excluded."lastId")`,
    [PEOPLE_VERSION],
  );
  // Only rows that changed: an unchanged person's index entries are not rewritten.
  const data = columns.filter((c) => c !== "key");
  add(
    () =>
      `UPDATE "Person" SET ${data.map((c) => `${q(c)} = s.${q(c)}`).join(", ")} FROM "PersonStage" s ` +
      `WHERE s."owner" = ${p()} AND "Person"."key" = s."key" AND (${data.map((c) => `"Person".${q(c)} IS DISTINCT FROM s.${q(c)}`).join(" OR ")})`,
    [owner],
  );
  add(() => `DELETE FROM "PersonIdentity"`, []);
  add(
    () =>
      `DELETE FROM "Person" WHERE NOT EXISTS (SELECT 1 FROM "PersonStage" s WHERE s."owner" = ${p()} AND s."key" = "Person"."key")`,
    [owner],
  );
  add(
    () =>
      `INSERT INTO "PersonIdentity" ("personId", "sourceId", "providerId", "cloud", "name") ` +
      `SELECT x."id", s."sourceId", s."providerId", s."cloud", s."name" FROM "PersonIdentityStage" s JOIN "Person" x ON x."key" = s."personKey" ` +
      `WHERE s."owner" = ${p()} ORDER BY s."seq"`,
    [owner],
  );
  return steps;
}

/** Swaps the staged people of `owner` in, in one transaction (rolled back if the fence's lease is no longer held). */
export async function swapInPeople(db: Db, owner: string, columns: string[], fence?: WriteFence): Promise<void> {
  const sqlite = dbProvider(db) !== "postgres";
  const steps = swapSteps(sqlite, owner, columns, fence);
  if (sqlite) {
    // One synchronous IMMEDIATE transaction on the bulk handle: nothing else of this process runs inside it.
    await bulkWrite(db, "swapping in the people list", ({ handle }) => {
      for (const s of steps) {
        const r = handle.prepare(s.sql).run(...s.params);
        if (s.mustChange && r.changes === 0) throw s.mustChange();
      }
    });
    return;
  }
  await db.$transaction(
    async (tx) => {
      for (const s of steps) {
        const changed = await tx.$executeRawUnsafe(s.sql, ...s.params);
        if (s.mustChange && changed === 0) throw s.mustChange();
      }
    },
    { timeout: 300_000, maxWait: 30_000 },
  );
}

/**
 * Deletes the stage rows of `owner`, and those of owners that hold no lease any more (a refresh that crashed or
 * lost its lease); never the rows of a refresh still holding its lease.
 */
export async function clearPeopleStage(db: Db, owner: string): Promise<void> {
  for (const table of ["PersonIdentityStage", "PersonStage"]) {
    const ph = dbProvider(db) === "postgres" ? "$1" : "?";
    await db.$executeRawUnsafe(
      `DELETE FROM "${table}" WHERE "owner" = ${ph} OR "owner" NOT IN (SELECT "owner" FROM "Lock")`,
      owner,
    );
  }
}

/** The version of the people list (bumped by every swap); 0 before the first. */
export async function peopleVersion(db: Pick<Db, "derivedVersion">): Promise<number> {
  return (
    (await db.derivedVersion.findUnique({ where: { name: PEOPLE_VERSION }, select: { version: true } }))?.version ?? 0
  );
}

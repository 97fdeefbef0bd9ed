import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSource } from "../db/sources";
import type { ConnectorEvent, PrincipalInput } from "../model";
import { freshTestDb, type TestDb } from "../testing/test-db";
import { browseInventory, exportInventoryRows } from "./browse-inventory";
import { ingest } from "./ingest";

let t: TestDb;

function user(i: number): PrincipalInput {
  const name = `user${String(i).padStart(3, "0")}`;
  return {
    kind: "user",
    providerId: `AIDA${i}`,
    name,
    displayName: name,
    arn: `arn:aws:iam::111122223333:user/${name}`,
    email: i === 7 ? "Seven@Example.com" : null,
    enabled: true,
    createdAt: new Date(Date.UTC(2020, 0, 1 + i)).toISOString(),
    lastActivityAt: i % 5 === 0 ? null : new Date(Date.UTC(2026, 0, 1) - i * 86_400_000).toISOString(),
    mfaRegistered: i % 3 === 0 ? null : i % 3 === 1,
    raw: {},
  };
}

async function* events(users: number, fail = false): AsyncGenerator<ConnectorEvent> {
  yield {
    type: "batch",
    batch: {
      principals: [
        ...Array.from({ length: users }, (_, i) => user(i)),
        { kind: "group", providerId: "AGPA1", name: "Admins", displayName: "Admins", raw: {} },
      ],
      memberships: [0, 1, 2].map((i) => ({ groupProviderId: "AGPA1", memberProviderId: `AIDA${i}`, direct: true })),
    },
  };
  if (fail) throw new Error("connection lost");
}

beforeAll(async () => {
  t = await freshTestDb();
  const src = await createSource(t.db, { kind: "aws", name: "acct" });
  await ingest(t.db, events(250), { sourceId: src.id, origin: "file" });
  // A later failed run must not change what the views show.
  await ingest(t.db, events(10, true), { sourceId: src.id, origin: "file" });
});
afterAll(async () => t.close());

describe("browseInventory", () => {
  it("pages the latest complete snapshot, sorted by name, with a cheap total", async () => {
    const r = await browseInventory(t.db, "aws-users", { page: "2", size: "100" });
    expect(r.total).toBe(250);
    expect(r.rows).toHaveLength(100);
    expect(r.rows[0]!.name).toBe("user100");
    expect(r.rows[0]!.sourceName).toBe("acct");
  });

  it("searches case-insensitively over name, email and ARN", async () => {
    expect((await browseInventory(t.db, "aws-users", { q: "SEVEN@example" })).rows.map((r) => r.name)).toEqual([
      "user007",
    ]);
    expect((await browseInventory(t.db, "aws-users", { q: "user24" })).total).toBe(10);
  });

  it.each([
    [{ mfa: "yes" }, 83],
    [{ mfa: "no" }, 83],
    [{ mfa: "unknown" }, 84],
    [{ activity: "never" }, 50],
  ])("filters %j → %i rows (null stays apart from false)", async (params, n) => {
    expect((await browseInventory(t.db, "aws-users", params)).total).toBe(n);
  });

  it("sorts by last activity with nulls last, both directions", async () => {
    const desc = await browseInventory(t.db, "aws-users", { sort: "lastActivityAt", dir: "desc", size: "50" });
    expect(desc.rows[0]!.name).toBe("user001");
    const asc = await browseInventory(t.db, "aws-users", { sort: "lastActivityAt", dir: "asc", page: "5", size: "50" });
    expect(asc.rows.at(-1)!.lastActivityAt).toBeNull();
  });

  it("counts group members", async () => {
    const g = await browseInventory(t.db, "aws-groups", {});
    expect(g.rows.map((r) => [r.name, r.memberCount])).toEqual([["Admins", 3]]);
  });

  it("exports every row the filters select, not just one page", async () => {
    const rows = [];
    for await (const r of exportInventoryRows(t.db, "aws-users", new URLSearchParams({ mfa: "no", size: "50" })))
      rows.push(r);
    expect(rows).toHaveLength(83);
    expect(rows[0]).toMatchObject({ source: "acct", kind: "user", mfaRegistered: false });
  });
});

import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Tier } from "../model";
import { sourceFromCase } from "./case-model";
import { diffSnapshots } from "./drift";

const data = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, "testdata/drift.json"), "utf8"));

describe("snapshot drift", () => {
  const d = diffSnapshots(sourceFromCase(data.before), sourceFromCase(data.after), {
    before: new Map(Object.entries(data.tiersBefore) as [string, Tier][]),
    after: new Map(Object.entries(data.tiersAfter) as [string, Tier][]),
  });
  it("finds added, removed and changed principals", () => {
    expect(d.principals.added.map((x) => x.label)).toEqual(data.expected.principals.added);
    expect(d.principals.removed.map((x) => x.label)).toEqual(data.expected.principals.removed);
    expect(d.principals.changed.map((x) => `${x.label}: ${x.changes.map((c) => c.field).join(",")}`)).toEqual(
      data.expected.principals.changed,
    );
  });
  it("finds membership, policy and assignment changes", () => {
    expect(d.memberships.added.map((x) => x.label)).toEqual(data.expected.memberships.added);
    expect(d.memberships.removed.map((x) => x.label)).toEqual(data.expected.memberships.removed);
    expect(d.permissionSets.removed.map((x) => x.label)).toEqual(data.expected.permissionSets.removed);
    expect(d.permissionSets.changed.map((x) => `${x.label}: ${x.changes.map((c) => c.field).join(",")}`)).toEqual(
      data.expected.permissionSets.changed,
    );
    expect(d.assignments.added.map((x) => x.label)).toEqual(data.expected.assignments.added);
    expect(d.summary.principals).toEqual({ added: 1, removed: 1, changed: 1 });
  });
  it("reports privilege tier changes", () => {
    expect(d.tiers.map((t) => `${t.label}: ${t.before} → ${t.after}`)).toEqual(data.expected.tiers);
  });
  it("an unchanged snapshot has no drift", () => {
    const same = diffSnapshots(sourceFromCase(data.after), sourceFromCase(data.after));
    expect(Object.values(same.summary).every((s) => s.added + s.removed + s.changed === 0)).toBe(true);
  });
});

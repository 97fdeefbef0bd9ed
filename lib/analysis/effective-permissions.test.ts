import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadActionCatalog, expandPattern, parseAccessLevels, type ActionCatalog } from "./action-catalog";
import { popcount } from "./bitset";
import { sourceFromCase } from "./case-model";
import {
  createAwsEvaluator,
  summarizePermissions,
  listAllowedActions,
  type StatementRef,
} from "./effective-permissions";
import { indexSource } from "./source-model";

const data = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, "testdata/effective-permissions.json"), "utf8"));
const ref = (r: StatementRef) =>
  `${r.permissionSet}#${r.sid ?? r.index} (${r.via === "group" ? `group ${r.viaName}` : r.via})`;

let catalog: ActionCatalog;
beforeAll(async () => {
  catalog = await loadActionCatalog();
});

describe("action catalogue", () => {
  it("splits iam-data's combined access levels", () => {
    expect(parseAccessLevels("Permissions management, Write")).toEqual(["Permissions management", "Write"]);
    expect(parseAccessLevels("Tagging, Write")).toEqual(["Tagging", "Write"]);
    const put = catalog.actions[catalog.byKey.get("iam:putuserpolicy")!]!;
    expect(put.level).toBe("Permissions management");
    expect(catalog.actions[catalog.byKey.get("iam:listusers")!]!.level).toBe("List");
  });
  it("expands wildcards once and reuses the expansion", () => {
    expect(catalog.size).toBeGreaterThan(15000);
    const all = expandPattern(catalog, "*");
    expect(popcount(all.bits)).toBe(catalog.size);
    const a = expandPattern(catalog, "s3:Get*");
    expect(expandPattern(catalog, "S3:GET*")).toBe(a);
    expect(popcount(a.bits)).toBeGreaterThan(20);
    expect(expandPattern(catalog, "s3:NoSuchThing").unknown).toBe(true);
    expect(popcount(expandPattern(catalog, "iam:Get?ser").bits)).toBe(1);
  });
});

describe("effective permissions (table)", () => {
  const model = sourceFromCase(data.source);
  const index = indexSource(model);
  for (const c of data.cases as {
    principal: string;
    action: string;
    canonical?: string;
    decision: string;
    allowVia?: string[];
    denyVia?: string[];
    partlyDenied?: boolean;
  }[]) {
    it(`${c.principal} ${c.action} → ${c.decision}`, () => {
      const ev = createAwsEvaluator(index, catalog);
      const x = ev.explain(c.principal, c.action);
      expect(x.decision).toBe(c.decision);
      if (c.canonical) expect(x.action).toBe(c.canonical);
      if (c.allowVia) expect(x.allows.map(ref).sort()).toEqual([...c.allowVia].sort());
      if (c.denyVia) expect(x.denies.map(ref)).toEqual(c.denyVia);
      if (c.partlyDenied !== undefined) expect(x.partlyDenied).toBe(c.partlyDenied);
      // The bit-set view agrees with the explanation.
      const eff = ev.effective(c.principal);
      const i = catalog.byKey.get(x.action.toLowerCase())!;
      const allowed = (eff.allowed[i >>> 5]! & (1 << (i & 31))) !== 0;
      expect(allowed).toBe(x.decision === "allowed" || x.decision === "allowedWithCondition");
    });
  }

  it("flags conditional allows and names the boundary", () => {
    const ev = createAwsEvaluator(index, catalog);
    const carol = ev.explain("AIDACAROL", "ec2:DescribeInstances");
    expect(carol.decision).toBe("allowed");
    const conditionalOnly = ev.explain("AIDABOB", "s3:GetObject");
    expect(conditionalOnly.boundary.present).toBe(true);
    expect(conditionalOnly.boundary.allows.map((r) => r.permissionSet)).toEqual(["OnlyS3Boundary"]);
  });

  it("summarizes by level and service, and keeps unknown actions", () => {
    const ev = createAwsEvaluator(index, catalog);
    const alice = summarizePermissions(ev.effective("AIDAALICE"), catalog);
    expect(alice.allowed).toBe(catalog.size);
    expect(alice.byLevel["Permissions management"]).toBeGreaterThan(100);
    const bob = summarizePermissions(ev.effective("AIDABOB"), catalog);
    expect(bob.services.map((s) => s.service)).toEqual(["s3"]);
    expect(bob.deniedByBoundary).toBeGreaterThan(100);
    const carol = ev.effective("AIDACAROL");
    expect(carol.unknownActions).toEqual(["s3:GetObjectz"]);
    const rows = listAllowedActions(carol, catalog, { service: "ec2", limit: 5000 });
    expect(rows.find((r) => r.action === "ec2:TerminateInstances")).toBeUndefined();
    expect(summarizePermissions(carol, catalog).byLevel["Permissions management"]).toBeGreaterThan(0);
  });

  it("reuses the combination of policies across principals", () => {
    const ev = createAwsEvaluator(index, catalog);
    // bob and carol share Developers but differ (boundary / inline), so results differ; same inputs → same object.
    expect(ev.effective("AIDABOB").allowed).toBe(ev.effective("AIDABOB").allowed);
    expect(ev.effective("AIDABOB").allowed).not.toBe(ev.effective("AIDACAROL").allowed);
  });
});

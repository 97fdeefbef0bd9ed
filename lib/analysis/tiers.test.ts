import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { TierReason } from "../model";
import { loadActionCatalog, type ActionCatalog } from "./action-catalog";
import { sourceFromCase } from "./case-model";
import { createAwsEvaluator } from "./effective-permissions";
import { entraRoleTable, lookupEntraRole } from "./entra-roles";
import { indexSource } from "./source-model";
import { tierOf } from "./tiers";

const data = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, "testdata/tiers.json"), "utf8"));
const label = (r: TierReason) => (r.via ? `${r.permissionSet} via ${r.via}` : r.permissionSet);

interface TierCase {
  principal: string;
  tier: string;
  reasons: string[];
  eligibleTier?: string;
  eligibleReasons?: string[];
  detailIncludes?: string;
}

let catalog: ActionCatalog;
beforeAll(async () => {
  catalog = await loadActionCatalog();
});

describe("AWS tiers (table)", () => {
  const index = indexSource(sourceFromCase(data.aws));
  for (const c of data.awsCases as TierCase[]) {
    it(`${c.principal} → ${c.tier}`, () => {
      const r = tierOf(index, c.principal, createAwsEvaluator(index, catalog));
      expect(r.tier).toBe(c.tier);
      expect(r.reasons.map(label)).toEqual(c.reasons);
      if (c.detailIncludes) expect(r.reasons.map((x) => x.detail).join(" ")).toContain(c.detailIncludes);
      expect(r.eligibleTier).toBeNull();
    });
  }
});

describe("Entra tiers (table)", () => {
  const index = indexSource(sourceFromCase(data.entra));
  for (const c of data.entraCases as TierCase[]) {
    it(`${c.principal} → ${c.tier}`, () => {
      const r = tierOf(index, c.principal, null);
      expect(r.tier).toBe(c.tier);
      expect(r.reasons.map(label)).toEqual(c.reasons);
      expect(r.eligibleTier).toBe(c.eligibleTier ?? null);
      expect(r.eligibleReasons.map(label)).toEqual(c.eligibleReasons ?? []);
      expect(r.eligibleReasons.every((x) => x.eligible === true)).toBe(true);
      if (c.detailIncludes) expect(r.reasons.map((x) => x.detail).join(" ")).toContain(c.detailIncludes);
    });
  }
});

const ROLE_IDS = JSON.parse(
  fs.readFileSync(path.join(import.meta.dirname, "testdata/entra-role-template-ids.json"), "utf8"),
) as { roles: { name: string; templateId: string }[] };
describe("Entra role table against Microsoft's template ids", () => {
  it.each(ROLE_IDS.roles.map((r) => [r.name, r.templateId] as const))("%s %s", (name, id) => {
    const info = lookupEntraRole(id);
    expect(info, `${name} ${id}`).toBeDefined();
    expect(info!.displayName, `${name} ≠ ${info!.displayName}`).toBe(name);
  });
  it("puts the tenant-takeover roles at admin and readers at read", () => {
    const tiers = Object.fromEntries(entraRoleTable().map((r) => [r.displayName, r.tier]));
    expect(tiers["Global Administrator"]).toBe("admin");
    expect(tiers["Privileged Role Administrator"]).toBe("admin");
    expect(tiers["Privileged Authentication Administrator"]).toBe("admin");
    for (const n of [
      "Security Administrator",
      "User Administrator",
      "Application Administrator",
      "Cloud Application Administrator",
      "Conditional Access Administrator",
      "Exchange Administrator",
      "SharePoint Administrator",
    ]) {
      expect(tiers[n], n).toBe("privileged");
    }
    for (const n of ["Global Reader", "Security Reader", "Directory Readers", "Reports Reader"])
      expect(tiers[n], n).toBe("read");
  });
});

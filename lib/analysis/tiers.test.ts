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

const BRIEF = path.resolve("../shared/domain-brief.md");
describe.skipIf(!fs.existsSync(BRIEF))("Entra role table against domain-brief §4", () => {
  it("has every role the brief names, with the same template id", () => {
    // Section 4 only; in its tables only the last column (the Entra directory role; the one before is Azure RBAC).
    const all = fs.readFileSync(BRIEF, "utf8");
    const section = all.slice(all.indexOf("## 4."), all.indexOf("## 5."));
    const text = section
      .split("\n")
      .map((l) =>
        l.startsWith("|")
          ? (l
              .split("|")
              .filter((c) => c.trim())
              .at(-1) ?? "")
          : l,
      )
      .join(" ")
      .replace(/\s+/g, " ");
    const pairs = [...text.matchAll(/([A-Z][A-Za-z ]+?(?:Administrator|Reader|Readers)) `([0-9a-f-]{36})`/g)].map(
      (m) => [m[1]!.trim(), m[2]!],
    );
    expect(pairs.length).toBeGreaterThanOrEqual(12);
    for (const [name, id] of pairs) {
      const info = lookupEntraRole(id!);
      expect(info, `${name} ${id}`).toBeDefined();
      expect(name!.endsWith(info!.displayName), `${name} ≠ ${info!.displayName}`).toBe(true);
    }
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

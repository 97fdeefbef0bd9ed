import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseConditionalAccessPolicy, parseNamedLocation } from "../../translate/parse-inputs";
import { normalizeNamedLocation } from "./normalize";
import { normalizeCaPolicy } from "./normalize-ca";
import { camelKey, fromPowerShell } from "./powershell";
import { readJsonFile } from "./read-json";

const TD = path.join(import.meta.dirname, "testdata");
const { rows } = JSON.parse(fs.readFileSync(path.join(TD, "powershell-property-names.json"), "utf8")) as {
  rows: { powershell: string; graph: string; resource: string }[];
};
const ps = (name: string) => readJsonFile(path.join(TD, "powershell", name), name) as Record<string, unknown>;

describe("camelKey: PowerShell property names → Graph names", () => {
  it.each(rows.map((r) => [r.powershell, r.graph, r.resource] as const))("%s → %s (%s)", (from, to) => {
    expect(camelKey(from)).toBe(to);
  });
});

describe("one parser for PowerShell and Graph CA output, in import and translation alike", () => {
  it("a CA policy printed by Get-MgIdentityConditionalAccessPolicy", () => {
    const raw = ps("Get-MgIdentityConditionalAccessPolicy.json");
    const { raw: _a, ...imported } = normalizeCaPolicy(fromPowerShell(raw));
    const { raw: _b, ...translated } = parseConditionalAccessPolicy(raw);
    expect(translated).toEqual(imported);
    expect(imported.who).toMatchObject({
      includeRoles: ["62e90394-69f5-4237-9190-012177145e10"],
      excludeGroups: ["eedad040-3722-4bcb-bde5-bc7c857f4983"],
    });
  });

  it("a named location printed by Get-MgIdentityConditionalAccessNamedLocation (ipRanges in AdditionalProperties)", () => {
    const raw = ps("Get-MgIdentityConditionalAccessNamedLocation.json");
    const { raw: _a, ...imported } = normalizeNamedLocation(fromPowerShell(raw));
    const { raw: _b, ...translated } = parseNamedLocation(raw);
    expect(translated).toEqual(imported);
    expect(imported).toMatchObject({ kind: "ip", trusted: true, ipRanges: ["6.5.4.3/32"] });
  });
});

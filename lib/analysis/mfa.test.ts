import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadActionCatalog, type ActionCatalog } from "./action-catalog";
import { sourceFromCase } from "./case-model";
import { createAwsEvaluator } from "./effective-permissions";
import { awsMfaStatus, mfaDenyKind } from "./mfa";
import { indexSource } from "./source-model";

const data = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, "testdata/mfa-aws.json"), "utf8"));
let catalog: ActionCatalog;
beforeAll(async () => {
  catalog = await loadActionCatalog();
});

describe("AWS MFA enforcement (table)", () => {
  const index = indexSource(sourceFromCase(data.source));
  for (const c of data.cases as {
    principal: string;
    enforcement: string | null;
    enforced: boolean | null;
    registered: boolean | null;
    gap?: string | null;
    via?: string;
    caveat?: string;
  }[]) {
    it(`${c.principal}: ${c.enforcement}`, () => {
      const s = awsMfaStatus(createAwsEvaluator(index, catalog), index.principal.get(c.principal)!);
      expect(s.enforcement).toBe(c.enforcement);
      expect(s.enforced).toBe(c.enforced);
      expect(s.registered).toBe(c.registered);
      if (c.gap !== undefined) expect(s.gap).toBe(c.gap);
      if (c.via) expect(s.via.join(" | ")).toContain(c.via);
      if (c.caveat) expect(s.caveats.join(" | ")).toContain(c.caveat);
    });
  }
  it("recognizes the three MFA-absent condition patterns", () => {
    const deny = (op: string, v: string) => ({
      effect: "Deny" as const,
      actions: ["*"],
      notActions: [],
      resources: ["*"],
      notResources: [],
      conditions: { [op]: { "aws:MultiFactorAuthPresent": [v] } },
    });
    expect(mfaDenyKind(deny("BoolIfExists", "false"))).toBe("boolIfExists");
    expect(mfaDenyKind(deny("Bool", "false"))).toBe("bool");
    expect(mfaDenyKind(deny("Null", "true"))).toBe("null");
    expect(mfaDenyKind(deny("Bool", "true"))).toBeNull();
  });
});

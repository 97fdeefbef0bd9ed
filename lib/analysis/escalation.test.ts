import { beforeAll, describe, expect, it } from "vitest";
import type { Tier } from "../model";
import { type ActionCatalog, actionIndex, loadActionCatalog } from "./action-catalog";
import { ESCALATION_PATTERNS, type EscalationPattern } from "./escalation";
import { tierOfAwsDocument } from "./eval/tier-accuracy";
import type { TierResult } from "./tiers";

// One case per row of data/aws-escalation-patterns.json, and its defused variants: the pattern on every resource
// gives its outcome; limited to a named resource an admin outcome drops to privileged (broadOnly patterns do not
// count); iam:PassRole only to a service that runs no code, or a self-service credential on one's own user, do not
// count at all.

let catalog: ActionCatalog;
beforeAll(async () => {
  catalog = await loadActionCatalog();
});

const NAMED = "arn:aws:iam::111122223333:role/app-one";
// biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable, not a JS template
const SELF = "arn:aws:iam::*:user/${aws:username}";

function doc(p: EscalationPattern, resource: string, passedTo?: string): Record<string, unknown> {
  const actions = [...p.actions, ...(p.anyOf ?? []).map((g) => g[0]!)];
  const Statement: Record<string, unknown>[] = [{ Effect: "Allow", Action: actions, Resource: resource }];
  if (p.passRoleTo)
    Statement.push({
      Effect: "Allow",
      Action: "iam:PassRole",
      Resource: "*",
      Condition: { StringEquals: { "iam:PassedToService": passedTo ?? p.passRoleTo[0]! } },
    });
  return { Version: "2012-10-17", Statement };
}

const names = (r: TierResult) => r.reasons.map((x) => `${x.pattern ?? "-"}: ${x.detail}`).join(" | ");
const madeBy = (r: TierResult, p: EscalationPattern) =>
  r.reasons.some((x) => x.pattern === p.id || x.detail.includes(`${p.name}:`) || x.detail.includes(p.why));

describe("escalation patterns (data/aws-escalation-patterns.json)", () => {
  it("names only actions the action data knows, and cites a source on every row", () => {
    const unknown = ESCALATION_PATTERNS.flatMap((p) =>
      [...p.actions, ...(p.anyOf ?? []).flat()]
        .filter((a) => actionIndex(catalog, a) === undefined)
        .map((a) => `${p.id}: ${a}`),
    );
    expect(unknown).toEqual([]);
    expect(ESCALATION_PATTERNS.filter((p) => !p.source.length).map((p) => p.id)).toEqual([]);
  });

  for (const p of ESCALATION_PATTERNS) {
    it(`${p.id} on * → ${p.outcome}`, () => {
      const r = tierOfAwsDocument(doc(p, "*"), catalog, { name: p.id });
      expect(r.tier, names(r)).toBe(p.outcome);
      expect(madeBy(r, p), names(r)).toBe(true);
    });

    const named: Tier = p.broadOnly ? "write" : "privileged";
    it(`${p.id} on a named resource → ${named}`, () => {
      const r = tierOfAwsDocument(doc(p, NAMED), catalog, { name: p.id });
      if (p.broadOnly) expect(madeBy(r, p), names(r)).toBe(false);
      else {
        expect(r.tier, names(r)).toBe("privileged");
        expect(madeBy(r, p), names(r)).toBe(true);
      }
    });

    if (p.passRoleTo)
      it(`${p.id} with iam:PassRole only to vpc-flow-logs.amazonaws.com → not this pattern`, () => {
        const r = tierOfAwsDocument(doc(p, "*", "vpc-flow-logs.amazonaws.com"), catalog, { name: p.id });
        expect(madeBy(r, p), names(r)).toBe(false);
      });

    if (p.target)
      it(`${p.id} on the holder's own user → ${p.target === "self" ? "admin" : "write"}`, () => {
        const r = tierOfAwsDocument(doc(p, SELF), catalog, { name: p.id });
        expect(r.tier, names(r)).toBe(p.target === "self" ? "admin" : "write");
      });
  }
});

describe("conditions on escalation grants", () => {
  const regionAdmin = (region: string) => ({
    Version: "2012-10-17",
    Statement: {
      Effect: "Allow",
      Action: "*",
      Resource: "*",
      Condition: { StringEquals: { "aws:RequestedRegion": region } },
    },
  });
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-requestedregion
  it("Action * limited to a Region other than us-east-1 cannot call IAM: privileged (runs code as other roles), not admin", () => {
    const r = tierOfAwsDocument(regionAdmin("ap-southeast-2"), catalog, { name: "sandbox" });
    expect(r.tier, names(r)).toBe("privileged");
    expect(names(r)).not.toContain("can become admin");
  });
  it("Action * limited to us-east-1 can call IAM: admin", () => {
    const r = tierOfAwsDocument(regionAdmin("us-east-1"), catalog, { name: "use1" });
    expect(r.tier, names(r)).toBe("admin");
  });
  it("a tag condition on the resource narrows an admin pattern to privileged", () => {
    const d = {
      Version: "2012-10-17",
      Statement: {
        Effect: "Allow",
        Action: "iam:AttachRolePolicy",
        Resource: "*",
        Condition: { StringEquals: { "aws:ResourceTag/team": "data" } },
      },
    };
    const r = tierOfAwsDocument(d, catalog, { name: "tagged" });
    expect(r.tier, names(r)).toBe("privileged");
    expect(r.reasons[0]?.detail, names(r)).toContain("limited by aws:ResourceTag/team");
  });
});

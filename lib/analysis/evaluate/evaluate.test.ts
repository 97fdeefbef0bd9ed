import { describe, expect, it } from "vitest";
import type { Statement } from "../../model";
import { evaluate, type PolicyInput } from ".";

// The evaluator's API as its callers (simulate, tiers, the principal page) use it. The documented behaviour is pinned
// by the case table (lib/services/simulate/case-table.test.ts); these rows pin the result's shape.
const st = (s: Partial<Statement> & Pick<Statement, "effect">): Statement => ({
  actions: [],
  notActions: [],
  resources: ["*"],
  notResources: [],
  ...s,
});
const policy = (id: string, statements: Statement[]): PolicyInput => ({ id, version: "2012-10-17", statements });
const user = { kind: "user" as const, arn: "arn:aws:iam::111122223333:user/ana" };

describe("evaluate", () => {
  it("no policy: implicit deny, with every policy type's part", () => {
    const r = evaluate({ principal: user, action: "s3:GetObject", resource: "arn:aws:s3:::b/k" }, {});
    expect(r.decision).toBe("implicitDeny");
    expect(r.matched).toEqual([]);
    expect(r.details).toEqual({
      identity: "implicitDeny",
      permissionsBoundary: "notApplicable",
      session: "notApplicable",
      resource: "notApplicable",
      vpcEndpoint: "notApplicable",
      scp: "notApplicable",
      rcp: "notApplicable",
    });
    expect(r.reason).toBe("no identity-based policy allows it");
  });

  it("names the statements that decided, with SCP levels, and the parts that missed", () => {
    const identity = policy("p1", [
      st({ effect: "Allow", actions: ["s3:*"], resources: ["arn:aws:s3:::other/*"], sid: "Other" }),
      st({
        effect: "Allow",
        actions: ["s3:Get*"],
        conditions: { StringEquals: { "aws:PrincipalTag/Team": ["blue"] } },
      }),
      st({ effect: "Allow", actions: ["s3:GetObject"], sid: "Plain" }),
    ]);
    const scps = [
      [policy("root", [st({ effect: "Allow", actions: ["*"] })])],
      [policy("ou", [st({ effect: "Allow", actions: ["s3:*"] })])],
    ];
    const r = evaluate(
      { principal: user, action: "S3:getobject", resource: "arn:aws:s3:::b/k" },
      { identity: [identity], scps },
    );
    expect(r.decision).toBe("allowed");
    expect(r.matched).toEqual([
      { policyId: "p1", policyType: "identity", statementIndex: 2, sid: "Plain", effect: "Allow" },
      { policyId: "root", policyType: "scp", statementIndex: 0, effect: "Allow", level: 0 },
      { policyId: "ou", policyType: "scp", statementIndex: 0, effect: "Allow", level: 1 },
    ]);
    expect(r.nearMisses.map((m) => [m.statementIndex, m.failed])).toEqual([
      [0, "resource"],
      [1, "condition"],
    ]);
    expect(r.missingContextValues).toEqual(["aws:PrincipalTag/Team"]);
  });

  it("refuses a condition operator IAM does not have, naming the policy and statement", () => {
    const bad = policy("bad", [
      st({ effect: "Allow", actions: ["*"], conditions: { StringEqualz: { k: ["v"] } }, sid: "X" }),
    ]);
    expect(() => evaluate({ principal: user, action: "s3:GetObject", resource: "*" }, { identity: [bad] })).toThrow(
      'bad: Statement 0 (X): unknown condition operator "StringEqualz"',
    );
  });

  it("gives the same answer when policies and principal objects are reused (compiled once)", () => {
    const p = policy("p", [
      st({ effect: "Allow", actions: ["ec2:Describe*"] }),
      st({ effect: "Deny", actions: ["ec2:DescribeRegions"] }),
    ]);
    const ask = (action: string) => evaluate({ principal: user, action, resource: "*" }, { identity: [p] }).decision;
    for (let i = 0; i < 3; i++) {
      expect(ask("ec2:DescribeInstances")).toBe("allowed");
      expect(ask("ec2:DescribeRegions")).toBe("explicitDeny");
      expect(ask("ec2:RunInstances")).toBe("implicitDeny");
    }
  });
});

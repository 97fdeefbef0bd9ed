import { describe, expect, it } from "vitest";
import {
  arnMatch,
  globToRegExp,
  iamMatch,
  matchActionPattern,
  matchServices,
  type ActionLookup,
} from "./action-pattern";

// IAM's action wildcards: `*` any run (also empty), `?` exactly one character, case-insensitive, every other
// character literal. The rows marked "glob libraries differ" are where picomatch (with nocase, dot, nobrace,
// nobracket, noextglob, nonegate, noglobstar) answered otherwise: `/` and `\` are plain characters in IAM.
const TABLE: [pattern: string, name: string, matches: boolean, note?: string][] = [
  ["s3:Get*", "s3:GetObject", true],
  ["s3:Get*", "S3:getobject", true, "case-insensitive"],
  ["s3:Get*", "s3:Get", true, "* matches the empty run"],
  ["s3:Get*", "s3:PutObject", false],
  ["iam:*Policy*", "iam:PutRolePolicy", true],
  ["iam:*Policy*", "iam:ListPolicyVersions", true],
  ["iam:*Policy*", "iam:ListPolicies", false, "Policies does not contain Policy"],
  ["iam:*Policy*", "iam:ListRoles", false],
  ["ec2:Describe?nstances", "ec2:DescribeInstances", true],
  ["ec2:Describe?nstances", "ec2:Describenstances", false, "? is exactly one character"],
  ["ec2:Describe?nstances", "ec2:DescribeXXnstances", false],
  ["*", "anything:AtAll", true],
  ["s3:*", "s3:a/b", true, "glob libraries differ: no path separators"],
  ["*", "a/b", true, "glob libraries differ"],
  ["?", "/", true, "glob libraries differ"],
  ["a\\*", "a\\b", true, "glob libraries differ: backslash is literal"],
  ["a\\*", "a*", false, "glob libraries differ"],
  ["s3:Get[Object]", "s3:GetO", false, "brackets are literal"],
  ["s3:Get[Object]", "s3:Get[Object]", true],
  ["s3:{Get,Put}Object", "s3:GetObject", false, "braces are literal"],
  ["!s3:GetObject", "s3:PutObject", false, "no negation"],
  ["s3:+(Get)Object", "s3:GetObject", false, "no extglob"],
  ["s3:Get.Object", "s3:GetXObject", false, "dot is literal"],
  ["s3:Get$", "s3:Get$", true],
  ["s3:Get*", "xs3:GetObject", false, "anchored"],
];

// Resource ARNs and StringLike values: the same wildcards, compared case-sensitively (IAM user guide, "IAM JSON
// policy elements: Resource" — "the IAM user name is case sensitive"; "Condition operators" — StringLike is
// "case-sensitive matching").
const ARN_TABLE: [pattern: string, value: string, matches: boolean, note?: string][] = [
  ["arn:aws:iam::111122223333:user/Bob", "arn:aws:iam::111122223333:user/Bob", true],
  ["arn:aws:iam::111122223333:user/Bob", "arn:aws:iam::111122223333:user/bob", false, "user names are case-sensitive"],
  ["arn:aws:iam::111122223333:role/Deploy*", "arn:aws:iam::111122223333:role/DeployProd", true],
  ["arn:aws:iam::111122223333:role/Deploy*", "arn:aws:iam::111122223333:role/deployProd", false, "case-sensitive"],
  ["arn:aws:iam::*:role/ops-?", "arn:aws:iam::444455556666:role/ops-1", true],
  ["arn:aws:iam::*:role/ops-?", "arn:aws:iam::444455556666:role/ops-12", false, "? is one character"],
  ["arn:aws:s3:::amzn-s3-demo-bucket/*", "arn:aws:s3:::amzn-s3-demo-bucket/a/b/c", true, "* crosses /"],
  ["*", "arn:aws:iam::111122223333:role/Anything", true],
  ["arn:aws:iam::111122223333:role/a.b", "arn:aws:iam::111122223333:role/aXb", false, "dot is literal"],
];

describe("Resource ARN and StringLike wildcards", () => {
  for (const [pattern, value, matches, note] of ARN_TABLE) {
    it(`${pattern} ${matches ? "matches" : "does not match"} ${value}${note ? ` (${note})` : ""}`, () => {
      expect(arnMatch(pattern, value)).toBe(matches);
    });
  }
});

describe("IAM action wildcards", () => {
  for (const [pattern, name, matches, note] of TABLE) {
    it(`${pattern} ${matches ? "matches" : "does not match"} ${name}${note ? ` (${note})` : ""}`, () => {
      expect(globToRegExp(pattern).test(name)).toBe(matches);
      expect(iamMatch(pattern, name)).toBe(matches);
    });
  }

  it("matches service prefixes", () => {
    const keys = ["ec2", "ecr", "ecs", "s3", "s3-object-lambda"];
    expect(matchServices("ec?", keys)).toEqual(["ec2", "ecr", "ecs"]);
    expect(matchServices("S3*", keys)).toEqual(["s3", "s3-object-lambda"]);
    expect(matchServices("s3", keys)).toEqual(["s3"]);
    expect(matchServices("nope", keys)).toEqual([]);
  });
});

describe("matchActionPattern", () => {
  const data: Record<string, string[]> = {
    s3: ["GetObject", "GetBucketPolicy", "PutObject"],
    iam: ["GetUser", "PutRolePolicy", "ListPolicies"],
  };
  const lookup: ActionLookup<string> = {
    serviceKeys: () => Object.keys(data),
    actions: (s) => (data[s] ?? []).map((n) => `${s}:${n}`),
    action: (s, n) =>
      (data[s] ?? []).map((a) => `${s}:${a}`).find((a) => a.toLowerCase() === `${s}:${n}`.toLowerCase()),
    nameOf: (a) => a.slice(a.indexOf(":") + 1),
  };
  const cases: [string, string[] | "all" | null][] = [
    ["*", "all"],
    ["s3", null],
    ["s3:*", ["s3:GetObject", "s3:GetBucketPolicy", "s3:PutObject"]],
    ["S3:get*", ["s3:GetObject", "s3:GetBucketPolicy"]],
    ["*:*Polic*", ["s3:GetBucketPolicy", "iam:PutRolePolicy", "iam:ListPolicies"]],
    ["iam:getuser", ["iam:GetUser"]],
    ["iam:Get?ser", ["iam:GetUser"]],
    ["iam:NoSuchThing", []],
    ["nosvc:Get*", []],
  ];
  for (const [pattern, expected] of cases) {
    it(pattern, () => expect(matchActionPattern(lookup, pattern)).toEqual(expected));
  }
});

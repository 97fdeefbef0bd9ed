import { describe, expect, it } from "vitest";
import type { AccessPath, AccessPathAttributes, PathMfa, Tier } from "../../model";
import { federatedAwsOf, federatedAwsTallies } from "./federated";

const path = (
  user: string,
  account: string,
  tier: Tier | null,
  over: { via?: AccessPath["via"]; mfa?: PathMfa; attributes?: AccessPathAttributes; eligible?: boolean } = {},
): AccessPath => ({
  entraSnapshotId: "e",
  targetSnapshotId: "o",
  entraPrincipalId: user,
  personId: null,
  targetKind: over.via === "azureRbac" ? "azureScope" : "awsAccount",
  targetId: account,
  targetName: account,
  via: over.via ?? "identityCenter",
  grant: "AdministratorAccess",
  hops: [],
  tier,
  mfa: over.mfa ?? "enforced",
  eligible: over.eligible ?? false,
  attributes: over.attributes ?? { signIn: "assigned" },
});

// Each case: the paths of one Entra user, and what their federated AWS access must be (null = none).
const CASES: { name: string; paths: AccessPath[]; want: ReturnType<typeof federatedAwsOf> }[] = [
  {
    name: "admin in two accounts through Identity Center, read through SAML in a third",
    paths: [path("u", "111", "admin"), path("u", "222", "admin"), path("u", "333", "read", { via: "saml" })],
    want: {
      tier: "admin",
      tierUnknown: false,
      accounts: 3,
      paths: 3,
      via: ["identityCenter", "saml"],
      adminWithoutMfa: 0,
    },
  },
  {
    name: "two paths into one account count the account once",
    paths: [path("u", "111", "write"), path("u", "111", "read")],
    want: { tier: "write", tierUnknown: false, accounts: 1, paths: 2, via: ["identityCenter"], adminWithoutMfa: 0 },
  },
  {
    name: "a path whose tier was not computed makes the tier a floor",
    paths: [path("u", "111", "read"), path("u", "222", null)],
    want: { tier: "read", tierUnknown: true, accounts: 2, paths: 2, via: ["identityCenter"], adminWithoutMfa: 0 },
  },
  {
    name: "only unknown tiers: AWS access, tier unknown",
    paths: [path("u", "111", null, { via: "saml" })],
    want: { tier: null, tierUnknown: true, accounts: 1, paths: 1, via: ["saml"], adminWithoutMfa: 0 },
  },
  {
    name: "privileged without enforced MFA counts; unknown MFA does not",
    paths: [
      path("u", "111", "privileged", { mfa: "notEnforced" }),
      path("u", "222", "admin", { mfa: "unknown" }),
      path("u", "333", "write", { mfa: "notEnforced" }),
    ],
    want: { tier: "admin", tierUnknown: false, accounts: 3, paths: 3, via: ["identityCenter"], adminWithoutMfa: 1 },
  },
  {
    name: "not usable paths are no access: not assigned, blocked, broken",
    paths: [
      path("u", "111", "admin", { attributes: { signIn: "notAssigned" } }),
      path("u", "222", "admin", { attributes: { signIn: "blocked" } }),
      path("u", "333", "admin", { attributes: { signIn: "assigned", broken: "role missing" } }),
    ],
    want: null,
  },
  {
    name: "assignment not required or sign-in unknown is usable",
    paths: [
      path("u", "111", "read", { attributes: { signIn: "notRequired" } }),
      path("u", "222", "write", { attributes: { signIn: "unknown" } }),
    ],
    want: { tier: "write", tierUnknown: false, accounts: 2, paths: 2, via: ["identityCenter"], adminWithoutMfa: 0 },
  },
  {
    name: "Azure RBAC paths are not AWS access",
    paths: [path("u", "/subscriptions/s", "admin", { via: "azureRbac" })],
    want: null,
  },
];

describe("federated AWS access of an Entra user", () => {
  for (const c of CASES)
    it(c.name, () => {
      const t = federatedAwsTallies(c.paths).get("u");
      expect(federatedAwsOf(t ? [t] : [])).toEqual(c.want);
    });

  it("a person with two Entra users: accounts counted once over both, the highest tier", () => {
    const by = federatedAwsTallies([path("a", "111", "read"), path("b", "111", "admin"), path("b", "222", null)]);
    expect(federatedAwsOf([by.get("a")!, by.get("b")!])).toEqual({
      tier: "admin",
      tierUnknown: true,
      accounts: 2,
      paths: 3,
      via: ["identityCenter"],
      adminWithoutMfa: 0,
    });
  });
});

import { describe, expect, it } from "vitest";
import type { PrincipalRow } from "../../db/report-data";
import type { FederatedAws, Tier } from "../../model";
import { NA } from "../../report/document";
import { awsSideCells } from "./people-parts";

const iam = (name: string, tier: Tier | null): PrincipalRow => ({
  id: 1,
  snapshotId: "s",
  kind: "user",
  providerId: name,
  name,
  displayName: name,
  arn: null,
  email: null,
  upn: null,
  enabled: true,
  guest: null,
  lastActivityAt: null,
  mfaRegistered: true,
  mfaEnforced: false,
  tier,
});
const fed = (tier: Tier | null, over: Partial<FederatedAws> = {}): FederatedAws => ({
  tier,
  tierUnknown: false,
  accounts: 3,
  paths: 4,
  via: ["identityCenter"],
  adminWithoutMfa: 0,
  ...over,
});

// The audit report's AWS side of a person: [identities, tier] and whether the IAM MFA cells stay the IAM users'.
const CASES: { name: string; ids: PrincipalRow[]; fed: FederatedAws | null; identities: unknown; tier: unknown }[] = [
  { name: "no AWS at all: not applicable", ids: [], fed: null, identities: NA, tier: NA },
  {
    name: "federated only: named, its tier",
    ids: [],
    fed: fed("admin"),
    identities: "through Entra: Identity Center, 3 accounts",
    tier: "admin",
  },
  {
    name: "federated tier above the IAM user's",
    ids: [iam("alice", "read")],
    fed: fed("admin", { via: ["identityCenter", "saml"], accounts: 1 }),
    identities: "alice; through Entra: Identity Center + SAML, 1 account",
    tier: "admin",
  },
  {
    name: "IAM tier above the federated one",
    ids: [iam("bob", "admin")],
    fed: fed("read"),
    identities: "bob; through Entra: Identity Center, 3 accounts",
    tier: "admin",
  },
  {
    name: "a federated path's tier unknown: a floor",
    ids: [],
    fed: fed("write", { tierUnknown: true }),
    identities: "through Entra: Identity Center, 3 accounts",
    tier: "write or more",
  },
  {
    name: "an IAM user's tier unknown: a floor",
    ids: [iam("cy", null)],
    fed: fed("read"),
    identities: "cy; through Entra: Identity Center, 3 accounts",
    tier: "read or more",
  },
  {
    name: "every tier unknown: unknown",
    ids: [],
    fed: fed(null, { tierUnknown: true }),
    identities: "through Entra: Identity Center, 3 accounts",
    tier: null,
  },
];

describe("the audit report's AWS side of a person takes in access through Entra", () => {
  for (const c of CASES)
    it(c.name, () => {
      const cells = awsSideCells(c.ids, c.fed);
      expect({ identities: cells[0], tier: cells[1] }).toEqual({ identities: c.identities, tier: c.tier });
      // MFA, activity and enabled stay the IAM users' (not applicable without one).
      expect(cells[3]).toEqual(c.ids.length ? false : NA);
    });
});

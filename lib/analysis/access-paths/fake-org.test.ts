import { beforeAll, describe, expect, it } from "vitest";
import type { AccessPath } from "../../model";
import { accountModels, entraModel, organizationModel } from "../../fakes/aws-org/as-models";
import { generateOrganization, type GeneratedOrganization } from "../../fakes/aws-org/generate";
import { loadActionCatalog, type ActionCatalog } from "../action-catalog";
import { TIER_RANK } from "../tiers";
import { computeAccessPaths } from "./index";

// A generated organisation (lib/fakes/aws-org) with the Entra tenant it was provisioned from: properties every
// answer must have, checked against counts computed here from the generator's own lists.
let catalog: ActionCatalog;
let org: GeneratedOrganization;
let paths: AccessPath[];

beforeAll(async () => {
  catalog = await loadActionCatalog();
  org = generateOrganization({ accounts: 12, seed: 3 });
  paths = computeAccessPaths({
    entra: entraModel(org),
    organization: organizationModel(org),
    accounts: accountModels(org),
    catalog,
  });
});

const ic = () => org.identityCenters[0]!;

describe("generated organisation (12 accounts, seed 3)", () => {
  it("one Identity Center path per (linked user, assignment reaching them), counted from the generator's lists", () => {
    const groupsOf = new Map<string, string[]>();
    for (const m of ic().memberships) groupsOf.set(m.UserId, [...(groupsOf.get(m.UserId) ?? []), m.GroupId]);
    const byPrincipal = new Map<string, number>();
    for (const a of ic().assignments) byPrincipal.set(a.PrincipalId, (byPrincipal.get(a.PrincipalId) ?? 0) + 1);
    let expected = 0;
    ic().users.forEach((u, i) => {
      if (org.links.users[i] === null) return;
      expected += byPrincipal.get(u.UserId) ?? 0;
      for (const g of groupsOf.get(u.UserId) ?? []) expected += byPrincipal.get(g) ?? 0;
    });
    expect(paths.filter((p) => p.via === "identityCenter").length).toBe(expected);
  });

  it("every Identity Center path is linked by ExternalId; hand-made users are reached by none", () => {
    const idc = paths.filter((p) => p.via === "identityCenter");
    expect(idc.filter((p) => p.attributes.match !== "externalId")).toEqual([]);
    const handMade = new Set(
      ic()
        .users.filter((_, i) => org.links.users[i] === null)
        .map((u) => u.UserId),
    );
    expect(idc.filter((p) => p.hops.some((h) => h.kind === "identityCenterUser" && handMade.has(h.id)))).toEqual([]);
  });

  it("hops run from the Entra user to the account, and every path is signed in through an assignment with MFA", () => {
    const wrong = paths.filter(
      (p) =>
        p.hops[0]?.kind !== "entraUser" ||
        p.hops[0].id !== p.entraPrincipalId ||
        !p.hops.some((h) => h.kind === "awsAccount" && h.id === p.targetId) ||
        p.attributes.signIn !== "assigned" ||
        p.mfa !== "enforced",
    );
    expect(wrong.slice(0, 3)).toEqual([]);
  });

  it("SCPs only lower: no path's tier is above its permission set's tier in the management account", () => {
    // Compared where the role is the permission set as it is now (provisioning current) and holds only AWS managed
    // policies (customer managed references resolve per account).
    const mgmt = org.organization.MasterAccountId;
    const plain = new Set(
      ic()
        .permissionSets.filter((s) => !s.customerManagedPolicies.length && !s.inlinePolicy && !s.boundary)
        .map((s) => s.Name),
    );
    const comparable = (p: AccessPath) =>
      p.via === "identityCenter" && plain.has(p.grant) && p.attributes.provisioning === "current" && p.tier !== null;
    const own = new Map<string, AccessPath["tier"]>();
    for (const p of paths) if (comparable(p) && p.targetId === mgmt) own.set(p.grant, p.tier);
    const checked = paths.filter((p) => comparable(p) && own.has(p.grant));
    expect(checked.length).toBeGreaterThan(0);
    const above = checked.filter((p) => TIER_RANK[p.tier!] > TIER_RANK[own.get(p.grant)!]);
    expect(above.slice(0, 3).map((p) => `${p.grant} in ${p.targetName}: ${p.tier}`)).toEqual([]);
  });

  it("AdministratorAccess is admin in the management account and in accounts without IAM-denying SCPs", () => {
    const admin = paths.filter((p) => p.via === "identityCenter" && p.grant === "AdministratorAccess");
    expect(admin.length).toBeGreaterThan(0);
    expect(admin.filter((p) => p.targetId === org.organization.MasterAccountId).every((p) => p.tier === "admin")).toBe(
      true,
    );
  });

  it("accounts whose role cannot be assumed: Identity Center tiers from definitions, SAML tiers unknown", () => {
    const locked = new Set(org.lockedAccountIds);
    expect(locked.size).toBeGreaterThan(0);
    for (const p of paths.filter((x) => locked.has(x.targetId))) {
      expect(p.attributes.roleArn).toBeUndefined();
      if (p.via === "saml") expect(p.tier).toBeNull();
    }
  });

  it("SAML apps: every role value reaches a role that exists and trusts the provider", () => {
    const saml = paths.filter((p) => p.via === "saml");
    expect(new Set(saml.map((p) => p.targetId))).toEqual(new Set(org.samlApps.map((s) => s.accountId)));
    expect(saml.filter((p) => p.attributes.broken)).toEqual([]);
    expect(saml.filter((p) => p.grant.endsWith("EntraID-Admin")).every((p) => p.tier === "admin")).toBe(true);
  });

  it("is deterministic (a 4-account organisation computed twice from fresh models)", () => {
    const small = () => {
      const o = generateOrganization({ accounts: 4, seed: 5 });
      return computeAccessPaths({
        entra: entraModel(o),
        organization: organizationModel(o),
        accounts: accountModels(o),
        catalog,
      });
    };
    const a = small();
    expect(a.length).toBeGreaterThan(0);
    expect(JSON.stringify(small())).toBe(JSON.stringify(a));
  });
});

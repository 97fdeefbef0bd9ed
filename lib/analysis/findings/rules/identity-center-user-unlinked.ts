import { organizationHit } from "../access-path-facts";
import type { Rule, RuleHit } from "../rule";

/**
 * Identity Center users that provisioning does not manage: no Entra counterpart (made by hand: they bypass Entra's
 * lifecycle and conditional access), or linked by user name only (no ExternalId: disabling the Entra user does not
 * reach them). Reported when the user holds some account assignment.
 */
export const rule: Rule = {
  id: "identity-center-user-unlinked",
  title: "Identity Center user not managed by Entra provisioning",
  severity: "high",
  dataSource:
    "AWS Identity Center: identity-store users (ExternalIds), group memberships, account assignments; Entra: users",
  datasets: { entra: ["users"], awsOrganization: ["identityStoreUsers", "accountAssignments"] },
  clouds: ["entra", "awsOrganization"],
  acrossSources: true,
  fix: "Delete the user from the Identity Center identity store, or provision it from Entra (assign the Entra user to the AWS IAM Identity Center app, with SCIM provisioning on) so that its ExternalId links it; keep emergency access as a documented, monitored exception.",
  run(a) {
    const ap = a.accessPaths;
    const org = ap?.organization;
    if (!ap || !org) return [];
    const groupsOf = new Map<string, string[]>();
    for (const m of org.model.memberships)
      groupsOf.set(m.memberProviderId, [...(groupsOf.get(m.memberProviderId) ?? []), m.groupProviderId]);
    const grants = new Map<string, { permissionSet: string; account: string; via: string }[]>();
    const setName = new Map(org.model.permissionSets.map((p) => [p.providerId, p.name]));
    for (const x of org.model.assignments) {
      if (x.kind !== "accountAssignment") continue;
      const list = grants.get(x.principalProviderId) ?? [];
      list.push({
        permissionSet: setName.get(x.permissionSetProviderId) ?? x.permissionSetProviderId,
        account: x.scope,
        via: "",
      });
      grants.set(x.principalProviderId, list);
    }
    const hits: RuleHit[] = [];
    for (const u of org.model.principals) {
      if (u.kind !== "user") continue;
      const link = ap.links.users.get(u.providerId);
      if (link?.how === "externalId") continue;
      const held = [
        ...(grants.get(u.providerId) ?? []).map((g) => ({ ...g, via: "user" })),
        ...(groupsOf.get(u.providerId) ?? []).flatMap((g) =>
          (grants.get(g) ?? []).map((x) => ({ ...x, via: `group ${ap.identityStore.get(g)?.name ?? g}` })),
        ),
      ];
      if (!held.length) continue;
      const name = String(u.attributes.userName ?? u.name);
      const subject = { kind: "user", providerId: u.providerId, name };
      hits.push(
        organizationHit(
          a,
          subject,
          link
            ? `${name} is linked to the Entra user ${link.entra.upn ?? link.entra.name} by user name only (no SCIM ExternalId): provisioning does not manage it, and disabling or deleting the Entra user leaves it in place.`
            : `${name} exists only in Identity Center (no ExternalId, no Entra user of that name) and holds ${held.length} account assignment(s): it is outside Entra's lifecycle and conditional access.`,
          { assignments: held.slice(0, 10), match: link?.how ?? "none" },
          { severity: link ? "medium" : "high" },
        ),
      );
    }
    return hits;
  },
};

import { activeRoleTemplateIds } from "../../ca-coverage";
import { GLOBAL_ADMINISTRATOR, roleTemplateId } from "../../entra-roles";
import { sourceHit, type Rule, type RuleHit } from "../rule";

/**
 * Between two and four Global Administrators (CIS Azure 5.26, CIS M365 1.1.3): two so one can recover the other,
 * fewer than five to keep the tenant's most powerful role small. Active and PIM-eligible holders both count.
 */
const MIN = 2;
const MAX = 4;

export const rule: Rule = {
  id: "global-admin-count",
  title: "Global Administrators: not between 2 and 4",
  severity: "high",
  dataSource: "Entra: users, directory role assignments (active and PIM-eligible), group memberships",
  datasets: { entra: ["users", "roleAssignments", "pimEligibility", "memberships"] },
  clouds: ["entra"],
  fix: "Keep two to four Global Administrators (PIM-eligible, cloud-only, with phishing-resistant MFA; one may be a break-glass account); give everyone else the least-privileged role for the job.",
  run(a) {
    const hits: RuleHit[] = [];
    for (const src of a.sources) {
      if (src.model.kind !== "entra") continue;
      const idx = src.index;
      const holders: { user: string; active: boolean }[] = [];
      for (const p of src.model.principals) {
        if (p.kind !== "user" || p.enabled === false) continue;
        const active = activeRoleTemplateIds(idx, p.providerId).has(GLOBAL_ADMINISTRATOR);
        const eligible =
          !active &&
          [p.providerId, ...idx.groupsOf(p.providerId)].some((h) =>
            (idx.assignmentsOf.get(h) ?? []).some(
              (x) =>
                x.kind === "eligible" &&
                roleTemplateId(idx.permissionSet.get(x.permissionSetProviderId), x.permissionSetProviderId) ===
                  GLOBAL_ADMINISTRATOR,
            ),
          );
        if (active || eligible) holders.push({ user: p.upn ?? p.name, active });
      }
      const n = holders.length;
      if (n >= MIN && n <= MAX) continue;
      const activeCount = holders.filter((h) => h.active).length;
      hits.push(
        sourceHit(
          src,
          `${n} Global Administrator${n === 1 ? "" : "s"} (${activeCount} active, ${n - activeCount} eligible); ${n < MIN ? `at least ${MIN} are needed so one can recover the other` : `keep at most ${MAX}`}.`,
          {
            count: n,
            active: activeCount,
            eligible: n - activeCount,
            min: MIN,
            max: MAX,
            holders: holders.map((h) => h.user),
          },
          { severity: n > MAX ? "high" : "medium" },
        ),
      );
    }
    return hits;
  },
};

import { sourceHit, type Rule, type RuleHit } from "../rule";

/** A tenant where conditional access does not require MFA of every enabled user (break-glass accounts aside). */
export const rule: Rule = {
  id: "mfa-not-enforced-for-all",
  title: "MFA not required of all users",
  severity: "high",
  dataSource: "Entra: users and enabled conditional-access policies requiring MFA or an authentication strength",
  datasets: { entra: ["users", "conditionalAccess"] },
  clouds: ["entra"],
  fix: "Enable a conditional-access policy for all users and all cloud apps that requires MFA (or an authentication strength); exclude only break-glass accounts.",
  run(a) {
    const hits: RuleHit[] = [];
    for (const src of a.sources) {
      if (src.model.kind !== "entra" || !src.caCollected) continue;
      let users = 0;
      const gaps: string[] = [];
      let partial = 0;
      for (const pa of a.principals.values()) {
        if (pa.source !== src || pa.principal.kind !== "user" || pa.principal.enabled === false) continue;
        if (pa.mfa.breakGlass) continue;
        users++;
        if (pa.mfa.enforced !== false) continue;
        if (pa.mfa.enforcement === "partial") partial++;
        gaps.push(pa.principal.upn ?? pa.principal.name);
      }
      if (!gaps.length) continue;
      hits.push(
        sourceHit(
          src,
          `${gaps.length} of ${users} enabled users are not required to use MFA at every sign-in${partial ? ` (${partial} only for some apps or conditions)` : ""}: ${gaps.slice(0, 5).join(", ")}${gaps.length > 5 ? ` and ${gaps.length - 5} more` : ""}.`,
          { users, notEnforced: gaps.length, partial, examples: gaps.slice(0, 20) },
        ),
      );
    }
    return hits;
  },
};

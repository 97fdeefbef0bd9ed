import type { Rule, RuleHit } from "../rule";

/** A tenant where no enabled conditional-access policy blocks legacy authentication (EAS / other clients) for all. */
export const rule: Rule = {
  id: "legacy-auth-not-blocked",
  title: "Legacy authentication not blocked",
  severity: "high",
  dataSource: "Entra: conditional-access policies (clientAppTypes exchangeActiveSync/other + block)",
  datasets: { entra: ["conditionalAccess"] },
  clouds: ["entra"],
  fix: "Enable a conditional-access policy for all users and all cloud apps with client apps 'Exchange ActiveSync clients' and 'Other clients' and grant 'Block access' (exclude only break-glass accounts).",
  run(a) {
    const hits: RuleHit[] = [];
    for (const src of a.sources) {
      if (src.model.kind !== "entra" || !src.caCollected) continue;
      let users = 0;
      let notBlocked = 0;
      let exposedAdmins = 0;
      const exposed: string[] = [];
      for (const pa of a.principals.values()) {
        if (pa.source !== src || pa.principal.kind !== "user" || pa.principal.enabled === false || !pa.controls)
          continue;
        users++;
        if (pa.controls.blocksLegacyAuth || pa.mfa.breakGlass) continue;
        notBlocked++;
        if (exposed.length < 20) exposed.push(pa.principal.upn ?? pa.principal.name);
        if (pa.tier.tier === "admin" || pa.tier.tier === "privileged") exposedAdmins++;
      }
      if (notBlocked === 0) continue;
      const reportOnly = src.model.accessControls
        .filter(
          (c) => c.state === "reportOnly" && c.controls.block && (c.conditions.clientAppTypes ?? []).includes("other"),
        )
        .map((c) => c.name);
      hits.push({
        source: src,
        subjectKind: "tenant",
        subjectProviderId: src.model.sourceId,
        subject: src.model.sourceName,
        explanation: `No enabled conditional-access policy blocks legacy authentication for ${notBlocked} of ${users} enabled users${exposedAdmins ? `, ${exposedAdmins} of them admins or privileged` : ""}; legacy protocols cannot do MFA.`,
        evidence: {
          usersNotCovered: notBlocked,
          users,
          adminsNotCovered: exposedAdmins,
          sample: exposed,
          reportOnlyPolicies: reportOnly,
        },
        severity: notBlocked === users ? "high" : exposedAdmins ? "high" : "medium",
      });
    }
    return hits;
  },
};

import type { Rule, RuleHit } from "../rule";

/** Customer-managed and inline policies that allow every action on every resource (`*:*`). */
export const rule: Rule = {
  id: "wildcard-admin-policy",
  title: "Policy allows *:* (full admin)",
  severity: "high",
  dataSource: "AWS: policy documents (GetAccountAuthorizationDetails)",
  datasets: { aws: ["authorizationDetails"] },
  clouds: ["aws"],
  fix: "Replace the wildcard with the actions and resources the holders need; keep full admin to the AWS-managed AdministratorAccess on a few, MFA-protected roles.",
  run(a) {
    const hits: RuleHit[] = [];
    for (const src of a.sources) {
      if (src.model.kind !== "aws") continue;
      const holders = new Map<string, string[]>();
      for (const as of src.model.assignments) {
        if (as.kind !== "direct") continue;
        const l = holders.get(as.permissionSetProviderId) ?? [];
        l.push(src.index.principal.get(as.principalProviderId)?.name ?? as.principalProviderId);
        holders.set(as.permissionSetProviderId, l);
      }
      for (const set of src.model.permissionSets) {
        if (set.kind === "awsManagedPolicy") continue;
        const stmts = set.statements
          .map((s, i) => ({ s, i }))
          .filter(
            ({ s }) =>
              s.effect === "Allow" &&
              s.actions.some((x) => x === "*" || x === "*:*") &&
              s.resources.includes("*") &&
              s.notResources.length === 0,
          );
        if (!stmts.length) continue;
        const conditional = stmts.every(({ s }) => s.conditions && Object.keys(s.conditions).length > 0);
        const owner = set.ownerProviderId ? src.index.principal.get(set.ownerProviderId)?.name : undefined;
        const who = holders.get(set.providerId) ?? (owner ? [owner] : []);
        hits.push({
          source: src,
          subjectKind: set.kind,
          subjectProviderId: set.providerId,
          subject: set.name,
          explanation: `${set.kind === "inlinePolicy" ? "Inline" : "Customer-managed"} policy ${set.name} allows every action on every resource${conditional ? " (under a condition)" : ""}${who.length ? `; held by ${who.slice(0, 5).join(", ")}${who.length > 5 ? ` and ${who.length - 5} more` : ""}` : " (not attached)"}.`,
          evidence: {
            statements: stmts.map(({ s, i }) => ({ index: i, sid: s.sid ?? null, conditions: s.conditions ?? null })),
            holders: who,
          },
          severity: conditional || who.length === 0 ? "medium" : "high",
        });
      }
    }
    return hits;
  },
};

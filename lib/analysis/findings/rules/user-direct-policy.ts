import { principalHit, principalsOf, type Rule, type RuleHit } from "../rule";

/** IAM users holding policies of their own (attached managed or inline) instead of only through groups. */
export const rule: Rule = {
  id: "user-direct-policy",
  title: "User with policies outside groups",
  severity: "low",
  dataSource: "AWS: users' attached managed and inline policies (GetAccountAuthorizationDetails)",
  datasets: { aws: ["authorizationDetails"] },
  clouds: ["aws"],
  fix: "Move the user's policies to a group that matches the job and add the user to it; detach the user's own policies.",
  run(a) {
    const hits: RuleHit[] = [];
    for (const pa of principalsOf(a, "aws", ["user"])) {
      const idx = pa.source.index;
      const own = (idx.assignmentsOf.get(pa.principal.providerId) ?? [])
        .filter((x) => x.kind === "direct")
        .map((x) => {
          const set = idx.permissionSet.get(x.permissionSetProviderId);
          return { policy: set?.name ?? x.permissionSetProviderId, kind: set?.kind ?? null };
        });
      if (!own.length) continue;
      hits.push(
        principalHit(
          pa,
          `${pa.principal.name} holds ${own.length} polic${own.length === 1 ? "y" : "ies"} directly: ${own
            .slice(0, 5)
            .map((o) => o.policy)
            .join(", ")}${own.length > 5 ? ` and ${own.length - 5} more` : ""}.`,
          { policies: own },
        ),
      );
    }
    return hits;
  },
};

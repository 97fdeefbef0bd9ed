import type { AccessControl } from "../../model";
import { sourceHit, type Rule, type RuleHit } from "./rule";

/** What a tenant-wide conditional-access requirement looks for in one policy. */
export interface TenantPolicyCheck {
  /** The policy does what the control asks (its conditions and grant), whoever it applies to. */
  matches(c: AccessControl): boolean;
  /** The requirement in words, for the explanation: "blocks the device-code flow". */
  requirement: string;
  /** One app the policy must cover (its id, or a CA keyword such as MicrosoftAdminPortals) instead of all apps. */
  app?: { id: string; name: string };
}

const coversAllUsers = (c: AccessControl) => c.who.includeUsers.includes("All");
const coversApps = (c: AccessControl, app: TenantPolicyCheck["app"]) =>
  app
    ? (c.targets.includeApplications.includes("All") || c.targets.includeApplications.includes(app.id)) &&
      !c.targets.excludeApplications.includes(app.id)
    : c.targets.includeApplications.includes("All");

/**
 * One finding per Entra tenant (conditional access collected) where no enabled policy for all users and all cloud apps
 * meets the requirement. Policies that would, but are report-only, off, or narrower, are named in the evidence.
 */
export function tenantPolicyHits(a: Parameters<Rule["run"]>[0], check: TenantPolicyCheck): RuleHit[] {
  const hits: RuleHit[] = [];
  for (const src of a.sources) {
    if (src.model.kind !== "entra" || !src.caCollected) continue;
    const candidates = src.model.accessControls.filter((c) => check.matches(c));
    const enforcing = candidates.filter((c) => c.state === "on" && coversAllUsers(c) && coversApps(c, check.app));
    if (enforcing.length) continue;
    const near = candidates.map((c) => ({
      policy: c.name,
      state: c.state,
      allUsers: coversAllUsers(c),
      allApps: coversApps(c, check.app),
    }));
    hits.push(
      sourceHit(
        src,
        `No enabled conditional-access policy for all users and ${check.app ? check.app.name : "all cloud apps"} ${check.requirement}${
          near.length
            ? ` (${near.length} polic${near.length === 1 ? "y comes" : "ies come"} close: ${near
                .slice(0, 3)
                .map(
                  (n) =>
                    `${n.policy} [${n.state}${n.allUsers ? "" : ", not all users"}${n.allApps ? "" : check.app ? `, not ${check.app.name}` : ", not all apps"}]`,
                )
                .join(", ")})`
            : ""
        }.`,
        { policies: src.model.accessControls.length, candidates: near },
      ),
    );
  }
  return hits;
}

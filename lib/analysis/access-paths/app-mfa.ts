import type { PathMfa } from "../../model";
import { caCoverage, type PolicyFacts } from "../ca-coverage";
import type { SourceIndex } from "../source-model";

/** MFA on the way into one app, for one user. */
export interface AppMfa {
  mfa: PathMfa;
  policies: { id: string; name: string }[];
  caveats: string[];
  /** An enabled policy that covers the user and the app blocks access outright (no narrowing condition). */
  blocked: { id: string; name: string } | null;
}

/** Whether a policy's target applications take in this app (appId), and if only maybe (an application filter). */
function coversApp(f: PolicyFacts, appId: string | null): "yes" | "no" | "maybe" {
  const t = f.control.targets;
  const excluded = appId !== null && t.excludeApplications.includes(appId);
  if (excluded) return "no";
  if (t.includeApplications.includes("All")) return t.applicationFilter ? "maybe" : "yes";
  if (appId !== null && t.includeApplications.includes(appId)) return "yes";
  if (t.applicationFilter && t.applicationFilter.mode === "include") return "maybe";
  return "no";
}

/**
 * MFA for a user signing in to an app (by appId; null = the app is not known, so only all-apps policies count): enforced
 * when an enabled policy that applies to the user (groups, roles and exclusions resolved) requires MFA or an
 * authentication strength for that app with no narrowing condition and no OR-ed alternative. Report-only never
 * enforces. `caCollected` false → unknown.
 * NOTE: https://learn.microsoft.com/entra/identity/conditional-access/concept-conditional-access-report-only —
 * report-only policies are evaluated but not enforced.
 */
export function appMfa(
  index: SourceIndex,
  userId: string,
  appId: string | null,
  facts: PolicyFacts[],
  caCollected: boolean,
): AppMfa {
  if (!caCollected)
    return {
      mfa: "unknown",
      policies: [],
      caveats: ["conditional-access policies were not collected"],
      blocked: null,
    };
  const byId = new Map(facts.map((f) => [f.control.providerId, f]));
  const summary = caCoverage(index, userId, facts, false);
  const policies: AppMfa["policies"] = [];
  const caveats: string[] = [];
  let blocked: AppMfa["blocked"] = null;
  for (const c of summary.coverage) {
    const f = byId.get(c.policyId);
    if (!f) continue;
    const covers = coversApp(f, appId);
    if (covers === "no") continue;
    const name = f.control.name;
    if (c.status === "excluded") {
      if (c.state === "on" && c.requiresMfa) caveats.push(`${name}: this user is excluded`);
      continue;
    }
    if (c.state === "reportOnly") {
      if (c.requiresMfa) caveats.push(`${name}: report-only (not enforced)`);
      continue;
    }
    if (c.state !== "on") continue;
    const narrowed = [...c.narrowedBy, ...(covers === "maybe" ? ["application filter"] : [])];
    if (c.blocks && narrowed.length === 0 && !blocked) blocked = { id: c.policyId, name };
    if (!c.requiresMfa) continue;
    if (narrowed.length || c.weakenedBy) {
      caveats.push(
        `${name}: ${[...narrowed, c.weakenedBy ? `${c.weakenedBy} (MFA optional)` : null].filter(Boolean).join("; ")}`,
      );
      continue;
    }
    policies.push({ id: c.policyId, name });
  }
  if (appId === null) caveats.push("the app was not found in the tenant: only all-apps policies were read");
  const mfa = policies.length ? "enforced" : appId === null ? "unknown" : "notEnforced";
  return { mfa, policies, caveats: policies.length ? [] : caveats, blocked };
}

import type { Finding, SourceKind } from "../../model";
import type { Analysis, AnalyzedSource } from "../analyze";
import type { Rule } from "./rule";
import { rule as adminWithoutMfa } from "./rules/admin-without-mfa-enforcement";
import { rule as ambiguousMatch } from "./rules/ambiguous-person-match";
import { rule as caReportOnly } from "./rules/ca-report-only";
import { rule as disabledOneSide } from "./rules/disabled-in-one-cloud";
import { rule as guestPrivileged } from "./rules/guest-privileged-role";
import { rule as guestWithAws } from "./rules/guest-with-aws-access";
import { rule as legacyAuth } from "./rules/legacy-auth-not-blocked";
import { rule as mfaNotEnforced } from "./rules/mfa-registered-not-enforced";
import { rule as noMfaConsole } from "./rules/no-mfa-console-user";
import { rule as roleTrust } from "./rules/role-trusts-external";
import { rule as staleKey } from "./rules/stale-access-key";
import { rule as staleRole } from "./rules/stale-role";
import { rule as staleUser } from "./rules/stale-user";
import { rule as unmatched } from "./rules/unmatched-aws-user";
import { rule as wildcard } from "./rules/wildcard-admin-policy";
import { rule as breakGlass } from "./rules/break-glass-account";
import { rule as adminPathWithoutMfa } from "./rules/admin-path-without-mfa";
import { rule as groupAssignedAdmin } from "./rules/group-assigned-admin";
import { rule as idcUserUnlinked } from "./rules/identity-center-user-unlinked";
import { rule as outdatedProvisioning } from "./rules/outdated-provisioning";
import { rule as provisioningDrift } from "./rules/provisioning-drift";
import { rule as samlRoleToEveryone } from "./rules/saml-role-to-everyone";
import { AZURE_RULES } from "../azure/findings/index";
import { azureRule } from "./azure-rule";
import { rule as accessKeyNotRotated } from "./rules/access-key-not-rotated";
import { rule as credentialsUnused } from "./rules/credentials-unused-45-days";
import { rule as deviceCodeFlow } from "./rules/device-code-flow-not-blocked";
import { rule as globalAdminCount } from "./rules/global-admin-count";
import { rule as mfaNotForAll } from "./rules/mfa-not-enforced-for-all";
import { rule as multipleActiveKeys } from "./rules/multiple-active-keys";
import { rule as noSignInRisk } from "./rules/no-sign-in-risk-policy";
import { rule as noUserRisk } from "./rules/no-user-risk-policy";
import { rule as permanentPrivileged } from "./rules/permanent-privileged-role";
import { rule as rootAccessKey } from "./rules/root-access-key";
import { rule as rootRecentlyUsed } from "./rules/root-recently-used";
import { rule as rootWithoutMfa } from "./rules/root-without-mfa";
import { rule as userDirectPolicy } from "./rules/user-direct-policy";
import { rule as cloudShellFullAccess } from "./rules/cloudshell-full-access";
import { rule as noSupportRole } from "./rules/no-support-role";
import { rule as unusedInitialKey } from "./rules/unused-initial-access-key";
import { rule as noMfaAdminPortals } from "./rules/no-mfa-for-admin-portals";
import { rule as noMfaAzureManagement } from "./rules/no-mfa-for-azure-management";
import { rule as passwordMinLength } from "./rules/password-policy-min-length";
import { rule as passwordReuse } from "./rules/password-policy-reuse";

/** Every rule, in the order findings are listed. */
export const RULES: Rule[] = [
  adminWithoutMfa,
  noMfaConsole,
  mfaNotEnforced,
  guestPrivileged,
  wildcard,
  roleTrust,
  legacyAuth,
  caReportOnly,
  disabledOneSide,
  unmatched,
  guestWithAws,
  staleUser,
  staleKey,
  staleRole,
  ambiguousMatch,
  breakGlass,
  // Azure RBAC (issue 13): one rule a file under lib/analysis/azure/findings.
  ...AZURE_RULES.map(azureRule),
];

/**
 * Rules on access paths (issue 12): run by the engine (they find nothing without an Entra tenant and an AWS
 * organisation or SAML apps); they join RULES, whose every rule the sample organisation must show, once the sample
 * holds its AWS Organization.
 */
export const ACCESS_PATH_RULES: Rule[] = [
  adminPathWithoutMfa,
  idcUserUnlinked,
  groupAssignedAdmin,
  samlRoleToEveryone,
  provisioningDrift,
  outdatedProvisioning,
];

/**
 * Rules that decide compliance controls (issue 17): run with RULES, but a well-run organisation passes them, so the
 * sample organisation need not show an example of each.
 */
export const CONTROL_RULES: Rule[] = [
  rootAccessKey,
  rootWithoutMfa,
  rootRecentlyUsed,
  accessKeyNotRotated,
  multipleActiveKeys,
  credentialsUnused,
  userDirectPolicy,
  unusedInitialKey,
  noSupportRole,
  cloudShellFullAccess,
  globalAdminCount,
  mfaNotForAll,
  noSignInRisk,
  noUserRisk,
  deviceCodeFlow,
  noMfaAzureManagement,
  noMfaAdminPortals,
  permanentPrivileged,
  passwordMinLength,
  passwordReuse,
];

/** What the engine runs after every snapshot (refresh-derived). */
export const ENGINE_RULES: Rule[] = [...RULES, ...CONTROL_RULES];

/** What refresh-derived runs: the engine's rules and the access-path rules. */
export const REFRESH_RULES: Rule[] = [...ENGINE_RULES, ...ACCESS_PATH_RULES];

export type { Rule, RuleHit } from "./rule";

export interface RuleCoverage {
  rule: string;
  title: string;
  /** Per source the rule looks at: whether every dataset it reads was collected, and which were not. */
  sources: { sourceId: string; sourceName: string; complete: boolean; missing: string[] }[];
}

function missingDatasets(rule: Rule, src: AnalyzedSource): string[] {
  const need = rule.datasets[src.model.kind] ?? [];
  return need.filter((d) => {
    const s = src.model.datasets[d];
    return s ? !s.collected : false; // a dataset never reported is not held against the rule
  });
}

/** Whether each rule had all it needs, per source (so "no findings" can be told apart from "could not check"). */
export function ruleCoverage(analysis: Analysis, rules: Rule[] = REFRESH_RULES): RuleCoverage[] {
  return rules.map((r) => ({
    rule: r.id,
    title: r.title,
    sources: analysis.sources
      .filter((s) => r.clouds.includes(s.model.kind))
      .map((s) => {
        const missing = missingDatasets(r, s);
        return { sourceId: s.model.sourceId, sourceName: s.model.sourceName, complete: missing.length === 0, missing };
      }),
  }));
}

const SEVERITY_ORDER = { critical: 0, high: 1, medium: 2, low: 3, info: 4 } as const;

/** Runs every enabled rule over an analysis; findings sorted by severity, rule, subject. */
export function runFindings(analysis: Analysis, rules: Rule[] = REFRESH_RULES): Finding[] {
  const out: Finding[] = [];
  for (const rule of rules) {
    if (analysis.config.disabledRules.includes(rule.id)) continue;
    const involved = (kind: SourceKind[]) => analysis.sources.filter((s) => kind.includes(s.model.kind));
    const allMissing = involved(rule.clouds).flatMap((s) =>
      missingDatasets(rule, s).map((d) => `${s.model.sourceName}: ${d}`),
    );
    for (const hit of rule.run(analysis)) {
      const missing = [
        ...(hit.source && !rule.acrossSources
          ? missingDatasets(rule, hit.source).map((d) => `${hit.source!.model.sourceName}: ${d}`)
          : allMissing),
        ...(hit.missing ?? []),
      ];
      out.push({
        rule: rule.id,
        severity: analysis.config.severity[rule.id] ?? hit.severity ?? rule.severity,
        source: hit.source?.model.sourceName ?? null,
        sourceId: hit.source?.model.sourceId ?? null,
        subjectKind: hit.subjectKind,
        subjectProviderId: hit.subjectProviderId,
        subject: hit.subject,
        explanation: hit.explanation,
        evidence: missing.length ? { ...hit.evidence, notCollected: missing } : hit.evidence,
        fix: hit.fix ?? rule.fix,
        complete: missing.length === 0,
        dataSource: rule.dataSource,
      });
    }
  }
  out.sort(
    (a, b) =>
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      a.rule.localeCompare(b.rule) ||
      a.subject.localeCompare(b.subject),
  );
  return out;
}

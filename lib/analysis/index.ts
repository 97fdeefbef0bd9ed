/**
 * Crosswalk analysis — pure functions over the shared model (no database, no network).
 *
 * Typical use (a service loads models with lib/db/load-snapshot.ts, then):
 *
 *   const catalog = await loadActionCatalog();                  // once per process (iam-data, ~22k actions)
 *   const access  = effectivePermissions(awsModel, userId, catalog);   // summary by service/level + bit sets
 *   const can     = canPrincipal(awsModel, userId, { action, resource, context }, catalog); // ./can-principal.ts
 *   const tier    = tierOf(model, principalId, catalog);         // admin/privileged/write/read/none + reasons
 *   const mfa     = mfaStatus(model, principalId, catalog);      // registered vs enforced (null = not collected)
 *   const ca      = caCoverage(entraModel, userId);              // every CA policy: applies/excluded/not in scope
 *   const people  = matchPeople([aws, entra], overrides);        // linked identities, method + confidence
 *   const a       = await analyze([aws, entra], { overrides, config });  // all of the above for every principal
 *   const found   = runFindings(a);                               // Finding[] (rules in ./findings/rules)
 *   const drift   = diffSnapshots(before, after, { before: tiers0, after: tiers1 });
 *
 * Per-model indexes and AWS evaluators are cached on the model object (WeakMap), so calling these helpers
 * repeatedly for one page of principals costs one index build.
 */
import type { ActionCatalog, AccessLevel } from "./action-catalog";
import { getOrInsertComputed } from "../get-or-insert";
import { analyzeSource, type AnalyzedSource } from "./analyze";
import {
  caCoverage as caCoverageOf,
  caCoverageMatrix as matrixOf,
  type CoverageMatrix,
  type UserCaSummary,
} from "./ca-coverage";
import {
  listAllowedActions,
  summarizePermissions,
  type ActionRow,
  type EffectivePermissions,
  type PermissionSummary,
} from "./effective-permissions";
import { awsMfaStatus, entraMfaStatus, type MfaStatus } from "./mfa";
import type { SourceModel } from "./source-model";
import { tierOf as tierOfIndex, type TierResult } from "./tiers";

export { loadActionCatalog, ACCESS_LEVELS, type ActionCatalog, type AccessLevel } from "./action-catalog";
export {
  analyze,
  analyzeSource,
  principalKey,
  type Analysis,
  type AnalyzedSource,
  type PrincipalAnalysis,
  type UserControls,
} from "./analyze";
export { ZAnalysisConfigSchema, parseAnalysisConfig, type AnalysisConfig, type AnalysisConfigInput } from "./config";
export type {
  EffectivePermissions,
  PermissionSummary,
  ActionRow,
  StatementRef,
  Decision,
} from "./effective-permissions";
export { TIER_RANK, maxTier, type TierResult } from "./tiers";
export { entraRoleTable, ENTRA_ROLE_TABLE_SOURCE, type EntraRoleInfo } from "./entra-roles";
export type { MfaStatus, BreakGlass } from "./mfa";
export type { PolicyCoverage, UserCaSummary, CoverageMatrix, MfaEnforcement, CoverageStatus } from "./ca-coverage";
export {
  matchPeople,
  fold,
  collapse,
  MATCH_METHODS,
  type MatchedPerson,
  type LinkOverride,
  type IdentityRef,
  type MatchMethod,
} from "./person-matching";
export { RULES, runFindings, ruleCoverage, type Rule, type RuleHit, type RuleCoverage } from "./findings";
export { diffSnapshots, type SnapshotDiff, type DriftSection, type TierChange } from "./drift";
export { sourceFromCase } from "./case-model";
export type { SourceModel } from "./source-model";

const cache = new WeakMap<SourceModel, WeakMap<ActionCatalog, AnalyzedSource>>();

/** The analysed form of a model (index, evaluator, CA facts), cached per model and catalogue. */
export function analyzed(model: SourceModel, catalog: ActionCatalog): AnalyzedSource {
  const byCat = getOrInsertComputed(cache, model, () => new WeakMap());
  return getOrInsertComputed(byCat, catalog, () => analyzeSource(model, catalog));
}

function evaluatorOf(model: SourceModel, catalog: ActionCatalog) {
  if (model.kind !== "aws") throw new Error("Effective permissions are computed for AWS sources");
  return analyzed(model, catalog).evaluator!;
}

/** AWS effective permissions of a principal: bit sets, a summary by access level and service, and a row list. */
export function effectivePermissions(
  model: SourceModel,
  principalId: string,
  catalog: ActionCatalog,
  filter: { service?: string; level?: AccessLevel; limit?: number } = {},
): { effective: EffectivePermissions; summary: PermissionSummary; actions: ActionRow[] } {
  const effective = evaluatorOf(model, catalog).effective(principalId);
  return {
    effective,
    summary: summarizePermissions(effective, catalog),
    actions: listAllowedActions(effective, catalog, filter),
  };
}

/** Privilege tier with reasons (and PIM-eligible tier apart) for any principal of either cloud. */
export function tierOf(model: SourceModel, principalId: string, catalog: ActionCatalog): TierResult {
  const a = analyzed(model, catalog);
  return tierOfIndex(a.index, principalId, a.evaluator);
}

/** MFA registered vs enforced for a principal of either cloud (null = not collected / unknown). */
export function mfaStatus(model: SourceModel, principalId: string, catalog: ActionCatalog): MfaStatus {
  const a = analyzed(model, catalog);
  const p = a.index.principal.get(principalId);
  if (!p) throw new Error(`No principal ${principalId} in ${model.sourceName}`);
  if (model.kind === "aws") return awsMfaStatus(a.evaluator!, p);
  return entraMfaStatus(a.index, p, a.caFacts, a.caCollected);
}

/** Every conditional-access policy of an Entra source evaluated for one user (applies / excluded / not in scope + why). */
export function caCoverage(model: SourceModel, userId: string, catalog: ActionCatalog): UserCaSummary {
  const a = analyzed(model, catalog);
  return caCoverageOf(a.index, userId, a.caFacts);
}

/** People × CA policies for a page of users. */
export function caCoverageMatrix(model: SourceModel, userIds: string[], catalog: ActionCatalog): CoverageMatrix {
  return matrixOf(analyzed(model, catalog).index, userIds);
}

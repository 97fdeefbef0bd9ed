import { isIdentityCloud, type Principal, type UserControls } from "../model";
import { type AccessPathAnalysis, analyzeAccessPaths } from "./access-paths/analysis";
import { federatedAwsTallies, type FederatedTally } from "./access-paths/federated";
import { type AzureEstate, azureEstates, foldAzureTiers } from "./azure/estates";
import { loadActionCatalog, type ActionCatalog } from "./action-catalog";
import { caCoverage, policyFactsOf, type PolicyFacts } from "./ca-coverage";
import { parseAnalysisConfig, type AnalysisConfig, type AnalysisConfigInput } from "./config";
import { createAwsEvaluator, type AwsEvaluator } from "./effective-permissions";
import { awsMfaStatus, caCollected, entraMfaStatus, type MfaStatus } from "./mfa";
import { matchPeople, type LinkOverride, type MatchedPerson } from "./person-matching";
import { indexSource, type SourceIndex, type SourceModel } from "./source-model";
import { tierOf, type TierResult } from "./tiers";

export interface AnalyzedSource {
  model: SourceModel;
  index: SourceIndex;
  /** AWS only. */
  evaluator: AwsEvaluator | null;
  /** Entra only: conditional-access policies, pre-digested. */
  caFacts: PolicyFacts[];
  caCollected: boolean;
}

export type { UserControls } from "../model";

export interface PrincipalAnalysis {
  source: AnalyzedSource;
  principal: Principal;
  tier: TierResult;
  mfa: MfaStatus;
  /** Entra users when conditional access was collected. */
  controls: UserControls | null;
}

/** Everything derived from the latest snapshots: tiers, MFA, controls, people. Rules read this. */
export interface Analysis {
  config: AnalysisConfig;
  now: Date;
  catalog: ActionCatalog;
  sources: AnalyzedSource[];
  principals: Map<string, PrincipalAnalysis>;
  people: MatchedPerson[];
  personOf: Map<string, MatchedPerson>;
  /** Paths from Entra users to AWS accounts (Identity Center, SAML); null without an Entra tenant and AWS to reach. */
  accessPaths: AccessPathAnalysis<AnalyzedSource> | null;
  /** Each Entra user's usable AWS access through those paths, by principalKey (the person's AWS tier takes it in). */
  federatedAws: Map<string, FederatedTally>;
  /** Each Azure estate beside the Entra source of its tenant: grants, hierarchy, rule context. */
  azure: AzureEstate<AnalyzedSource>[];
  get(sourceId: string, providerId: string): PrincipalAnalysis | undefined;
}

export const principalKey = (sourceId: string, providerId: string) => `${sourceId}\u0000${providerId}`;

export function analyzeSource(model: SourceModel, catalog: ActionCatalog): AnalyzedSource {
  const index = indexSource(model);
  return {
    model,
    index,
    evaluator: model.kind === "aws" ? createAwsEvaluator(index, catalog) : null,
    caFacts: model.kind === "entra" ? policyFactsOf(index) : [],
    caCollected: model.kind === "entra" ? caCollected(index) : false,
  };
}

/** Tier, MFA and controls of one principal. */
export function analyzePrincipal(src: AnalyzedSource, p: Principal): PrincipalAnalysis {
  const tier = tierOf(src.index, p.providerId, src.evaluator);
  if (src.model.kind === "aws") {
    const mfa = p.kind === "user" || p.kind === "role" ? awsMfaStatus(src.evaluator!, p) : nullMfa();
    return { source: src, principal: p, tier, mfa, controls: null };
  }
  if (p.kind !== "user") return { source: src, principal: p, tier, mfa: nullMfa(), controls: null };
  const summary = src.caCollected ? caCoverage(src.index, p.providerId, src.caFacts, false) : undefined;
  const mfa = entraMfaStatus(src.index, p, src.caFacts, src.caCollected, summary);
  const controls = summary
    ? {
        mfaPolicies: summary.mfaPolicies,
        blocksLegacyAuth: summary.blocksLegacyAuth,
        restrictsLocation: summary.restrictsLocation,
        excludedFrom: summary.excludedFrom,
      }
    : null;
  return { source: src, principal: p, tier, mfa, controls };
}

/** Returns one shared instance per distinct value (by JSON); the values are never mutated after analysis. */
function interner(): <T>(v: T) => T {
  const seen = new Map<string, unknown>();
  return <T>(v: T): T => {
    const k = JSON.stringify(v);
    const hit = seen.get(k);
    if (hit !== undefined) return hit as T;
    seen.set(k, v);
    return v;
  };
}

function nullMfa(): MfaStatus {
  return { registered: null, enforced: null, enforcement: null, via: [], caveats: [], gap: null, breakGlass: null };
}

/**
 * Analyses the latest complete snapshot of every source together. Pure: no database, no network (the action
 * catalogue is loaded from the iam-data package once per process).
 */
export async function analyze(
  models: SourceModel[],
  options: {
    overrides?: LinkOverride[];
    config?: AnalysisConfigInput;
    now?: Date;
    catalog?: ActionCatalog;
    /** Called between steps (after each source's principals, after matching): refresh-derived collects garbage. */
    betweenSteps?: () => void;
  } = {},
): Promise<Analysis> {
  const catalog = options.catalog ?? (await loadActionCatalog());
  const config = parseAnalysisConfig(options.config);
  const sources = models.map((m) => analyzeSource(m, catalog));
  const principals = new Map<string, PrincipalAnalysis>();
  // Most of 100k users share one of a few dozen outcomes (tier, MFA, controls): one object each, not one per user.
  // AWS tiers are already shared per policy combination (tiers.ts) and name the groups, so they rarely repeat:
  // interning them would only hold a key per principal.
  const shared = interner();
  for (const src of sources) {
    // An organisation's Identity Center users and an Azure estate are not IAM or Entra identities: the per-identity
    // analysis (tiers, MFA, controls) does not apply to them; they reach people through access paths.
    if (!isIdentityCloud(src.model.kind)) continue;
    for (const p of src.model.principals) {
      const pa = analyzePrincipal(src, p);
      if (src.model.kind !== "aws") pa.tier = shared(pa.tier);
      pa.mfa = shared(pa.mfa);
      if (pa.controls) pa.controls = shared(pa.controls);
      principals.set(principalKey(src.model.sourceId, p.providerId), pa);
    }
    options.betweenSteps?.();
  }
  // The pass above memoized every member's transitive groups and many policy combinations' bit sets (~150 MB at
  // 100k principals); rules read only index.principal and explain a few principals, so they start from fresh lookups.
  for (const src of sources) {
    src.index = indexSource(src.model);
    if (src.evaluator) src.evaluator = createAwsEvaluator(src.index, catalog);
  }
  options.betweenSteps?.();
  const people = matchPeople(models, options.overrides ?? []);
  options.betweenSteps?.();
  const personOf = new Map<string, MatchedPerson>();
  for (const person of people)
    for (const i of person.identities) personOf.set(principalKey(i.sourceId, i.providerId), person);
  const accessPaths = analyzeAccessPaths(sources, catalog);
  const federatedAws = new Map<string, FederatedTally>();
  if (accessPaths)
    for (const [userId, t] of federatedAwsTallies(accessPaths.paths))
      federatedAws.set(principalKey(accessPaths.entra.model.sourceId, userId), t);
  // Azure RBAC belongs to the Entra side of a person: a user's Entra tier takes in their Azure roles.
  const azure = azureEstates(sources);
  foldAzureTiers(azure, (sourceId, userId) => principals.get(principalKey(sourceId, userId)));
  options.betweenSteps?.();
  return {
    config,
    now: options.now ?? new Date(),
    catalog,
    sources,
    principals,
    people,
    personOf,
    accessPaths,
    federatedAws,
    azure,
    get: (sourceId, providerId) => principals.get(principalKey(sourceId, providerId)),
  };
}

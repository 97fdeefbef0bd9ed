import type { Assignment, PermissionSet, Principal, SourceModel, Tier } from "../../model";
import type { ActionCatalog } from "../action-catalog";
import { and, andNot, orInto } from "../bitset";
import { createAwsEvaluator, type AwsEvaluator, type EffectivePermissions } from "../effective-permissions";
import type { Bits } from "../bitset";
import { indexSource, type SourceIndex } from "../source-model";
import { awsTier, passedVia, type TierResult, withPassedRoles } from "../tiers";
import { type Ceiling, type ChainCeiling, ceilingFor, chainCeiling, type GuardrailLevel } from "./guardrails";

/** A tier on the one scale with its reasons in words; tier null = could not be computed (see reasons). */
export interface PathTier {
  tier: Tier | null;
  reasons: string[];
}

/** The evaluator of one AWS account's IAM model, built on first use. */
export interface AccountIam {
  model: SourceModel;
  index: SourceIndex;
  evaluator: AwsEvaluator;
  roleByArn: Map<string, Principal>;
  rolesByName: Map<string, Principal>;
}

export function accountIam(model: SourceModel, cat: ActionCatalog): AccountIam {
  const index = indexSource(model);
  const roles = model.principals.filter((p) => p.kind === "role");
  return {
    model,
    index,
    evaluator: createAwsEvaluator(index, cat),
    roleByArn: new Map(roles.filter((r) => r.arn).map((r) => [r.arn!, r])),
    rolesByName: new Map(roles.map((r) => [r.name, r])),
  };
}

const SSO_SUFFIX = /^[0-9a-f]{16}$/i;

/**
 * The role IAM Identity Center creates in an account for a permission set: `AWSReservedSSO_<name>_<16 hex>` under
 * the path /aws-reserved/sso.amazonaws.com/.
 * NOTE: https://docs.aws.amazon.com/singlesignon/latest/userguide/referencingpermissionsets.html
 */
export function reservedSsoRole(iam: AccountIam, permissionSetName: string): Principal | null {
  const prefix = `AWSReservedSSO_${permissionSetName}_`;
  for (const [name, role] of iam.rolesByName)
    if (name.startsWith(prefix) && SSO_SUFFIX.test(name.slice(prefix.length))) return role;
  return null;
}

/** The SCP levels' identity: one ceiling per chain (and per role when a Deny names principals). */
function chainKey(levels: GuardrailLevel[]): string {
  return levels.map((l) => l.policies.map((p) => p.providerId).join(",")).join("/");
}

function masked(eff: EffectivePermissions, c: Ceiling): EffectivePermissions {
  const allowed = andNot(and(eff.allowed, c.any), c.denied);
  const fullAccess = andNot(and(eff.fullAccess, c.full), c.denied);
  const unconditional = and(eff.unconditional, allowed);
  const partlyDenied = orInto(and(eff.partlyDenied, allowed), and(allowed, c.partial));
  return { ...eff, allowed, fullAccess, unconditional, partlyDenied };
}

/** Ceilings memoised by chain, shared by every path of a run. */
export type CeilingCache = Map<string, ChainCeiling>;

/** A tier under the SCPs with what it was computed from: the tier result and the permissions left by the SCPs. */
interface ScpTier {
  path: PathTier;
  result: TierResult;
  allowed: Bits;
}

/** Tiers memoised by (the role's policies, the SCP ceiling): accounts that share both share the answer. */
const tierMemo = new WeakMap<CeilingCache, Map<string, ScpTier>>();

/**
 * The tier of a role after the SCPs over its account. `levels` null = SCPs not collected (the tier is the role's own,
 * said so); [] = no SCP applies (management account, or SCPs not enabled).
 */
export function tierUnderScps(
  ev: AwsEvaluator,
  roleId: string,
  roleArn: string | null,
  levels: GuardrailLevel[] | null,
  cache: CeilingCache,
): PathTier {
  return scpTier(ev, roleId, roleArn, levels, cache).path;
}

function scpTier(
  ev: AwsEvaluator,
  roleId: string,
  roleArn: string | null,
  levels: GuardrailLevel[] | null,
  cache: CeilingCache,
): ScpTier {
  let ceiling: Ceiling | null = null;
  let ceilingKey = levels === null ? "?" : "";
  if (levels?.length) {
    const chain = chainKey(levels);
    let c = cache.get(chain);
    if (!c) {
      c = chainCeiling(ev.catalog, levels);
      cache.set(chain, c);
    }
    ceiling = ceilingFor(c, roleArn);
    // The variant (which principal Denies hit this role) is part of the key: its denials list names them.
    ceilingKey = `${chain}|${ceiling === c.base ? "" : ceiling.denials.join(";")}`;
  }
  // The same AWS managed policies under the same SCPs give the same tier in every account: compute it once.
  const sources = ev.sourcesOf(roleId);
  const memoKey = `${sources
    .map((s) => `${s.permissionSet.providerId}|${s.via}`)
    .sort()
    .join(",")}#${ceilingKey}`;
  let memo = tierMemo.get(cache);
  if (!memo) {
    memo = new Map();
    tierMemo.set(cache, memo);
  }
  const hit = memo.get(memoKey);
  if (hit) return hit;
  const eff = ev.effective(roleId);
  const reasons: string[] = [];
  let effective = eff;
  if (levels === null) reasons.push("SCPs not collected: the tier is the role's own policies, before SCPs");
  else if (ceiling) {
    effective = masked(eff, ceiling);
    reasons.push(...ceiling.denials);
  }
  const t = awsTier(ev, roleId, effective, roleArn);
  reasons.unshift(...t.reasons.slice(0, 3).map((r) => `${r.permissionSet}: ${r.detail}`));
  const out = { path: { tier: t.tier, reasons }, result: t, allowed: effective.allowed };
  memo.set(memoKey, out);
  return out;
}

/**
 * The tier of a role of an account (an Identity Center AWSReservedSSO_ role, a SAML role) under the SCPs, with the
 * roles it can pass to services that run its code followed step by step, each under the same SCPs (issue 11): a
 * permission set that can pass an admin role to Lambda gives admin access to the account. The passed roles are the
 * account's own; a role already on the chain counts with its own tier (a cycle adds nothing).
 */
export function accountRoleTier(
  iam: AccountIam,
  role: Principal,
  levels: GuardrailLevel[] | null,
  cache: CeilingCache,
): PathTier {
  return withPassedRolesUnderScps(iam, role, levels, cache, new Set()).path;
}

function withPassedRolesUnderScps(
  iam: AccountIam,
  role: Principal,
  levels: GuardrailLevel[] | null,
  cache: CeilingCache,
  chain: Set<string>,
): { path: PathTier; result: TierResult } {
  const base = scpTier(iam.evaluator, role.providerId, role.arn, levels, cache);
  if (base.result.tier === "admin") return base;
  chain.add(role.providerId);
  const result = withPassedRoles(
    iam.index,
    iam.evaluator,
    role.providerId,
    base.result,
    (passed) => {
      if (chain.has(passed.providerId))
        return { tier: scpTier(iam.evaluator, passed.providerId, passed.arn, levels, cache).result.tier };
      const t = withPassedRolesUnderScps(iam, passed, levels, cache, chain).result;
      return { tier: t.tier, via: passedVia(t) };
    },
    base.allowed,
  );
  chain.delete(role.providerId);
  if (result === base.result) return base;
  const own = new Set(base.result.reasons.map((r) => `${r.permissionSet}: ${r.detail}`));
  return {
    result,
    path: {
      tier: result.tier,
      reasons: [
        ...result.reasons.slice(0, 3).map((r) => `${r.permissionSet}: ${r.detail}`),
        // The SCP and other notes of the role's own tier stay.
        ...base.path.reasons.filter((r) => !own.has(r)),
      ],
    },
  };
}

/** What a permission set's definition lacks to be evaluated without the account's AWSReservedSSO_ role. */
export interface DefinitionGaps {
  /** Policies that allow, not collected (the tier is then a lower bound). */
  allow: string[];
  /** A boundary not collected (the tier is then an upper bound). */
  boundary: string | null;
}

interface DefinitionModel {
  iam: AccountIam;
  gaps: Map<string, DefinitionGaps>;
}

const str = (v: unknown) => (typeof v === "string" ? v : null);

/**
 * One IAM model with a role per permission set, built from the definitions (inline policy, AWS managed policies from
 * `managed`, boundary): the tier of a permission set where the account's own role was not collected.
 */
export function definitionModel(
  sets: PermissionSet[],
  managed: Map<string, PermissionSet>,
  cat: ActionCatalog,
): DefinitionModel {
  const principals: Principal[] = [];
  const permissionSets: PermissionSet[] = [];
  const assignments: Assignment[] = [];
  const gaps = new Map<string, DefinitionGaps>();
  const used = new Set<string>();
  for (const ps of sets) {
    const roleId = `ps:${ps.providerId}`;
    const gap: DefinitionGaps = { allow: [], boundary: null };
    principals.push({
      kind: "role",
      providerId: roleId,
      name: `AWSReservedSSO_${ps.name}`,
      displayName: ps.name,
      arn: null,
      email: null,
      upn: null,
      enabled: null,
      guest: null,
      createdAt: null,
      lastActivityAt: null,
      mfaRegistered: null,
      attributes: {},
      tags: {},
      raw: null,
    });
    if (ps.statements.length)
      permissionSets.push({ ...ps, kind: "inlinePolicy", providerId: `${roleId}#inline`, ownerProviderId: roleId });
    const arns = Array.isArray(ps.attributes.managedPolicyArns) ? (ps.attributes.managedPolicyArns as unknown[]) : [];
    for (const arn of arns.map(str).filter((a): a is string => !!a)) {
      const m = managed.get(arn);
      if (!m) {
        gap.allow.push(arn);
        continue;
      }
      if (!used.has(arn)) permissionSets.push(m);
      used.add(arn);
      assignments.push({
        principalProviderId: roleId,
        permissionSetProviderId: arn,
        scope: "/",
        kind: "direct",
        attributes: {},
      });
    }
    const refs = Array.isArray(ps.attributes.customerManagedPolicyReferences)
      ? (ps.attributes.customerManagedPolicyReferences as { name?: unknown; path?: unknown }[])
      : [];
    for (const r of refs) gap.allow.push(`customer managed policy ${str(r.path) ?? "/"}${str(r.name) ?? "?"}`);
    const b = ps.attributes.permissionsBoundary as
      | { managedPolicyArn?: unknown; customerManagedPolicyReference?: { name?: unknown; path?: unknown } }
      | null
      | undefined;
    const bArn = str(b?.managedPolicyArn);
    if (bArn && managed.get(bArn)) {
      if (!used.has(bArn)) permissionSets.push(managed.get(bArn)!);
      used.add(bArn);
      assignments.push({
        principalProviderId: roleId,
        permissionSetProviderId: bArn,
        scope: "/",
        kind: "boundary",
        attributes: {},
      });
    } else if (bArn) gap.boundary = bArn;
    else if (b?.customerManagedPolicyReference)
      gap.boundary = `customer managed policy ${str(b.customerManagedPolicyReference.path) ?? "/"}${str(b.customerManagedPolicyReference.name) ?? "?"}`;
    gaps.set(ps.providerId, gap);
  }
  const model: SourceModel = {
    sourceId: "permission-set-definitions",
    sourceName: "permission set definitions",
    kind: "aws",
    snapshotId: "",
    finishedAt: null,
    datasets: {},
    principals,
    memberships: [],
    permissionSets,
    assignments,
    accessControls: [],
    namedLocations: [],
  };
  return { iam: accountIam(model, cat), gaps };
}

/**
 * The tier of a permission set from its definition: exact when every policy was collected; with allowing policies
 * missing, only an admin result stands (a lower bound that is already the top); with the boundary missing, unknown.
 */
export function definitionTier(
  dm: DefinitionModel,
  permissionSetArn: string,
  levels: GuardrailLevel[] | null,
  roleArn: string | null,
  cache: CeilingCache,
): PathTier {
  const gaps = dm.gaps.get(permissionSetArn) ?? { allow: [], boundary: null };
  const t = tierUnderScps(dm.iam.evaluator, `ps:${permissionSetArn}`, roleArn, levels, cache);
  if (gaps.boundary)
    return { tier: null, reasons: [`permissions boundary ${gaps.boundary} not collected`, ...t.reasons] };
  if (gaps.allow.length && t.tier !== "admin")
    return {
      tier: null,
      reasons: [`not collected: ${gaps.allow.join(", ")} (the policies collected give ${t.tier})`, ...t.reasons],
    };
  return t;
}

import type { MfaEnforcement, MfaStatus, Principal, Statement } from "../model";

export type { MfaStatus } from "../model";
export type BreakGlass = NonNullable<MfaStatus["breakGlass"]>;
import { expandPatterns } from "./action-catalog";
import { andNot, popcount } from "./bitset";
import { caCoverage, type PolicyFacts, type UserCaSummary } from "./ca-coverage";
import type { AwsEvaluator } from "./effective-permissions";
import { GLOBAL_ADMINISTRATOR } from "./entra-roles";
import type { SourceIndex } from "./source-model";
import { activeRoleTemplateIds } from "./ca-coverage";

const MFA_KEY = "aws:multifactorauthpresent";

/** The MFA-absent test a Deny statement uses, if any. */
export function mfaDenyKind(s: Statement): "boolIfExists" | "bool" | "null" | null {
  if (s.effect !== "Deny" || !s.conditions) return null;
  for (const [op, kv] of Object.entries(s.conditions)) {
    for (const [key, values] of Object.entries(kv)) {
      if (key.toLowerCase() !== MFA_KEY) continue;
      const v = values.map((x) => x.toLowerCase());
      const o = op.toLowerCase();
      if (o === "boolifexists" && v.includes("false")) return "boolIfExists";
      if (o === "bool" && v.includes("false")) return "bool";
      if (o === "null" && v.includes("true")) return "null";
    }
  }
  return null;
}

/** Statements that do not only test MFA: a Deny that also tests e.g. the source IP is narrower. */
function otherConditionKeys(s: Statement): string[] {
  return Object.values(s.conditions ?? {})
    .flatMap((kv) => Object.keys(kv))
    .filter((k) => k.toLowerCase() !== MFA_KEY);
}

const ENFORCED_SHARE = 0.9;

// Share of the catalogue a Deny statement covers, per statement object (policies are shared by many principals).
const shareOf = new WeakMap<Statement, number>();

function registeredOf(p: Principal): boolean | null {
  if (p.mfaRegistered !== null) return p.mfaRegistered;
  const d = p.attributes.mfaDevices;
  return typeof d === "number" ? d > 0 : null;
}

function gapOf(registered: boolean | null, enforced: boolean | null): MfaStatus["gap"] {
  if (registered === true && enforced === false) return "registeredNotEnforced";
  if (registered === false && enforced === true) return "enforcedNotRegistered";
  return null;
}

/**
 * AWS: a Deny in the principal's own or group policies whose condition is "MFA absent" (BoolIfExists false, Bool
 * false, Null true on aws:MultiFactorAuthPresent), over (nearly) all actions. Roles: an MFA condition on trust.
 * NOTE: aws:MultiFactorAuthPresent is absent for long-term access keys, so `Bool … false` does not stop them —
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-multifactorauthpresent
 */
export function awsMfaStatus(ev: AwsEvaluator, principal: Principal): MfaStatus {
  const registered = registeredOf(principal);
  if (principal.kind === "role") {
    const trust = principal.attributes.trust ?? [];
    const human = trust.filter((t) => t.type === "account" || t.type === "principal" || t.type === "wildcard");
    if (!human.length)
      return {
        registered: null,
        enforced: null,
        enforcement: null,
        via: [],
        caveats: ["assumed by services or federation; MFA is the identity provider's"],
        gap: null,
        breakGlass: null,
      };
    const withMfa = human.filter((t) =>
      Object.entries(t.conditions ?? {}).some(
        ([op, kv]) =>
          /^bool/i.test(op) && Object.entries(kv).some(([k, v]) => k.toLowerCase() === MFA_KEY && v.includes("true")),
      ),
    );
    const enforcement: MfaEnforcement =
      withMfa.length === human.length ? "enforced" : withMfa.length ? "partial" : "none";
    return {
      registered: null,
      enforced: enforcement === "enforced",
      enforcement,
      via: withMfa.map((t) => `trust policy requires MFA of ${t.value}`),
      caveats:
        withMfa.length && withMfa.length < human.length
          ? ["some trusted principals may assume the role without MFA"]
          : [],
      gap: null,
      breakGlass: null,
    };
  }
  const cat = ev.catalog;
  let best = "none" as MfaEnforcement;
  const via: string[] = [];
  const caveats: string[] = [];
  const hasKeys = (principal.attributes.credentials ?? []).some((c) => c.type === "accessKey" && c.active);
  for (const src of ev.sourcesOf(principal.providerId)) {
    if (src.via === "boundary") continue;
    src.permissionSet.statements.forEach((s, i) => {
      const kind = mfaDenyKind(s);
      if (!kind) return;
      let share = shareOf.get(s);
      if (share === undefined) {
        const bits = s.actions.length
          ? expandPatterns(cat, s.actions).bits
          : andNot(cat.all, expandPatterns(cat, s.notActions).bits);
        share = popcount(bits) / cat.size;
        shareOf.set(s, share);
      }
      const where = `${src.permissionSet.name} ${s.sid ? `statement ${s.sid}` : `statement #${i + 1}`}${src.via === "group" ? ` (group ${src.viaName})` : ""}`;
      const others = otherConditionKeys(s);
      let level: MfaEnforcement =
        share >= ENFORCED_SHARE && s.resources.includes("*") && !others.length ? "enforced" : "partial";
      if (level === "partial")
        caveats.push(
          `${where} denies only ${Math.round(share * 100)}% of actions without MFA${others.length ? ` and also tests ${others.join(", ")}` : ""}`,
        );
      if (kind === "bool" && hasKeys) {
        level = "partial";
        caveats.push(
          `${where} uses Bool: requests signed with the user's access keys are not covered (use BoolIfExists)`,
        );
      }
      if (kind === "null") {
        level = "partial";
        caveats.push(`${where} uses Null: only requests without MFA context (access keys) are denied`);
      }
      via.push(`${where}: Deny without MFA (${kind})`);
      if (level === "enforced" || best === "none") best = level;
    });
  }
  const enforced = best === "enforced";
  return {
    registered,
    enforced,
    enforcement: best,
    via,
    caveats: enforced ? [] : caveats,
    gap: gapOf(registered, enforced),
    breakGlass: null,
  };
}

const BREAK_GLASS_NAME = /break[-_. ]?glass|emergency[-_. ]?(access|admin)|\bbg[-_.]?admin|\bbreakglass/i;

/** Entra: enabled CA policies (see ca-coverage.ts). `caCollected` false → enforcement unknown (null). */
export function entraMfaStatus(
  index: SourceIndex,
  principal: Principal,
  facts: PolicyFacts[],
  caCollected: boolean,
  summary?: UserCaSummary,
): MfaStatus {
  const registered = registeredOf(principal);
  if (principal.kind !== "user") {
    return { registered: null, enforced: null, enforcement: null, via: [], caveats: [], gap: null, breakGlass: null };
  }
  const named = BREAK_GLASS_NAME.test(`${principal.name} ${principal.displayName}`);
  if (!caCollected) {
    return {
      registered,
      enforced: null,
      enforcement: null,
      via: [],
      caveats: ["conditional-access policies were not collected (Policy.Read.All / Entra ID P1)"],
      gap: null,
      breakGlass: named ? { reason: `named like an emergency-access account (${principal.name})` } : null,
    };
  }
  const s = summary ?? caCoverage(index, principal.providerId, facts);
  const enforced = s.enforcement === "enforced";
  let breakGlass: BreakGlass | null = null;
  const isGa = activeRoleTemplateIds(index, principal.providerId).has(GLOBAL_ADMINISTRATOR);
  const applying = s.coverage.filter((c) => c.enforcing && c.requiresMfa).length;
  if (named) breakGlass = { reason: `named like an emergency-access account (${principal.name})` };
  else if (isGa && s.mfaExcludedFrom.length > 0 && s.mfaExcludedFrom.length >= applying) {
    breakGlass = {
      reason: `Global Administrator excluded from ${s.mfaExcludedFrom.length} of ${s.mfaExcludedFrom.length + applying} MFA policies: ${s.mfaExcludedFrom.join(", ")}`,
    };
  }
  return {
    registered,
    enforced,
    enforcement: s.enforcement,
    via: s.mfaPolicies,
    caveats: s.caveats,
    gap: gapOf(registered, enforced),
    breakGlass,
  };
}

/** Dataset names under which connectors report conditional-access collection. */
export const CA_DATASETS = ["conditionalAccessPolicies", "conditionalAccess"];

export function caCollected(index: SourceIndex): boolean {
  const ds = index.model.datasets;
  const reported = CA_DATASETS.map((n) => ds[n]).filter((d) => d !== undefined);
  if (reported.length) return reported.some((d) => d!.collected);
  // Not reported at all: trust the data only if some policies arrived.
  return index.model.accessControls.length > 0;
}

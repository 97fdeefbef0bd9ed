import type { AccessControlInput, ControlState } from "../../model";

/**
 * Conditional-access policy (Graph v1.0 `conditionalAccessPolicy`, https://learn.microsoft.com/graph/api/resources/conditionalaccesspolicy) → AccessControl.
 *
 * Nothing is dropped silently: every field read is marked as mapped; after mapping, every leaf of the policy that was
 * not read and carries information (not null, not [], not {}) is kept in `unmapped` under its dotted path, as the
 * raw value (a whole sub-object when none of it was read). Empty values say "condition not set", which the model
 * expresses as null / [] already.
 */

/** Graph's policy states and what each means here. */
export const CA_STATES: Record<string, ControlState> = {
  enabled: "on",
  disabled: "off",
  enabledForReportingButNotEnforced: "reportOnly",
};

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => !!v && typeof v === "object" && !Array.isArray(v);

/** Is a value informative? null, "", [] and {} (recursively) say nothing. */
export function informative(v: unknown): boolean {
  if (v === null || v === undefined || v === "") return false;
  if (Array.isArray(v)) return v.length > 0;
  if (isObj(v)) return Object.values(v).some(informative);
  return true;
}

/** Reads a policy and remembers which paths it read. */
class Tracker {
  readonly taken = new Set<string>();
  constructor(private readonly root: Obj) {}

  get(path: string): unknown {
    this.taken.add(path);
    let cur: unknown = this.root;
    for (const k of path.split(".")) cur = isObj(cur) ? cur[k] : undefined;
    return cur;
  }

  strings(path: string): string[] {
    const v = this.get(path);
    if (typeof v === "string") return v ? [v] : [];
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
  }

  /** null when not set (absent, null or empty); the list otherwise. */
  optStrings(path: string): string[] | null {
    const v = this.strings(path);
    return v.length ? v : null;
  }

  str(path: string): string | null {
    const v = this.get(path);
    return typeof v === "string" && v !== "" ? v : null;
  }

  bool(path: string): boolean | null {
    const v = this.get(path);
    return typeof v === "boolean" ? v : null;
  }

  /** A flags enum Graph writes comma-joined ("internalGuest,b2bCollaborationGuest"). */
  flags(path: string): string[] | null {
    const v = this.get(path);
    const list = typeof v === "string" ? v.split(",") : Array.isArray(v) ? v.map(String) : [];
    const out = list.map((s) => s.trim()).filter(Boolean);
    return out.length ? out : null;
  }

  /** Leaves not read, with information: path → raw value. */
  unmapped(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const anyTakenUnder = (p: string) => {
      for (const t of this.taken) if (t.startsWith(`${p}.`)) return true;
      return false;
    };
    const walk = (v: unknown, p: string) => {
      if (p && this.taken.has(p)) return;
      if (isObj(v) && (p === "" || anyTakenUnder(p))) {
        for (const [k, child] of Object.entries(v)) {
          // OData annotations are protocol metadata, not policy content.
          if (k.startsWith("@odata.")) continue;
          walk(child, p ? `${p}.${k}` : k);
        }
        return;
      }
      if (informative(v)) out[p] = v;
    };
    walk(this.root, "");
    return out;
  }
}

function filter(t: Tracker, path: string): { mode: string; rule: string } | null {
  const mode = t.str(`${path}.mode`);
  const rule = t.str(`${path}.rule`);
  return mode !== null || rule !== null ? { mode: mode ?? "include", rule: rule ?? "" } : null;
}

function externalTenants(t: Tracker, path: string) {
  const v = t.get(path);
  if (!isObj(v)) return null;
  t.get(`${path}.@odata.type`);
  const type = typeof v["@odata.type"] === "string" ? v["@odata.type"] : "";
  const kind =
    t.str(`${path}.membershipKind`) ??
    (/AllExternalTenants/i.test(type) ? "all" : /Enumerated/i.test(type) ? "enumerated" : null);
  return { membershipKind: kind, members: t.strings(`${path}.members`) };
}

export interface CaNormalizeResult {
  control: AccessControlInput;
  /** Dotted paths of the policy that were mapped into the model (for coverage tests and the UI). */
  mappedPaths: Set<string>;
}

/**
 * Maps one policy. `fallbackId` names a policy that has no id (templates and exports of unsaved policies), e.g. its
 * file path.
 */
export function normalizeCaPolicyDetailed(policy: Obj, fallbackId?: string): CaNormalizeResult {
  const t = new Tracker(policy);
  const id = t.str("id") ?? fallbackId ?? t.str("displayName") ?? "";
  const name = t.str("displayName") ?? id;
  const rawState = t.str("state");
  let state: ControlState = "off";
  if (rawState !== null && CA_STATES[rawState]) state = CA_STATES[rawState];
  else if (rawState !== null) t.taken.delete("state"); // unknown state: kept raw, treated as not enforced

  const c = "conditions";
  const u = `${c}.users`;
  const who = {
    includeUsers: t.strings(`${u}.includeUsers`),
    excludeUsers: t.strings(`${u}.excludeUsers`),
    includeGroups: t.strings(`${u}.includeGroups`),
    excludeGroups: t.strings(`${u}.excludeGroups`),
    includeRoles: t.strings(`${u}.includeRoles`),
    excludeRoles: t.strings(`${u}.excludeRoles`),
    includeGuestsOrExternalUsers: t.flags(`${u}.includeGuestsOrExternalUsers.guestOrExternalUserTypes`),
    excludeGuestsOrExternalUsers: t.flags(`${u}.excludeGuestsOrExternalUsers.guestOrExternalUserTypes`),
    includeExternalTenants: externalTenants(t, `${u}.includeGuestsOrExternalUsers.externalTenants`),
    excludeExternalTenants: externalTenants(t, `${u}.excludeGuestsOrExternalUsers.externalTenants`),
    includeServicePrincipals: t.strings(`${c}.clientApplications.includeServicePrincipals`),
    excludeServicePrincipals: t.strings(`${c}.clientApplications.excludeServicePrincipals`),
    servicePrincipalFilter: filter(t, `${c}.clientApplications.servicePrincipalFilter`),
  };

  const a = `${c}.applications`;
  const targets = {
    includeApplications: t.strings(`${a}.includeApplications`),
    excludeApplications: t.strings(`${a}.excludeApplications`),
    includeUserActions: t.strings(`${a}.includeUserActions`),
    includeAuthenticationContexts: t.strings(`${a}.includeAuthenticationContextClassReferences`),
    applicationFilter: filter(t, `${a}.applicationFilter`),
  };

  // NOTE: some exports write `"locations": []` for "not set" (AlexFilipin/ConditionalAccess templates).
  const conditions = {
    includeLocations: t.optStrings(`${c}.locations.includeLocations`),
    excludeLocations: t.optStrings(`${c}.locations.excludeLocations`),
    includePlatforms: t.optStrings(`${c}.platforms.includePlatforms`),
    excludePlatforms: t.optStrings(`${c}.platforms.excludePlatforms`),
    clientAppTypes: t.optStrings(`${c}.clientAppTypes`),
    signInRiskLevels: t.optStrings(`${c}.signInRiskLevels`),
    userRiskLevels: t.optStrings(`${c}.userRiskLevels`),
    servicePrincipalRiskLevels: t.optStrings(`${c}.servicePrincipalRiskLevels`),
    insiderRiskLevels: t.flags(`${c}.insiderRiskLevels`)?.join(",") ?? null,
    deviceFilter: filter(t, `${c}.devices.deviceFilter`),
    authenticationFlows: t.flags(`${c}.authenticationFlows.transferMethods`)?.join(",") ?? null,
    sourceIps: null,
    mfaMaxAgeSeconds: null,
  };

  const g = "grantControls";
  const builtIn = t.strings(`${g}.builtInControls`);
  const operator = t.str(`${g}.operator`);
  let authenticationStrength = null;
  if (isObj(t.get(`${g}.authenticationStrength`))) {
    t.taken.delete(`${g}.authenticationStrength`);
    authenticationStrength = {
      id: t.str(`${g}.authenticationStrength.id`),
      displayName: t.str(`${g}.authenticationStrength.displayName`),
      allowedCombinations: t.strings(`${g}.authenticationStrength.allowedCombinations`),
    };
  }
  const s = "sessionControls";
  let session = null;
  if (isObj(t.get(s))) {
    t.taken.delete(s);
    // A disabled session control has no effect: it maps to null (its settings are read, not kept).
    // Older exports omit isEnabled on a configured control: configured then means enabled.
    const enabled = (path: string) => {
      const flag = t.bool(`${path}.isEnabled`);
      const obj = t.get(path);
      const on = flag === true || (flag === null && informative(obj));
      if (on) t.taken.delete(path);
      return on;
    };
    const sif = `${s}.signInFrequency`;
    const pb = `${s}.persistentBrowser`;
    const cas = `${s}.cloudAppSecurity`;
    session = {
      signInFrequency: enabled(sif)
        ? {
            value: typeof t.get(`${sif}.value`) === "number" ? (t.get(`${sif}.value`) as number) : null,
            type: t.str(`${sif}.type`),
            interval: t.str(`${sif}.frequencyInterval`),
            authenticationType: t.str(`${sif}.authenticationType`),
          }
        : null,
      persistentBrowser: enabled(pb) ? (t.str(`${pb}.mode`) ?? "always") : null,
      cloudAppSecurity: enabled(cas) ? (t.str(`${cas}.cloudAppSecurityType`) ?? "mcasConfigured") : null,
      applicationEnforcedRestrictions: t.bool(`${s}.applicationEnforcedRestrictions.isEnabled`) === true,
      disableResilienceDefaults: t.bool(`${s}.disableResilienceDefaults`),
      secureSignInSession: t.bool(`${s}.secureSignInSession.isEnabled`),
    };
  }
  const controls = {
    operator: operator === "AND" ? ("AND" as const) : ("OR" as const),
    block: builtIn.includes("block"),
    grant: builtIn.filter((b) => b !== "block"),
    authenticationStrength,
    termsOfUse: t.strings(`${g}.termsOfUse`),
    customFactors: t.strings(`${g}.customAuthenticationFactors`),
    session,
  };
  if (operator !== null && operator !== "AND" && operator !== "OR") t.taken.delete(`${g}.operator`);

  return {
    control: {
      kind: "conditionalAccess",
      providerId: id,
      name,
      state,
      who,
      targets,
      conditions,
      controls,
      unmapped: t.unmapped(),
      raw: policy,
    },
    mappedPaths: t.taken,
  };
}

export function normalizeCaPolicy(policy: Record<string, unknown>, fallbackId?: string): AccessControlInput {
  return normalizeCaPolicyDetailed(policy, fallbackId).control;
}

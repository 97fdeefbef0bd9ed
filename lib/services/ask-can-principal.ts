import { loadActionCatalog } from "../analysis";
import { type CanAnswer, type CanExtraPolicies, canPrincipal, type DecidingStatement } from "../analysis/can-principal";
import type { ContextValue } from "../analysis/evaluate";
import type { Db } from "../db/client";
import { getPrincipalRecord, policyDocuments, roleByArn } from "../db/inventory";
import { snapshotSource } from "../db/snapshots";
import { AppError } from "../errors";
import type { Statement } from "../model";
import { scopedModel } from "./snapshot-models";

/** The "Can it…?" form as the principal page sends it (query parameters). */
export interface CanForm {
  action?: string;
  resource?: string;
  /** One `key=value` a line; a key given on several lines is a multivalued key (`aws:TagKeys`). */
  context?: string;
}

/** A deciding statement with its text and, for a stored policy, the id of its policy page. */
export interface QuotedStatement extends DecidingStatement {
  policyPageId?: number;
}

export interface CanResult {
  /** The form as read back (trimmed), for the page to show. */
  form: { action: string; resource: string; context: string };
  answer:
    | (Omit<CanAnswer, "matched" | "nearMisses"> & { matched: QuotedStatement[]; nearMisses: QuotedStatement[] })
    | null;
  /** Bad input (a context line without `=`), one sentence. */
  error: string | null;
  /** Policy types that could take part but are not in the database: the answer is about what is collected. */
  notCollected: string[];
}

/** Actions whose resource is a role and whose resource policy is that role's trust policy. */
const TRUST_ACTIONS = new Set(
  [
    "sts:AssumeRole",
    "sts:AssumeRoleWithSAML",
    "sts:AssumeRoleWithWebIdentity",
    "sts:TagSession",
    "sts:SetSourceIdentity",
    "sts:SetContext",
  ].map((a) => a.toLowerCase()),
);

/** `key=value` lines → context; a repeated key is multivalued. Throws BAD_INPUT naming the line. */
export function parseContextLines(text: string): Record<string, ContextValue> {
  const out: Record<string, string[]> = {};
  const lines = text.split(/\r?\n/);
  lines.forEach((line, i) => {
    const t = line.trim();
    if (!t) return;
    const eq = t.indexOf("=");
    if (eq <= 0) throw new AppError("BAD_INPUT", `Context line ${i + 1} ("${t}") is not key=value`);
    const key = t.slice(0, eq).trim();
    const lower = Object.keys(out).find((k) => k.toLowerCase() === key.toLowerCase()) ?? key;
    out[lower] = [...(out[lower] ?? []), t.slice(eq + 1).trim()];
  });
  return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, v.length === 1 ? v[0]! : v]));
}

/**
 * Answers "can this AWS principal call this action on this resource, with this context?" with the exact evaluator
 * over its stored identity policies, group policies and permission boundary, and — for `sts:AssumeRole` and friends on
 * a role of the same snapshot — that role's trust policy as the resource policy.
 */
export async function askCanPrincipal(db: Db, id: number, form: CanForm): Promise<CanResult> {
  const read = {
    action: form.action?.trim() ?? "",
    resource: form.resource?.trim() || "*",
    context: form.context?.trim() ?? "",
  };
  const rec = await getPrincipalRecord(db, id);
  const snap = await snapshotSource(db, rec.snapshotId);
  if (snap.source.kind !== "aws" || (rec.kind !== "user" && rec.kind !== "role"))
    throw new AppError("BAD_INPUT", "“Can it…?” answers for AWS users and roles");
  const notCollected = [
    "Service and resource control policies (no organisation snapshot holds this account)",
    "Resource-based policies other than role trust policies (bucket, key, queue… policies are not collected)",
  ];
  if (!read.action) return { form: read, answer: null, error: null, notCollected };
  if (!/^[A-Za-z0-9-]+:[A-Za-z0-9*?]+$/.test(read.action.replace(/\s+/g, "")))
    return {
      form: read,
      answer: null,
      error: `"${read.action}" is not an action (service:Action, e.g. s3:GetObject)`,
      notCollected,
    };
  let context: Record<string, ContextValue>;
  try {
    context = parseContextLines(read.context);
  } catch (e) {
    return { form: read, answer: null, error: e instanceof Error ? e.message : String(e), notCollected };
  }
  const extra: CanExtraPolicies = {};
  if (TRUST_ACTIONS.has(read.action.replace(/\s+/g, "").toLowerCase())) {
    const role = await roleByArn(db, rec.snapshotId, read.resource);
    const attrs = (role?.attributes ?? {}) as { trustStatements?: Statement[] };
    const doc = (role?.raw as { AssumeRolePolicyDocument?: unknown } | null)?.AssumeRolePolicyDocument;
    if (role?.arn && attrs.trustStatements) {
      extra.resource = {
        policy: {
          providerId: `${role.arn} (trust policy)`,
          name: `${role.name} trust policy`,
          statements: attrs.trustStatements,
          document: doc ?? null,
        },
        owner: /^arn:[^:]+:iam::(\d{12}):/.exec(role.arn)?.[1] ?? "",
      };
    }
  }
  const [model, catalog] = await Promise.all([scopedModel(db, rec.snapshotId, [rec.providerId]), loadActionCatalog()]);
  // Scoped models carry statements, not documents: the documents give each policy's Version (policy variables are
  // read only in 2012-10-17 policies) and the text of the deciding statements; their rows give the policy page ids.
  const stored = await policyDocuments(
    db,
    rec.snapshotId,
    model.permissionSets.map((s) => s.providerId),
  );
  extra.documents = new Map(stored.map((d) => [d.providerId, d.document]));
  const pageId = new Map(stored.map((d) => [d.providerId, d.id]));
  const raw = canPrincipal(
    model,
    rec.providerId,
    { action: read.action, resource: read.resource, context },
    catalog,
    extra,
  );
  const quote = (m: DecidingStatement): QuotedStatement => {
    const id = m.policyProviderId ? pageId.get(m.policyProviderId) : undefined;
    return id ? { ...m, policyPageId: id } : m;
  };
  const answer = { ...raw, matched: raw.matched.map(quote), nearMisses: raw.nearMisses.map(quote) };
  const boundaryArn = (rec.attributes as { permissionsBoundaryArn?: string } | null)?.permissionsBoundaryArn;
  if (boundaryArn && !answer.policies.some((p) => p.type === "permissionsBoundary"))
    notCollected.unshift(`The permission boundary ${boundaryArn} (its document is not in this snapshot)`);
  return { form: read, answer, error: null, notCollected };
}

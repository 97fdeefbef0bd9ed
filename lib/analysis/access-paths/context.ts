import type { AccessHop, HierarchyNode, PermissionSet, Principal, SourceModel } from "../../model";
import type { ActionCatalog } from "../action-catalog";
import { policyFactsOf, type PolicyFacts } from "../ca-coverage";
import { caCollected } from "../mfa";
import { indexSource, type SourceIndex } from "../source-model";
import { type AppMfa, appMfa } from "./app-mfa";
import { accountIam, type AccountIam, type CeilingCache, definitionModel } from "./effective-tier";
import { type AccountGuardrails, type GuardrailIndex, guardrailsOf, indexGuardrails } from "./guardrails";

/** What the analysis reads: one Entra tenant, its AWS organisation (if any) and the member accounts' IAM models. */
export interface AccessPathInput {
  entra: SourceModel;
  /** The organisation snapshot (Organizations + Identity Center), with its `hierarchy`; null when there is none. */
  organization: SourceModel | null;
  /** IAM models of AWS accounts, each with `externalId` = its account id (organisation members or not). */
  accounts: SourceModel[];
  catalog: ActionCatalog;
  /** Service principal ids (or appIds) of the Identity Center enterprise app, when known better than by recognition. */
  identityCenterAppIds?: string[];
}

/** Lookups and memos shared by both kinds of path. */
export interface TraceContext {
  input: AccessPathInput;
  entra: SourceIndex;
  caFacts: PolicyFacts[];
  caCollected: boolean;
  /** group → its direct members (application assignment through a group reaches direct members only). */
  directMembers: Map<string, string[]>;
  guardrails: GuardrailIndex | null;
  accountNode: Map<string, HierarchyNode>;
  ceilings: CeilingCache;
  mfa(userId: string, appId: string | null): AppMfa;
  iam(accountId: string): AccountIam | null;
  guardrailsOf(accountId: string): AccountGuardrails | null;
  definitions(): ReturnType<typeof definitionModel>;
  hop(kind: AccessHop["kind"], id: string, name: string, attributes?: Record<string, unknown>): AccessHop;
  accountName(accountId: string): string;
}

export function traceContext(input: AccessPathInput): TraceContext {
  const entra = indexSource(input.entra);
  const caFacts = policyFactsOf(entra);
  const caOk = caCollected(entra);
  const directMembers = new Map<string, string[]>();
  for (const [member, groups] of entra.directGroupsOf)
    for (const g of groups) {
      const list = directMembers.get(g);
      if (list) list.push(member);
      else directMembers.set(g, [member]);
    }
  const org = input.organization;
  const guardrails = org ? indexGuardrails(org) : null;
  const accountNode = new Map(
    (org?.hierarchy ?? []).filter((n) => n.kind === "account").map((n) => [n.providerId, n] as const),
  );
  const models = new Map(input.accounts.filter((m) => m.externalId).map((m) => [m.externalId!, m] as const));
  const iams = new Map<string, AccountIam | null>();
  const mfaMemo = new Map<string, AppMfa>();
  const railMemo = new Map<string, AccountGuardrails | null>();
  const hops = new Map<string, AccessHop>();
  let defs: ReturnType<typeof definitionModel> | null = null;
  return {
    input,
    entra,
    caFacts,
    caCollected: caOk,
    directMembers,
    guardrails,
    accountNode,
    ceilings: new Map(),
    mfa(userId, appId) {
      const key = `${userId}|${appId ?? ""}`;
      let m = mfaMemo.get(key);
      if (!m) {
        m = appMfa(entra, userId, appId, caFacts, caOk);
        mfaMemo.set(key, m);
      }
      return m;
    },
    iam(accountId) {
      if (!iams.has(accountId)) {
        const m = models.get(accountId);
        iams.set(accountId, m ? accountIam(m, input.catalog) : null);
      }
      return iams.get(accountId) ?? null;
    },
    guardrailsOf(accountId) {
      if (!guardrails) return null;
      if (!railMemo.has(accountId)) railMemo.set(accountId, guardrailsOf(guardrails, accountId));
      return railMemo.get(accountId) ?? null;
    },
    definitions() {
      defs ??= definitionModel(
        (org?.permissionSets ?? []).filter((p) => p.kind === "identityCenterPermissionSet"),
        managedPolicies(input),
        input.catalog,
      );
      return defs;
    },
    // Hops are immutable and shared by every path through them (a large org has millions of paths).
    hop(kind, id, name, attributes) {
      // Attribute values are short strings/booleans: joining them is enough of a key (no JSON per call).
      const key = attributes ? `${kind}|${id}|${Object.entries(attributes).join(";")}` : `${kind}|${id}`;
      let h = hops.get(key);
      if (!h) {
        h = attributes ? { kind, id, name, attributes } : { kind, id, name };
        hops.set(key, h);
      }
      return h;
    },
    accountName(accountId) {
      return accountNode.get(accountId)?.name ?? models.get(accountId)?.sourceName ?? accountId;
    },
  };
}

/** AWS managed policies are the same in every account: any copy collected (org or member) serves them all. */
function managedPolicies(input: AccessPathInput): Map<string, PermissionSet> {
  const out = new Map<string, PermissionSet>();
  for (const m of [...(input.organization ? [input.organization] : []), ...input.accounts])
    for (const p of m.permissionSets)
      if (p.kind === "awsManagedPolicy" && !out.has(p.providerId)) out.set(p.providerId, p);
  return out;
}

/** The Entra user hop of a path. */
export function userHop(ctx: TraceContext, u: Principal): AccessHop {
  return ctx.hop("entraUser", u.providerId, u.upn ?? u.displayName);
}

import type { Severity } from "../../../model";
import type { AzureEstateModel, AzureGrant, Directory, hierarchyIndex } from "../access";

/** What an Azure rule reads: the estate, the Entra directory of its tenant, every grant, and the hierarchy. */
export interface AzureRuleContext {
  model: AzureEstateModel;
  dir: Directory;
  grants: AzureGrant[];
  index: ReturnType<typeof hierarchyIndex>;
}

/** One finding: the subject (a principal, role or subscription), the scope, why, and the evidence. */
export interface AzureHit {
  subjectKind: "principal" | "roleDefinition" | "subscription" | "classicAdministrator";
  subjectProviderId: string;
  subject: string;
  scope: string;
  explanation: string;
  evidence: Record<string, unknown>;
  severity?: Severity;
}

/** One Azure finding rule (one file each). `datasets` are what it needs; one not collected → incomplete. */
export interface AzureRule {
  id: string;
  title: string;
  severity: Severity;
  datasets: { azure: string[]; entra: string[] };
  fix: string;
  run(ctx: AzureRuleContext): AzureHit[];
}

/** The grant's holder in words: display name or UPN, else the object id. */
export const holderName = (g: AzureGrant) => g.principal?.upn ?? g.principal?.name ?? g.principalId;

/** The scope's name, kind and id for evidence. */
export function scopeEvidence(ctx: AzureRuleContext, scope: string) {
  const n = ctx.index.node(scope);
  return { scope, scopeName: n?.name ?? scope, scopeKind: n?.kind ?? null };
}

export const isSubscriptionOrAbove = (scope: string) =>
  /^\/subscriptions\/[^/]+$/i.test(scope) ||
  /^\/providers\/microsoft\.management\/managementgroups\//i.test(scope) ||
  scope === "/";

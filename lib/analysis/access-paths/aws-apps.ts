import type { Assignment, Principal } from "../../model";
import type { SourceIndex } from "../source-model";

/** A SAML app role value: the IAM role and the SAML provider it trusts, in either order (AWS accepts both). */
export interface SamlRoleValue {
  roleArn: string;
  providerArn: string;
  accountId: string;
}

const ROLE_ARN = /^arn:aws[a-z-]*:iam::(\d{12}):role\/.+$/;
const PROVIDER_ARN = /^arn:aws[a-z-]*:iam::(\d{12}):saml-provider\/.+$/;

/**
 * Parses `arn:aws:iam::ACCT:role/R,arn:aws:iam::ACCT:saml-provider/P` (the value the Entra AWS single-account SAML
 * tutorial puts in the app role and the `https://aws.amazon.com/SAML/Attributes/Role` claim). null for anything else.
 * NOTE: https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_create_saml_assertions.html — "role ARN
 * and provider ARN, separated by a comma", in either order.
 */
export function parseSamlRoleValue(value: unknown): SamlRoleValue | null {
  if (typeof value !== "string") return null;
  const parts = value.split(",").map((p) => p.trim());
  if (parts.length !== 2) return null;
  const roleArn = parts.find((p) => ROLE_ARN.test(p));
  const providerArn = parts.find((p) => PROVIDER_ARN.test(p));
  if (!roleArn || !providerArn) return null;
  const accountId = ROLE_ARN.exec(roleArn)![1]!;
  // A role trusts a provider of its own account only.
  if (PROVIDER_ARN.exec(providerArn)![1] !== accountId) return null;
  return { roleArn, providerArn, accountId };
}

/** How the AWS IAM Identity Center enterprise app was recognised among the tenant's service principals. */
export type AppRecognition = "configured" | "samlIdentifier" | "provisioningTemplate" | "name";

export interface IdentityCenterApp {
  servicePrincipal: Principal;
  recognisedBy: AppRecognition;
}

// NOTE: Identity Center's SAML service-provider metadata names https://<region>.signin.aws.amazon.com/platform/saml/…
// as its entity id and ACS URL; Entra keeps the entity id in the service principal's servicePrincipalNames.
// https://docs.aws.amazon.com/singlesignon/latest/userguide/idp-microsoft-entra.html
const IDC_SAML = /^https:\/\/[a-z0-9-]+\.signin\.aws(\.amazon\.com)?\/platform\/saml\//i;
// The gallery app's names: "AWS IAM Identity Center (successor to AWS Single Sign-On)", formerly "AWS Single Sign-On".
const IDC_NAME = /\bAWS (IAM Identity Center|Single Sign-On)\b/i;

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
}

/**
 * The service principals of the Identity Center enterprise app: the configured ids first, else those whose SAML
 * identifier is Identity Center's, else those with an AWS provisioning job, else by name (flagged).
 */
export function identityCenterApps(index: SourceIndex, configured: readonly string[] = []): IdentityCenterApp[] {
  const sps = index.model.principals.filter((p) => p.kind === "servicePrincipal");
  if (configured.length) {
    const set = new Set(configured);
    return sps
      .filter((p) => set.has(p.providerId) || set.has(String(p.attributes.appId ?? "")))
      .map((servicePrincipal) => ({ servicePrincipal, recognisedBy: "configured" as const }));
  }
  const tests: [AppRecognition, (p: Principal) => boolean][] = [
    ["samlIdentifier", (p) => strings(p.attributes.servicePrincipalNames).some((n) => IDC_SAML.test(n))],
    [
      "provisioningTemplate",
      (p) => {
        const prov = p.attributes.provisioning as { templateId?: unknown } | undefined;
        return typeof prov?.templateId === "string" && /^aws/i.test(prov.templateId);
      },
    ],
    ["name", (p) => IDC_NAME.test(p.displayName) || IDC_NAME.test(p.name)],
  ];
  for (const [how, test] of tests) {
    const hit = sps.filter(test);
    if (hit.length)
      return hit
        .sort((a, b) => a.providerId.localeCompare(b.providerId))
        .map((servicePrincipal) => ({ servicePrincipal, recognisedBy: how }));
  }
  return [];
}

/** Entra app-role assignments grouped by the service principal (resource) they grant a role of. */
export function appRoleAssignmentsByApp(index: SourceIndex): Map<string, Assignment[]> {
  const out = new Map<string, Assignment[]>();
  for (const a of index.model.assignments) {
    if (a.kind !== "appRole") continue;
    const list = out.get(a.scope);
    if (list) list.push(a);
    else out.set(a.scope, [a]);
  }
  return out;
}

/** The SAML role values of an app's assignments, when every role-carrying assignment names an AWS role. */
export function samlValueOf(a: Assignment): SamlRoleValue | null {
  return parseSamlRoleValue(a.attributes.appRoleValue);
}

import type { GraphServicePrincipal } from "./graph-types";

// Which enterprise apps are AWS apps, so that their assignments and provisioning jobs are read (a tenant has thousands
// of service principals; these reads are made for the few that lead to AWS).

// NOTE: identifiers from the Entra tutorials: IAM Identity Center's entity id is
// https://<region>.signin.aws.amazon.com/platform/saml/<id> (learn: aws-single-sign-on-tutorial); the per-account
// "AWS Single-Account Access" app's is https://signin.aws.amazon.com/saml, with `#2`, `#3`… for further instances
// (learn: amazon-web-service-tutorial); the older multi-account app used urn:amazon:webservices.
const AWS_IDENTIFIER =
  /^(https:\/\/([a-z0-9-]+\.)?signin\.aws(\.amazon)?\.com\/(saml|platform\/saml\/)|urn:amazon:webservices)/i;
const AWS_NAME = /\b(AWS IAM Identity Center|AWS Single Sign-On|AWS Single-Account Access|Amazon Web Services)\b/i;
const SAML_ROLE_VALUE = /arn:aws[a-z-]*:iam::\d{12}:(role|saml-provider)\//;

/** Why a service principal counts as an AWS app, or null when it does not. */
export function awsAppReason(sp: GraphServicePrincipal): "identifier" | "appRole" | "name" | null {
  if ((sp.servicePrincipalNames ?? []).some((n) => typeof n === "string" && AWS_IDENTIFIER.test(n)))
    return "identifier";
  if ((sp.appRoles ?? []).some((r) => typeof r.value === "string" && SAML_ROLE_VALUE.test(r.value))) return "appRole";
  const names = [sp.displayName, (sp as { appDisplayName?: unknown }).appDisplayName];
  if (names.some((n) => typeof n === "string" && AWS_NAME.test(n))) return "name";
  return null;
}

export const isAwsApp = (sp: GraphServicePrincipal): boolean => awsAppReason(sp) !== null;

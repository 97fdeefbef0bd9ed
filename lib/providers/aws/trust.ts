import type { Statement, Trust } from "../../model";

// Web-identity providers that appear in trust policies by host name instead of an oidc-provider ARN.
const WEB_IDENTITY = new Set([
  "cognito-identity.amazonaws.com",
  "accounts.google.com",
  "graph.facebook.com",
  "www.amazon.com",
]);

/** The account id of an ARN (`arn:partition:service:region:ACCOUNT:resource`), or null. */
export function accountOfArn(arn: string): string | null {
  const parts = arn.split(":");
  return parts.length >= 6 && parts[0] === "arn" && /^\d{12}$/.test(parts[4] ?? "") ? parts[4]! : null;
}

function awsEntry(value: string, accountId: string | null): Omit<Trust, "conditions"> {
  if (value.includes("*")) return { type: "wildcard", value, external: true };
  if (/^\d{12}$/.test(value)) return { type: "account", value, external: value !== accountId };
  const acct = accountOfArn(value);
  if (acct && /:root$/.test(value)) return { type: "account", value: acct, external: acct !== accountId };
  // A principal that was deleted after the policy was written shows as its unique id (AROA…, AIDA…).
  return { type: "principal", value, external: acct !== null && acct !== accountId };
}

function federatedEntry(value: string, accountId: string | null): Omit<Trust, "conditions"> {
  const acct = accountOfArn(value);
  if (/:saml-provider\//.test(value)) return { type: "saml", value, external: acct !== null && acct !== accountId };
  if (/:oidc-provider\//.test(value)) return { type: "oidc", value, external: acct !== null && acct !== accountId };
  if (WEB_IDENTITY.has(value)) return { type: "oidc", value, external: value !== "cognito-identity.amazonaws.com" };
  return { type: "federated", value, external: acct === null || acct !== accountId };
}

/**
 * Who may assume a role, from its normalized trust-policy statements: accounts, principals, services, SAML/OIDC
 * federation; anything with `*` (or an Allow with NotPrincipal, i.e. everyone but a few) is flagged as a wildcard.
 * `external` marks parties outside `accountId`. Deny statements do not grant trust and are not listed.
 */
export function normalizeTrust(statements: Statement[], accountId: string | null): Trust[] {
  const out: Trust[] = [];
  for (const st of statements) {
    if (st.effect !== "Allow") continue;
    const conditions = st.conditions && Object.keys(st.conditions).length > 0 ? st.conditions : undefined;
    const push = (t: Omit<Trust, "conditions">) => out.push(conditions ? { ...t, conditions } : t);
    for (const [type, values] of Object.entries(st.principals ?? {})) {
      for (const value of values) {
        if (type === "AWS") push(awsEntry(value, accountId));
        else if (type === "Service") push({ type: "service", value, external: false });
        else if (type === "Federated") push(federatedEntry(value, accountId));
        else push({ type: value === "*" ? "wildcard" : "principal", value, external: true });
      }
    }
    if (st.notPrincipals) {
      const except = Object.values(st.notPrincipals).flat().join(", ");
      push({ type: "wildcard", value: `* except ${except}`, external: true });
    }
  }
  return out;
}

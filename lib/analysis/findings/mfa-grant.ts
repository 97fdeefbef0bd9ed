import type { AccessControl } from "../../model";

/** The policy's grant makes MFA compulsory: MFA or an authentication strength, alone or AND-ed (not one OR choice). */
export function requiresMfaGrant(c: AccessControl): boolean {
  const mfa = c.controls.grant.includes("mfa") || c.controls.authenticationStrength !== null;
  if (!mfa || c.controls.block) return false;
  const choices = c.controls.grant.length + (c.controls.authenticationStrength ? 1 : 0);
  return c.controls.operator === "AND" || choices === 1;
}

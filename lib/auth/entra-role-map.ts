import { z } from "zod";
import { ROLES, type Role } from "./roles";

/**
 * Which Entra app roles or groups make which Crosswalk role. Pure: no framework, no database.
 * A value is an app role value (the `roles` claim, e.g. "Crosswalk.Admin") or a group object id (the `groups`
 * claim). A person gets the highest role any of their values maps to; none → no access.
 */
export type EntraRoleMap = Record<Role, string[]>;

export const ZEntraRoleMapSchema = z.object({
  viewer: z.array(z.string()),
  auditor: z.array(z.string()),
  admin: z.array(z.string()),
});

/** The app role values the README tells admins to create on the app registration. */
export const DEFAULT_ROLE_MAP: EntraRoleMap = {
  viewer: ["Crosswalk.Viewer"],
  auditor: ["Crosswalk.Auditor"],
  admin: ["Crosswalk.Admin"],
};

const VALUE = /^[A-Za-z0-9._:-]{1,120}$/;

/** "a, b\nc" → ["a", "b", "c"]; refuses what can be neither an app role value nor a group id. */
export function parseRoleValues(text: string, role: Role): string[] {
  const values = [...new Set(text.split(/[\s,;]+/).filter(Boolean))];
  const bad = values.find((v) => !VALUE.test(v));
  if (bad !== undefined)
    throw new RangeError(
      `"${bad.slice(0, 60)}" (${role}) is neither an app role value nor a group object id: letters, digits, . _ : - only`,
    );
  return values;
}

export type RoleDecision = { role: Role; matched: string } | { role: null; reason: string };

/** The highest role the token's app roles or groups map to, or why there is none. */
export function decideRole(map: EntraRoleMap, token: { roles: string[]; groups: string[] | null }): RoleDecision {
  const held = new Set([...token.roles, ...(token.groups ?? [])].map((v) => v.toLowerCase()));
  for (const role of [...ROLES].reverse()) {
    const matched = map[role].find((v) => held.has(v.toLowerCase()));
    if (matched !== undefined) return { role, matched };
  }
  const roles = token.roles.length > 0 ? token.roles.join(", ") : "none";
  const overage =
    token.groups === null
      ? " Entra sent no group list (the user is in more than 200 groups): map app roles instead of groups."
      : "";
  return {
    role: null,
    reason: `none of your app roles (${roles}) or groups is mapped to a Crosswalk role.${overage} Ask an administrator to assign you an app role of the Crosswalk app in Entra.`,
  };
}

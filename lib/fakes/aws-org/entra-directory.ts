import { FIRST, LAST } from "../aws-iam/generate";
import { hashedUuid } from "./ids";

/** An Entra user as SCIM provisioning maps it (objectId → externalId, userPrincipalName → userName). */
export interface EntraUserObject {
  id: string;
  userPrincipalName: string;
  displayName: string;
  givenName: string;
  surname: string;
}

/** An Entra group as SCIM provisioning maps it (objectId → externalId, displayName → displayName). */
export interface EntraGroupObject {
  id: string;
  displayName: string;
}

/**
 * The Entra tenant whose users and groups SCIM provisions into Identity Center: Identity Center user i comes from
 * Entra user `user(i)` and group g from `group(g)`. Computed by index, so a matching Entra tenant can be generated
 * from the same functions (and the same seed).
 */
export interface EntraDirectory {
  tenantId: string;
  domain: string;
  user(i: number): EntraUserObject;
  group(g: number, name: string): EntraGroupObject;
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** A deterministic directory: object ids hashed from (seed, kind, index), names from fixed lists. */
export function seededEntraDirectory(seed: number, domain = "contoso.example"): EntraDirectory {
  return {
    tenantId: hashedUuid("entra-tenant", seed),
    domain,
    user(i) {
      const first = FIRST[i % FIRST.length]!;
      const last = LAST[Math.floor(i / FIRST.length) % LAST.length]!;
      const n = Math.floor(i / (FIRST.length * LAST.length));
      return {
        id: hashedUuid("entra-user", seed, i),
        userPrincipalName: `${first}.${last}${n > 0 ? n : ""}@${domain}`,
        displayName: `${cap(first)} ${cap(last)}${n > 0 ? ` ${n}` : ""}`,
        givenName: cap(first),
        surname: cap(last),
      };
    },
    group(g, name) {
      return { id: hashedUuid("entra-group", seed, g), displayName: name };
    },
  };
}

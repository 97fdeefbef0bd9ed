/**
 * The roles of a Crosswalk account and what each may do. Pure: no framework, no database. Every server action and
 * route handler names the permission it needs (lib/auth/guard.ts); pages hide what the role may not use.
 *
 * - viewer: every page, exports of what a table shows, the translator.
 * - auditor: a viewer who also generates and downloads reports and decides person links.
 * - admin: an auditor who also manages sources (their secrets and endpoints), starts syncs and imports, manages the
 *   accounts of Crosswalk and reads the audit log.
 */

/** From least to most rights: each role holds every permission of the roles before it. */
export const ROLES = ["viewer", "auditor", "admin"] as const;

/** A Crosswalk account's role. */
export type Role = (typeof ROLES)[number];

/** What a role grants, by the lowest role that has it. */
export const PERMISSIONS = {
  /** Every page of the inventory, comparisons, findings, people (read). */
  view: "viewer",
  /** Export what a table shows (CSV/JSON). */
  export: "viewer",
  /** The translator (paste a policy, get suggestions). */
  translate: "viewer",
  /** Generate reports and download them. */
  reports: "auditor",
  /** Confirm, split, link people and undo those decisions. */
  decideLinks: "auditor",
  /** Add, change and delete sources, with their secrets and endpoints. */
  manageSources: "admin",
  /** Start and cancel syncs and imports. */
  runSyncs: "admin",
  /** Create accounts, change roles, reset passwords, disable accounts, end others' sessions. */
  manageAccounts: "admin",
  /** Read and export the audit log. */
  readAuditLog: "admin",
} as const satisfies Record<string, Role>;

/** Something a role may or may not do. */
export type Permission = keyof typeof PERMISSIONS;

export const ROLE_LABELS: Record<Role, string> = { viewer: "Viewer", auditor: "Auditor", admin: "Admin" };

export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  viewer: "Every page, exports and the translator",
  auditor: "A viewer who also generates reports and decides person links",
  admin: "An auditor who also manages sources, secrets, syncs and accounts, and reads the audit log",
};

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

/** A stored role; anything unknown (a hand-edited row) counts as the least: viewer. */
export function roleOf(value: unknown): Role {
  return isRole(value) ? value : "viewer";
}

/** Whether `role` has at least the rights of `min`. */
export function roleAtLeast(role: Role, min: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(min);
}

/** Whether a role may do something. */
export function can(role: Role, permission: Permission): boolean {
  return roleAtLeast(role, PERMISSIONS[permission]);
}

/** The permissions a role holds, in declaration order (for the accounts page and tests). */
export function permissionsOf(role: Role): Permission[] {
  return (Object.keys(PERMISSIONS) as Permission[]).filter((p) => can(role, p));
}

/** The message a refused action shows: names what is needed, not only "no". */
export function deniedMessage(role: Role, permission: Permission): string {
  const need = PERMISSIONS[permission];
  return `Your role (${ROLE_LABELS[role]}) may not do this; it needs the ${ROLE_LABELS[need]} role`;
}

import type { PermissionSet, Statement, Tier } from "../../model";
import { iamMatch } from "../../aws-actions/action-pattern";
import privilege from "../data/azure-privilege.json";

/** Where an Azure role sits on the one privilege scale, and the action that put it there. */
export interface AzureRoleTier {
  tier: Tier;
  /** e.g. "allows Microsoft.Authorization/roleAssignments/write (through '*')". */
  detail: string;
  /** The tier comes from roleAssignments/write: a delegation condition on the assignment can narrow it. */
  grantsRoles: boolean;
}

/**
 * Whether one permission block allows an action: some pattern of `actions` matches and none of `notActions` does.
 * NOTE: NotActions subtract, they do not deny ("Excluding a permission is not the same as a deny",
 * learn.microsoft.com/azure/role-based-access-control/role-definitions#notactions); Azure wildcards are `*` only,
 * case-insensitive, as IAM's.
 */
function allows(actions: readonly string[], notActions: readonly string[], action: string): string | null {
  const hit = actions.find((p) => iamMatch(p, action));
  if (!hit || notActions.some((p) => iamMatch(p, action))) return null;
  return hit;
}

/** A pattern one of `notActions` does not wholly cancel (its text matched as a literal name). */
const survives = (pattern: string, notActions: readonly string[]) => !notActions.some((n) => iamMatch(n, pattern));
const READ_VERB = new RegExp(privilege.readVerbs, "i");
/** Whether a pattern only reads: `…/read`, `…/read/*`, a read-only custom verb, or Microsoft's ancillary boilerplate. */
function isRead(pattern: string): boolean {
  if (/\/read(\/\*)?$/i.test(pattern)) return true;
  const verb = /\/([^/]+)\/action$/i.exec(pattern)?.[1];
  if (verb && READ_VERB.test(verb)) return true;
  return privilege.ancillaryActions.some((a) => a.toLowerCase() === pattern.toLowerCase());
}

const denyLists = (d: Statement, data: boolean): [readonly string[], readonly string[]] =>
  data ? [d.dataActions ?? [], d.notDataActions ?? []] : [d.actions, d.notActions];

/** Whether a deny assignment's statements deny an action (its actions match and its NotActions do not exempt it). */
function denied(deny: readonly Statement[], action: string, data: boolean): boolean {
  return deny.some((d) => {
    const [acts, nots] = denyLists(d, data);
    return acts.some((p) => iamMatch(p, action)) && !nots.some((p) => iamMatch(p, action));
  });
}

/**
 * What is left of granted patterns under deny assignments: a pattern a deny covers goes, except the parts the deny's
 * NotActions exempt (which stay, narrowed to those exemptions); a pattern an exemption covers stays whole.
 * NOTE: deny assignments win over role assignments at and below their scope
 * (learn.microsoft.com/azure/role-based-access-control/deny-assignments).
 */
function underDeny(patterns: readonly string[], deny: readonly Statement[], data: boolean): string[] {
  let out = [...patterns];
  for (const d of deny) {
    const [acts, nots] = denyLists(d, data);
    out = out.flatMap((p) => {
      if (!acts.some((a) => iamMatch(a, p)) || nots.some((n) => iamMatch(n, p))) return [p];
      return nots.filter((n) => iamMatch(p, n));
    });
  }
  return out;
}

function firstAllowed(
  statements: readonly Statement[],
  names: readonly string[],
  data: boolean,
  deny: readonly Statement[],
): { action: string; via: string } | null {
  for (const s of statements) {
    if (s.effect !== "Allow") continue;
    const [acts, nots] = data ? [s.dataActions ?? [], s.notDataActions ?? []] : [s.actions, s.notActions];
    for (const a of names) {
      const via = allows(acts, nots, a);
      if (via && !denied(deny, a, data)) return { action: a, via };
    }
  }
  return null;
}

const via = (x: { action: string; via: string }) =>
  x.via.toLowerCase() === x.action.toLowerCase() ? "" : ` (through '${x.via}')`;

/**
 * The tier of an Azure role definition from its actions and data actions; with `deny` (the Deny statements of the
 * deny assignments that apply to the holder at the scope), what the role still allows there.
 */
export function azureRoleTier(role: Pick<PermissionSet, "statements">, deny: readonly Statement[] = []): AzureRoleTier {
  const st = role.statements;
  const admin = firstAllowed(st, privilege.adminActions, false, deny);
  if (admin) return { tier: "admin", detail: `allows ${admin.action}${via(admin)}`, grantsRoles: true };
  const esc =
    firstAllowed(st, privilege.escalationActions, false, deny) ??
    firstAllowed(st, privilege.escalationDataActions, true, deny);
  if (esc) return { tier: "privileged", detail: `allows ${esc.action}${via(esc)}`, grantsRoles: false };
  const allow = st
    .filter((s) => s.effect === "Allow")
    .map((s) =>
      deny.length
        ? { ...s, actions: underDeny(s.actions, deny, false), dataActions: underDeny(s.dataActions ?? [], deny, true) }
        : s,
    );
  for (const s of allow) {
    const w = s.actions.find((a) => !isRead(a) && survives(a, s.notActions));
    if (w) return { tier: "write", detail: `allows ${w}`, grantsRoles: false };
    const d = (s.dataActions ?? []).find((a) => !isRead(a) && survives(a, s.notDataActions ?? []));
    if (d) return { tier: "write", detail: `allows data action ${d}`, grantsRoles: false };
  }
  for (const s of allow) {
    const r = [...s.actions, ...(s.dataActions ?? [])].find((a) => isRead(a));
    if (r) return { tier: "read", detail: `allows ${r}`, grantsRoles: false };
  }
  return { tier: "none", detail: "allows no action", grantsRoles: false };
}

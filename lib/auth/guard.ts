import { AppError } from "../errors";
import { can, deniedMessage, type Permission, type Role } from "./roles";

/**
 * The role check itself, framework-free: FORBIDDEN (HTTP 403) with a message naming the role needed. Server actions
 * and routes reach it through lib/auth/session.ts (requirePermission) and lib/auth/route.ts (authedRoute).
 */
export function assertCan(user: { role: Role }, permission: Permission): void {
  if (!can(user.role, permission)) throw new AppError("FORBIDDEN", deniedMessage(user.role, permission));
}

import { toAppError } from "../errors";
import { log } from "../log";
import type { Permission } from "./roles";
import { requireApiPermission } from "./session";
import type { AppUserRow } from "../db/auth";

/**
 * Wraps a route handler: checks the session first (401 without one), then that the user's role holds `permission`
 * (403 otherwise), and turns errors into JSON with the AppError's HTTP status. Every route handler of the app goes
 * through this.
 */
export function authedRoute<C>(
  permission: Permission,
  handler: (req: Request, ctx: C, user: AppUserRow) => Promise<Response>,
) {
  return async (req: Request, ctx: C): Promise<Response> => {
    try {
      const user = await requireApiPermission(permission);
      return await handler(req, ctx, user);
    } catch (e) {
      const err = toAppError(e);
      if (err.code === "INTERNAL") log.error({ err: err.message }, "route failed");
      return Response.json(
        { error: { code: err.code, message: err.code === "INTERNAL" ? "Internal error" : err.message } },
        { status: err.httpStatus },
      );
    }
  };
}

import { toAppError } from "../errors";

/**
 * The command line's edge: anything thrown becomes one line on stderr and the exit code of its AppError code
 * (lib/errors.ts: 2 bad input, 3 not found, 4 refused, 5 conflict, 6 upstream/throttled, 70 read-only violation,
 * 78 configuration, 1 anything else).
 */
export function exitCodeFor(e: unknown): number {
  const err = toAppError(e);
  process.stderr.write(`crosswalk: ${err.message}\n`);
  return err.exitCode;
}

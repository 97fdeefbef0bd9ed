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

/** Resolves once everything written to `stream` so far has been handed to the operating system. */
function flushed(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => {
    // An empty write's callback runs after every earlier write on the stream has been flushed (writes are in order).
    if (stream.destroyed || !stream.writable) resolve();
    else stream.write("", () => resolve());
  });
}

/**
 * Exits with `code` once stdout and stderr are flushed. NOTE: on POSIX, writes to a pipe are asynchronous, and
 * process.exit() drops what is still queued — `crosswalk translate … --json | jq` received exactly the first 64 KiB
 * (https://nodejs.org/api/process.html#a-note-on-process-io).
 */
export async function exitWhenFlushed(code: number): Promise<never> {
  await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
  process.exit(code);
}

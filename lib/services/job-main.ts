/**
 * Child-process entry of the web app's long work (import, sync): `node --import tsx lib/services/job-main.ts <json>`.
 * Running it apart keeps the web server's event loop free while normalization and analysis use the CPU. Prints
 * JobMessages as JSON lines on stdout; SIGTERM cancels (the snapshot is recorded as partial, nothing else changes).
 */
import { db } from "../db/client";
import { toAppError } from "../errors";
import { ZJobSpecSchema, type JobMessage } from "./job-spec";
import { runJob } from "./run-job";

function say(m: JobMessage): void {
  process.stdout.write(`${JSON.stringify(m)}\n`);
}

const controller = new AbortController();
process.on("SIGTERM", () => controller.abort());
process.on("SIGINT", () => controller.abort());

let code = 0;
try {
  const spec = ZJobSpecSchema.parse(JSON.parse(process.argv[2] ?? "null"));
  const res = await runJob(db(), spec, {
    signal: controller.signal,
    onStart: (snapshotId) => say({ event: "started", snapshotId }),
  });
  say({
    event: "done",
    status: res.status,
    error: res.error ? { code: res.error.code, message: res.error.message } : null,
  });
  code = res.status === "complete" ? 0 : 1;
} catch (e) {
  const err = toAppError(e);
  say({ event: "failed", error: { code: err.code, message: err.message } });
  code = 1;
} finally {
  await db()
    .$disconnect()
    .catch(() => undefined);
}
process.exit(code);

import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, expect, it } from "vitest";

// `crosswalk … --json | jq` must receive the whole document. Writes to a pipe are asynchronous on POSIX, and the
// CLI used to call process.exit() with output still queued: a reader got the first 64–128 KiB (issue 11, plumbing).
// The reader here starts late, so the pipe is full when the command finishes, as with a slow `jq` or `less`.

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "cw-pipe-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const ACTIONS = 1500;
const RESOURCES = ["arn:aws:s3:::bucket-one/key", "arn:aws:s3:::bucket-two/key"];

it("simulate --json through a pipe: more than 1 MiB arrives whole and parses", async () => {
  const file = path.join(tmp, "input.json");
  fs.writeFileSync(
    file,
    JSON.stringify({
      PolicyInputList: [
        JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:*", Resource: "*" }] }),
      ],
      ActionNames: Array.from({ length: ACTIONS }, (_, i) => `s3:GetObjectVariant${i}`),
      ResourceArns: RESOURCES,
    }),
  );
  const tsx = path.resolve("node_modules/tsx/dist/cli.mjs");
  const child = spawn(process.execPath, [tsx, "lib/cli/main.ts", "simulate", file, "--json"], {
    env: { ...process.env, LOG_LEVEL: "silent", DATABASE_URL: `file:${path.join(tmp, "unused.db")}` },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout.pause();
  const chunks: Buffer[] = [];
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  const code = await new Promise<number | null>((resolve) => {
    setTimeout(() => {
      child.stdout.on("data", (d: Buffer) => chunks.push(d));
      child.stdout.resume();
    }, 1500);
    child.on("close", (c) => resolve(c));
  });
  const out = Buffer.concat(chunks);
  expect(stderr, "stderr").toBe("");
  expect(code, "exit code").toBe(0);
  expect(out.length, "bytes received").toBeGreaterThan(1024 * 1024);
  const report = JSON.parse(out.toString("utf8")) as { EvaluationResults: unknown[] };
  expect(report.EvaluationResults).toHaveLength(ACTIONS * RESOURCES.length);
}, 60_000);

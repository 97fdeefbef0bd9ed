import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { AppError } from "./errors";
import { readEnv } from "./env";

const ROOT = path.resolve(import.meta.dirname, "..");

describe("readEnv: every setting validated in one place", () => {
  it("an empty environment gives the documented defaults", () => {
    expect(readEnv({})).toEqual({
      DATABASE_URL: "file:./data/crosswalk.db",
      CROSSWALK_DATA_DIR: "./data",
      PORT: 3000,
      HOST: "127.0.0.1",
    });
  });

  it.each([
    ["DATABASE_URL", "mysql://x", "DATABASE_URL must start with file: (SQLite) or postgresql:// (PostgreSQL)"],
    ["CROSSWALK_SECRET_KEY", "short", "CROSSWALK_SECRET_KEY must be at least 32 characters"],
    ["CROSSWALK_ADMIN_PASSWORD", "short", "CROSSWALK_ADMIN_PASSWORD must be at least 12 characters"],
    ["CROSSWALK_NO_SAMPLE", "yes", 'expected one of "0"|"1"'],
    ["CROSSWALK_TRUST_PROXY", "true", 'expected one of "0"|"1"'],
    ["CROSSWALK_COOKIE_SECURE", "on", 'expected one of "0"|"1"'],
    ["PORT", "http", "PORT must be a number from 1 to 65535"],
    ["PORT", "70000", "PORT must be a number from 1 to 65535"],
    ["PORT", "80.5", "PORT must be a number from 1 to 65535"],
    ["HOST", "a b", "HOST must be an address or host name"],
    ["LOG_LEVEL", "loud", "Invalid option"],
    ["AWS_ENDPOINT_URL_IAM", "iam.local", "Invalid URL"],
    ["AWS_ENDPOINT_URL", "not a url", "Invalid URL"],
  ])("%s=%s is refused with a CONFIG error naming it", (name, value, message) => {
    let err: unknown;
    try {
      readEnv({ [name]: value });
    } catch (e) {
      err = e;
    }
    expect(err, `${name}=${value} was accepted`).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe("CONFIG");
    expect((err as AppError).message).toContain(`Invalid configuration: ${name}: `);
    expect((err as AppError).message).toContain(message);
  });

  it("reports every bad variable at once", () => {
    expect(() => readEnv({ PORT: "x", HOST: "a b" })).toThrow(
      /^Invalid configuration: PORT: PORT must be a number from 1 to 65535; HOST: HOST must be an address or host name$/,
    );
  });

  it("crosswalk start stops on a bad setting with one line on stderr and exit code 78, before touching a database", async () => {
    const run = await promisify(execFile)(
      process.execPath,
      [path.join(ROOT, "node_modules/tsx/dist/cli.mjs"), path.join(ROOT, "lib/cli/start.ts")],
      { cwd: ROOT, env: { NODE_ENV: "test", PATH: process.env.PATH, PORT: "http", DATABASE_URL: "mysql://nowhere" } },
    ).then(
      () => ({ code: 0, stderr: "" }),
      (e: { code: number; stderr: string }) => e,
    );
    expect(run.code).toBe(78);
    expect(run.stderr).toBe(
      "crosswalk: Invalid configuration: DATABASE_URL: DATABASE_URL must start with file: (SQLite) or postgresql:// " +
        "(PostgreSQL); PORT: PORT must be a number from 1 to 65535\n",
    );
  }, 30_000);
});

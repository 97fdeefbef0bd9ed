import path from "node:path";
import { z } from "zod";
import { AppError } from "./errors";

// The one module that reads process.env; every variable Crosswalk reads is in this schema. Biome's noProcessEnv
// enforces it; biome.json's override names the exceptions, none of them application code: the tools' own configs
// (next, playwright, vitest, prisma) and the test and bench harnesses (*.test.ts, lib/testing, e2e, lib/bench), which
// set up environments for the processes they start; and instrumentation.ts, which checks Next's NEXT_RUNTIME before
// anything (this module included) may load in the edge runtime. lib/providers/aws/live/client.ts sets (never reads)
// the AWS SDK's own warning switch, with a biome-ignore naming it.

/** An unset variable and an empty one mean the same: not set. */
function unsetIfEmpty<T extends z.ZodType>(schema: T) {
  return z.preprocess((v) => (v === "" ? undefined : v), schema);
}

const flag = unsetIfEmpty(z.enum(["0", "1"]).optional());

/** Settings read once from the environment at start-up. */
const ZEnvSchema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^(file:|postgres(ql)?:\/\/)/, "DATABASE_URL must start with file: (SQLite) or postgresql:// (PostgreSQL)")
    .default("file:./data/crosswalk.db"),
  /** 32+ characters; derives the key that encrypts stored cloud secrets. Generated into ./data when absent. */
  CROSSWALK_SECRET_KEY: z.string().min(32, "CROSSWALK_SECRET_KEY must be at least 32 characters").optional(),
  CROSSWALK_ADMIN_PASSWORD: z.string().min(12, "CROSSWALK_ADMIN_PASSWORD must be at least 12 characters").optional(),
  CROSSWALK_DATA_DIR: z.string().default("./data"),
  /** Skip loading the sample organisation into an empty database. */
  CROSSWALK_NO_SAMPLE: flag,
  /** Behind a reverse proxy that sets X-Forwarded-For: throttle sign-in per client address taken from it. */
  CROSSWALK_TRUST_PROXY: flag,
  /** Mark the session cookie Secure even when the request does not say https (a TLS proxy that sets no header). */
  CROSSWALK_COOKIE_SECURE: flag,
  /**
   * The address people reach Crosswalk at (https://crosswalk.example.com), behind a proxy: the Entra sign-in redirect
   * URI is made from it. Unset: from the request's own address.
   */
  CROSSWALK_PUBLIC_URL: unsetIfEmpty(
    z
      .url("CROSSWALK_PUBLIC_URL must be a URL such as https://crosswalk.example.com")
      .refine((u) => /^https?:\/\/[^/]+\/?$/.test(u), "CROSSWALK_PUBLIC_URL must be an origin, without a path")
      .optional(),
  ),
  /** The port `crosswalk start` serves on. */
  PORT: unsetIfEmpty(
    z.coerce
      .number({ error: "PORT must be a number from 1 to 65535" })
      .int("PORT must be a number from 1 to 65535")
      .min(1, "PORT must be a number from 1 to 65535")
      .max(65535, "PORT must be a number from 1 to 65535")
      .default(3000),
  ),
  /** The address `crosswalk start` listens on: loopback unless set (a container sets 0.0.0.0). */
  HOST: unsetIfEmpty(
    z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9.:_-]{1,253}$/, "HOST must be an address or host name")
      .default("127.0.0.1"),
  ),
  /** pino's level; unset: info (silent under NODE_ENV=test). */
  LOG_LEVEL: unsetIfEmpty(z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).optional()),
  NODE_ENV: z.string().optional(),
  /** The AWS SDK's endpoint overrides (the SDK reads them itself; named here for the endpoint shown in provenance). */
  AWS_ENDPOINT_URL_IAM: unsetIfEmpty(z.url().optional()),
  AWS_ENDPOINT_URL: unsetIfEmpty(z.url().optional()),
});
export type Env = z.infer<typeof ZEnvSchema>;

let cached: Env | undefined;

/** Validates an environment; every problem in one CONFIG error, one line per variable. */
export function readEnv(source: Record<string, string | undefined> = process.env): Env {
  const parsed = ZEnvSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    throw new AppError("CONFIG", `Invalid configuration: ${lines.join("; ")}`);
  }
  return parsed.data;
}

/** The validated environment (validated once, then cached). */
export function env(): Env {
  cached ??= readEnv();
  return cached;
}

/**
 * Sets variables for this process and the processes it starts (the CLI's `--db` sets DATABASE_URL), validating the
 * result first: a bad value is refused and changes nothing.
 */
export function overrideEnv(values: Partial<Record<keyof Env, string>>): Env {
  const next = readEnv({ ...process.env, ...values });
  Object.assign(process.env, values);
  cached = next;
  return next;
}

/** The environment a child process of Crosswalk starts with: this one's, plus `extra`. */
export function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, ...extra };
}

/**
 * The log level, read without validating the rest: the logger is created on import, before start-up has validated
 * (and explained) the environment; a bad LOG_LEVEL falls back to the default and is reported by that validation.
 */
export function logLevel(): NonNullable<Env["LOG_LEVEL"]> {
  const parsed = ZEnvSchema.shape.LOG_LEVEL.safeParse(process.env.LOG_LEVEL);
  return (parsed.success ? parsed.data : undefined) ?? (process.env.NODE_ENV === "test" ? "silent" : "info");
}

/**
 * A secret the user keeps out of the command line and names instead (`--client-secret-env NAME`): the one variable
 * read by a name known only at run time. Undefined when unset or empty.
 */
export function secretFromEnv(name: string): string | undefined {
  return process.env[name] || undefined;
}

export function dataDir(): string {
  return path.resolve(env().CROSSWALK_DATA_DIR);
}

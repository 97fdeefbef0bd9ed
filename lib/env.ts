import path from "node:path";
import { z } from "zod";
import { AppError } from "./errors";

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
  CROSSWALK_NO_SAMPLE: z.enum(["0", "1"]).optional(),
  /** Behind a reverse proxy that sets X-Forwarded-For: throttle sign-in per client address taken from it. */
  CROSSWALK_TRUST_PROXY: z.enum(["0", "1"]).optional(),
});
export type Env = z.infer<typeof ZEnvSchema>;

let cached: Env | undefined;

export function readEnv(source: NodeJS.ProcessEnv = process.env): Env {
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

export function dataDir(): string {
  return path.resolve(env().CROSSWALK_DATA_DIR);
}

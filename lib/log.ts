import pino from "pino";
import { logLevel } from "./env";

// One structured logger. Secrets are redacted by key wherever they appear, so a careless `log.info({ settings })`
// still cannot leak one.
const REDACT = [
  "password",
  "secret",
  "clientSecret",
  "token",
  "accessToken",
  "authorization",
  "Authorization",
  "cookie",
  "privateKey",
  "certificate",
  "secretAccessKey",
  "sessionToken",
  "secretEncrypted",
  "passwordHash",
];

export const log = pino({
  level: logLevel(),
  redact: {
    paths: [...REDACT, ...REDACT.map((k) => `*.${k}`), ...REDACT.map((k) => `*.*.${k}`)],
    censor: "[redacted]",
  },
  base: { app: "crosswalk" },
});

export type Logger = typeof log;

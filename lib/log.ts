import pino from "pino";

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
  level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === "test" ? "silent" : "info"),
  redact: {
    paths: [...REDACT, ...REDACT.map((k) => `*.${k}`), ...REDACT.map((k) => `*.*.${k}`)],
    censor: "[redacted]",
  },
  base: { app: "crosswalk" },
});

export type Logger = typeof log;

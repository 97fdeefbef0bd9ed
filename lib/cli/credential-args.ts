import fs from "node:fs";
import { secretFromEnv } from "../env";
import { AppError } from "../errors";
import type { EntraCredential } from "../providers/entra/auth";

/** The options every command that signs in as an Entra app registration takes (parseCommandArgs shape). */
export const CREDENTIAL_OPTIONS = {
  "tenant-id": { type: "string" },
  "client-id": { type: "string" },
  "client-secret-env": { type: "string" },
  "client-secret": { type: "string" },
  certificate: { type: "string" },
  "authority-host": { type: "string" },
} as const;

/**
 * The client credential from --client-secret-env VAR or --certificate PEM. A secret is read from the environment
 * variable named, never from the command line (which other users can see and shells record).
 */
export function credentialFromArgs(
  values: { "client-secret-env"?: string; "client-secret"?: string; certificate?: string },
  usage: string,
): EntraCredential {
  refuseSecretArgument(values);
  if (values["client-secret-env"] && values.certificate)
    throw new AppError("BAD_INPUT", `Give --client-secret-env or --certificate, not both\n${usage}`);
  if (values["client-secret-env"]) {
    const secret = secretFromEnv(values["client-secret-env"]);
    if (!secret)
      throw new AppError("BAD_INPUT", `The environment variable ${values["client-secret-env"]} is not set or empty`);
    return { kind: "secret", clientSecret: secret };
  }
  if (values.certificate) {
    try {
      return { kind: "certificate", pem: fs.readFileSync(values.certificate, "utf8") };
    } catch {
      throw new AppError("NOT_FOUND", `${values.certificate}: cannot read the certificate PEM`);
    }
  }
  throw new AppError("BAD_INPUT", `Give --client-secret-env VAR or --certificate PEM\n${usage}`);
}

/** A secret on the command line is refused whatever else was given (before anything is read or stored). */
export function refuseSecretArgument(values: { "client-secret"?: string }): void {
  if (values["client-secret"] !== undefined)
    throw new AppError(
      "BAD_INPUT",
      "Never pass a secret as an argument: put it in an environment variable and use --client-secret-env VAR",
    );
}

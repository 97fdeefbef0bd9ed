import { z } from "zod";
import type { Db } from "../db/client";
import { createSource, type SourceRow } from "../db/sources";
import { AppError } from "../errors";
import { saveEntraSource } from "./save-entra-source";

/**
 * Adds an AWS account or an Entra tenant as a source from the web form. Settings hold only non-secret values; an Entra
 * client secret or certificate is sealed by save-entra-source (lib/crypto/secret-box) and never read back for display.
 */

const optional = z
  .string()
  .trim()
  .max(2048)
  .transform((s) => (s === "" ? undefined : s))
  .optional();

const url = optional.refine((s) => s === undefined || /^https?:\/\/[^\s]+$/.test(s), "must be an http(s) URL");
const host = optional.refine(
  (s) => s === undefined || /^[A-Za-z0-9.-]+(:\d+)?$/.test(s),
  "must be a host name (optionally :port)",
);
const name = z.string().trim().min(1, "A source needs a name").max(100);

export const ZAwsSourceInputSchema = z
  .object({
    name,
    profile: optional,
    roleArn: optional.refine(
      (s) => s === undefined || /^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/.test(s),
      "is not a role ARN",
    ),
    externalId: optional,
    endpoint: url,
  })
  .refine((v) => !v.externalId || v.roleArn, { message: "An external id goes with a role ARN", path: ["externalId"] });
export type AwsSourceInput = z.input<typeof ZAwsSourceInputSchema>;

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

export const ZEntraSourceInputSchema = z
  .object({
    name,
    tenantId: z
      .string()
      .trim()
      .refine((s) => GUID.test(s) || /^[A-Za-z0-9.-]+\.[A-Za-z]{2,}$/.test(s), "must be a tenant id (GUID) or domain"),
    clientId: z.string().trim().regex(GUID, "must be an application (client) id GUID"),
    clientSecret: optional,
    certificatePem: optional,
    authorityHost: host,
    graphHost: host,
  })
  .refine((v) => !!v.clientSecret !== !!v.certificatePem, {
    message: "Give either a client secret or a certificate (PEM with its private key), not both",
    path: ["clientSecret"],
  })
  .refine(
    (v) =>
      !v.certificatePem ||
      (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(v.certificatePem) &&
        /-----BEGIN CERTIFICATE-----/.test(v.certificatePem)),
    {
      message: "The certificate must be PEM with both the certificate and its private key",
      path: ["certificatePem"],
    },
  );
export type EntraSourceInput = z.input<typeof ZEntraSourceInputSchema>;

function parse<T>(schema: z.ZodType<T>, input: unknown): T {
  const r = schema.safeParse(input);
  if (!r.success) {
    const i = r.error.issues[0];
    throw new AppError("BAD_INPUT", `${i?.path.join(".") || "input"} ${i?.message ?? "is invalid"}`.trim());
  }
  return r.data;
}

function strip(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

export async function addAwsSource(db: Db, input: AwsSourceInput): Promise<SourceRow> {
  const v = parse(ZAwsSourceInputSchema, input);
  const { name: n, ...settings } = v;
  return createSource(db, { kind: "aws", name: n, settings: strip(settings) });
}

/** Adds (or, for a name already used by an Entra source, re-keys) a tenant; the credential is sealed at rest. */
export async function addEntraSource(db: Db, input: EntraSourceInput): Promise<SourceRow> {
  const v = parse(ZEntraSourceInputSchema, input);
  return saveEntraSource(db, {
    name: v.name,
    settings: {
      tenantId: v.tenantId,
      clientId: v.clientId,
      authorityHost: v.authorityHost ?? null,
      graphHost: v.graphHost ?? null,
    },
    credential: v.clientSecret
      ? { kind: "secret", clientSecret: v.clientSecret }
      : { kind: "certificate", pem: v.certificatePem! },
  });
}

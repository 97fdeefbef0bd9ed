import { z } from "zod";
import type { Db } from "../db/client";
import { createSource, findSourceByName, getSourceSecret, updateSource, type SourceRow } from "../db/sources";
import { loadKey, open, seal } from "../crypto/secret-box";
import { dataDir, env } from "../env";
import { AppError } from "../errors";
import { resolveEndpoints } from "../providers/entra/clouds";
import { parseCertificatePem, type EntraCredential } from "../providers/entra/auth";
import { assertAccountHolder } from "./source-account";

/** Non-secret connection settings of an Entra source (Source.settings). */
export const ZEntraSettingsSchema = z.object({
  tenantId: z.string().regex(/^[0-9a-zA-Z.-]+$/, "The tenant id must be a GUID or a domain name"),
  clientId: z.string().min(1, "A client id is required"),
  authorityHost: z.string().nullable().default(null),
  graphHost: z.string().nullable().default(null),
  credentialKind: z.enum(["secret", "certificate"]),
});
export type EntraSettings = z.infer<typeof ZEntraSettingsSchema>;

function key(): Buffer {
  return loadKey({ secretKey: env().CROSSWALK_SECRET_KEY, dataDir: dataDir() });
}

/**
 * Adds an Entra tenant as a source, or updates one of that name: settings in clear, the client secret or certificate
 * (private key) sealed with AES-256-GCM. The secret is never returned, logged or sent to a browser. A tenant that
 * another source already holds is refused, naming that source.
 */
export async function saveEntraSource(
  db: Db,
  input: { name: string; settings: Omit<EntraSettings, "credentialKind">; credential: EntraCredential },
): Promise<SourceRow> {
  const parsed = ZEntraSettingsSchema.safeParse({ ...input.settings, credentialKind: input.credential.kind });
  if (!parsed.success) throw new AppError("BAD_INPUT", parsed.error.issues.map((i) => i.message).join("; "));
  resolveEndpoints({ authorityHost: parsed.data.authorityHost, graphHost: parsed.data.graphHost }); // validates hosts
  await assertAccountHolder(db, "entra", parsed.data.tenantId, input.name.trim(), { rekey: true });
  const secretEncrypted = sealCredential(input.credential);
  const existing = await findSourceByName(db, input.name.trim());
  if (existing) {
    if (existing.kind !== "entra")
      throw new AppError("CONFLICT", `Source "${existing.name}" is an ${existing.kind} source`);
    const prev = ZEntraSettingsSchema.partial().safeParse(existing.settings).data;
    // A different tenant or Graph host makes the stored delta links meaningless.
    const moved = prev?.tenantId !== parsed.data.tenantId || (prev?.graphHost ?? null) !== parsed.data.graphHost;
    await updateSource(db, existing.id, {
      settings: parsed.data,
      secretEncrypted,
      ...(moved ? { syncState: null } : {}),
    });
    return { ...existing, settings: parsed.data, hasSecret: true };
  }
  return createSource(db, { kind: "entra", name: input.name, settings: parsed.data, secretEncrypted });
}

/** A client credential sealed for Source.secretEncrypted (the client secret or certificate's private key inside). */
export function sealCredential(credential: EntraCredential): string {
  if (credential.kind === "secret" && !credential.clientSecret)
    throw new AppError("BAD_INPUT", "The client secret is empty");
  if (credential.kind === "certificate") parseCertificatePem(credential.pem); // validates the PEM
  return seal(JSON.stringify(credential), key());
}

/** The decrypted credential of a source, for the server-side code that connects (never for display). */
export async function entraCredentialOf(db: Db, sourceId: string): Promise<EntraCredential> {
  const sealed = await getSourceSecret(db, sourceId);
  if (!sealed) throw new AppError("CONFIG", "This source has no stored secret or certificate; add it again");
  const c = JSON.parse(open(sealed, key())) as EntraCredential;
  if (c.kind !== "secret" && c.kind !== "certificate")
    throw new AppError("CONFIG", "The stored client credential is unreadable");
  return c;
}

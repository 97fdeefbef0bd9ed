import { z } from "zod";
import type { Db } from "../db/client";
import {
  createSource,
  findSourceByName,
  getSource,
  getSourceSecret,
  updateSource,
  type SourceRow,
} from "../db/sources";
import { AppError } from "../errors";
import type { EntraCredential } from "../providers/entra/auth";
import { CLOUDS, resolveEndpoints } from "../providers/entra/clouds";
import { entraSourceOfTenant } from "./azure-source";
import { sealCredential, ZEntraSettingsSchema } from "./save-entra-source";

/**
 * Non-secret connection settings of an Azure source (Source.settings): the Entra app registration that reads the
 * tenant's Azure Resource Manager (the same one as for Graph, holding Reader at the tenant root group), the cloud,
 * and hosts when a proxy or a local fake stands in.
 */
export const ZAzureSettingsSchema = z.object({
  tenantId: z
    .string()
    .regex(/^[0-9a-fA-F-]{36}$/, "The tenant id must be the tenant's GUID (the root management group's name)"),
  clientId: z.string().min(1, "A client id is required"),
  cloud: z.enum(Object.keys(CLOUDS) as [keyof typeof CLOUDS, ...(keyof typeof CLOUDS)[]]).default("global"),
  authorityHost: z.string().nullable().default(null),
  armHost: z.string().nullable().default(null),
  credentialKind: z.enum(["secret", "certificate"]),
});
export type AzureSettings = z.infer<typeof ZAzureSettingsSchema>;

/**
 * Adds an Azure tenant as a source (or updates one of that name): settings in clear, the credential sealed. Its
 * parent is the Entra source of the same tenant when there is one; its external id the tenant id.
 */
export async function saveAzureSource(
  db: Db,
  input: {
    name: string;
    settings: Omit<z.input<typeof ZAzureSettingsSchema>, "credentialKind">;
    credential: EntraCredential;
  },
): Promise<SourceRow> {
  const parsed = ZAzureSettingsSchema.safeParse({ ...input.settings, credentialKind: input.credential.kind });
  if (!parsed.success) throw new AppError("BAD_INPUT", parsed.error.issues.map((i) => i.message).join("; "));
  const settings = { ...parsed.data, tenantId: parsed.data.tenantId.toLowerCase() };
  resolveEndpoints(settings); // validates the hosts
  const secretEncrypted = sealCredential(input.credential);
  const parentId = await entraSourceOfTenant(db, settings.tenantId);
  const existing = await findSourceByName(db, input.name.trim());
  if (existing) {
    if (existing.kind !== "azure")
      throw new AppError("CONFLICT", `Source "${existing.name}" is an ${existing.kind} source`);
    await updateSource(db, existing.id, { settings, secretEncrypted, externalId: settings.tenantId, parentId });
    return { ...existing, settings, hasSecret: true, externalId: settings.tenantId, parentId };
  }
  return createSource(db, {
    kind: "azure",
    name: input.name,
    settings,
    secretEncrypted,
    externalId: settings.tenantId,
    parentId,
  });
}

/**
 * An Azure source reading the tenant with the app registration of an Entra source already added (same tenant,
 * client, authority and sealed credential; the ARM host of its cloud). Created or updated under `name`.
 */
export async function saveAzureSourceFromEntra(
  db: Db,
  input: { name: string; entraSourceId: string; armHost?: string | null },
): Promise<SourceRow> {
  const entra = await getSource(db, input.entraSourceId);
  if (entra.kind !== "entra") throw new AppError("BAD_INPUT", `Source "${entra.name}" is not an Entra tenant`);
  const e = ZEntraSettingsSchema.safeParse(entra.settings);
  const sealed = await getSourceSecret(db, entra.id);
  if (!e.success || !sealed)
    throw new AppError(
      "CONFIG",
      `Source "${entra.name}" has no stored app registration: add it with its credentials first`,
    );
  const presetCloud = (Object.keys(CLOUDS) as (keyof typeof CLOUDS)[]).find((c) => c === e.data.authorityHost);
  const parsed = ZAzureSettingsSchema.safeParse({
    tenantId: e.data.tenantId.toLowerCase(),
    clientId: e.data.clientId,
    cloud: presetCloud ?? "global",
    authorityHost: presetCloud ? null : e.data.authorityHost,
    armHost: input.armHost ?? null,
    credentialKind: e.data.credentialKind,
  });
  if (!parsed.success)
    throw new AppError(
      "BAD_INPUT",
      `Source "${entra.name}": ${parsed.error.issues.map((i) => i.message).join("; ")} (give --tenant-id with the GUID instead)`,
    );
  const settings = parsed.data;
  resolveEndpoints(settings);
  const existing = await findSourceByName(db, input.name.trim());
  const common = { settings, secretEncrypted: sealed, externalId: settings.tenantId, parentId: entra.id };
  if (existing) {
    if (existing.kind !== "azure")
      throw new AppError("CONFLICT", `Source "${existing.name}" is an ${existing.kind} source`);
    await updateSource(db, existing.id, common);
    return { ...existing, settings, hasSecret: true, externalId: settings.tenantId, parentId: entra.id };
  }
  return createSource(db, { kind: "azure", name: input.name, ...common });
}

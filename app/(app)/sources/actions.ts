"use server";

import { revalidatePath } from "next/cache";
import { requirePermission } from "@/lib/auth/session";
import type { Permission } from "@/lib/auth/roles";
import { db } from "@/lib/db/client";
import { isAppError } from "@/lib/errors";
import { addAwsSource, addEntraSource } from "@/lib/services/add-source";
import { cancelJob } from "@/lib/services/run-in-background";
import { readUploads, uploadLimitBytes } from "@/lib/services/read-uploads";
import { startUploadImport, type UploadedFile } from "@/lib/services/start-import";
import { startSync } from "@/lib/services/start-sync";

/** What a sources form shows after its action: an error, or what was started/created. */
export interface SourceFormState {
  error: string | null;
  ok?: string;
  sourceId?: string;
  snapshotId?: string;
}

/** A PEM certificate (with its key) is a few KB. */
const CERTIFICATE_MAX_BYTES = 1024 * 1024;

function text(form: FormData, key: string): string {
  const v = form.get(key);
  return typeof v === "string" ? v : "";
}

/** The files of a form field, each checked against the size limit before any is read. */
function files(form: FormData, key: string, maxBytes: number): Promise<UploadedFile[]> {
  return readUploads(form.getAll(key), maxBytes);
}

async function guarded(permission: Permission, fn: () => Promise<SourceFormState>): Promise<SourceFormState> {
  try {
    await requirePermission(permission);
    return await fn();
  } catch (e) {
    if (isAppError(e)) return { error: e.message };
    throw e;
  }
}

export async function addAwsSourceAction(_prev: SourceFormState, form: FormData): Promise<SourceFormState> {
  return guarded("manageSources", async () => {
    const s = await addAwsSource(db(), {
      name: text(form, "name"),
      profile: text(form, "profile"),
      roleArn: text(form, "roleArn"),
      externalId: text(form, "externalId"),
      endpoint: text(form, "endpoint"),
    });
    revalidatePath("/sources");
    return { error: null, ok: `Added ${s.name}`, sourceId: s.id };
  });
}

export async function addEntraSourceAction(_prev: SourceFormState, form: FormData): Promise<SourceFormState> {
  return guarded("manageSources", async () => {
    const cert = (await files(form, "certificateFile", CERTIFICATE_MAX_BYTES))[0];
    const s = await addEntraSource(db(), {
      name: text(form, "name"),
      tenantId: text(form, "tenantId"),
      clientId: text(form, "clientId"),
      clientSecret: text(form, "clientSecret"),
      certificatePem: text(form, "certificatePem") || (cert ? new TextDecoder().decode(cert.data) : ""),
      authorityHost: text(form, "authorityHost"),
      graphHost: text(form, "graphHost"),
    });
    revalidatePath("/sources");
    return {
      error: null,
      ok: `Added ${s.name}; the secret is stored encrypted and will not be shown again`,
      sourceId: s.id,
    };
  });
}

export async function importFilesAction(_prev: SourceFormState, form: FormData): Promise<SourceFormState> {
  return guarded("runSyncs", async () => {
    const kind = text(form, "kind") === "entra" ? "entra" : "aws";
    const { snapshotId, sourceId } = await startUploadImport(db(), {
      kind,
      sourceId: text(form, "sourceId") || null,
      sourceName: text(form, "sourceName") || null,
      files: await files(form, "files", uploadLimitBytes(kind)),
      credentialReport: (await files(form, "credentialReport", uploadLimitBytes(kind)))[0] ?? null,
    });
    revalidatePath("/sources");
    return { error: null, ok: "Import started", snapshotId, sourceId };
  });
}

export async function syncNowAction(_prev: SourceFormState, form: FormData): Promise<SourceFormState> {
  return guarded("runSyncs", async () => {
    const sourceId = text(form, "sourceId");
    const snapshotId = await startSync(db(), sourceId, { full: text(form, "full") === "1" });
    revalidatePath(`/sources/${sourceId}`);
    return { error: null, ok: "Sync started", snapshotId, sourceId };
  });
}

export async function cancelAction(form: FormData): Promise<void> {
  await requirePermission("runSyncs");
  cancelJob(text(form, "snapshotId"));
}

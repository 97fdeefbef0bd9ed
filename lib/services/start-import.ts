import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Db } from "../db/client";
import { getSource } from "../db/sources";
import { getSnapshot } from "../db/snapshots";
import { AppError } from "../errors";
import type { SourceKind } from "../model";
import type { JobSpec } from "./job-spec";
import { runInBackground } from "./run-in-background";

/** A file the browser uploaded. */
export interface UploadedFile {
  name: string;
  data: Uint8Array;
}

export interface StartImportInput {
  kind: SourceKind;
  /** Import into this existing source … */
  sourceId?: string | null;
  /** … or into a source of this name (created when missing; a default name when empty). */
  sourceName?: string | null;
  /** AWS: the GAAD JSON (exactly one). Entra: any number of Graph JSON files. */
  files: UploadedFile[];
  /** AWS only: the credential report CSV. */
  credentialReport?: UploadedFile | null;
}

const MAX_FILES = 200;

function safeName(name: string, i: number): string {
  const base =
    path
      .basename(name)
      .replace(/[^A-Za-z0-9._-]/g, "_")
      .slice(0, 120) || "upload";
  return `${String(i).padStart(3, "0")}-${base}`;
}

/** The background job that imports uploaded files of a kind of source. */
function importJob(kind: SourceKind, written: string[], report: string | null, sourceName: string | null): JobSpec {
  switch (kind) {
    case "aws":
      return { type: "import-aws", gaadFile: written[0]!, credentialReportFile: report, sourceName };
    case "entra":
      return {
        type: "import-entra",
        paths: written,
        sourceName: sourceName ?? `entra-upload-${new Date().toISOString().slice(0, 10)}`,
      };
    case "azure":
      // Unnamed: the tenant id in the files names the source (azure-<tenant id>).
      return { type: "import-azure", paths: written, sourceName };
    default:
      throw new AppError("BAD_INPUT", `Sources of kind ${kind} are not imported from files`);
  }
}

/**
 * Stores uploaded files in a private temp folder and imports them in the background through the same services as the
 * CLI. Resolves with the new snapshot (to poll) once the files were recognised and the snapshot started; a file that
 * cannot be read or recognised rejects with its clear error and changes nothing.
 */
export async function startUploadImport(
  db: Db,
  input: StartImportInput,
): Promise<{ snapshotId: string; sourceId: string }> {
  const files = input.files.filter((f) => f.data.byteLength > 0 || f.name);
  if (files.length === 0) throw new AppError("BAD_INPUT", "Choose a file to import");
  if (files.length > MAX_FILES) throw new AppError("BAD_INPUT", `At most ${MAX_FILES} files at once`);
  if (input.kind === "aws" && files.length !== 1) {
    throw new AppError(
      "BAD_INPUT",
      "Upload one get-account-authorization-details JSON file (and optionally one credential report CSV)",
    );
  }
  let sourceName = input.sourceName?.trim() || null;
  let sourceId = "";
  if (input.sourceId) {
    const src = await getSource(db, input.sourceId);
    if (src.kind !== input.kind) throw new AppError("BAD_INPUT", `${src.name} is an ${src.kind} source`);
    sourceName = src.name;
    sourceId = src.id;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "crosswalk-upload-"));
  fs.chmodSync(dir, 0o700);
  const cleanup = () => fs.rmSync(dir, { recursive: true, force: true });
  try {
    const written = files.map((f, i) => {
      const p = path.join(dir, safeName(f.name, i));
      fs.writeFileSync(p, f.data, { mode: 0o600 });
      return p;
    });
    let report: string | null = null;
    if (input.credentialReport && input.credentialReport.data.byteLength > 0) {
      report = path.join(dir, safeName(input.credentialReport.name, 999));
      fs.writeFileSync(report, input.credentialReport.data, { mode: 0o600 });
    }
    const snapshotId = await runInBackground(sourceId, importJob(input.kind, written, report, sourceName), cleanup);
    const snap = await getSnapshot(db, snapshotId);
    return { snapshotId, sourceId: snap?.sourceId ?? sourceId };
  } catch (e) {
    cleanup();
    throw e;
  }
}

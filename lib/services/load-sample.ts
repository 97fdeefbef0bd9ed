import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Db } from "../db/client";
import { AppError } from "../errors";
import { backdateSnapshot } from "../db/snapshot-dates";
import { SAMPLE_NOW } from "../sample/company";
import { EARLIER_AT, earlierSampleFiles } from "../sample/earlier";
import { AZURE_DIR } from "../sample/azure";
import { AWS_CREDENTIAL_REPORT_FILE, AWS_GAAD_FILE, ENTRA_DIR, SAMPLE_DIR } from "../sample/paths";
import { importAws, type ImportAwsResult } from "./import-aws";
import { importAzure, type ImportAzureResult } from "./import-azure";
import { importEntra, type ImportEntraResult } from "./import-entra";

export const SAMPLE_AWS_SOURCE = "Northwind AWS (sample)";
export const SAMPLE_ENTRA_SOURCE = "Northwind Entra (sample)";
export const SAMPLE_AZURE_SOURCE = "Northwind Azure (sample)";

export interface LoadSampleOptions {
  /** Folder holding the generated sample (default prisma/seed/sample-org under the working directory). */
  dir?: string;
  /**
   * Move every timestamp forward by whole days so that the sample's "now" becomes today: sign-ins that were two days
   * old when the sample was generated are two days old when it is loaded. Default true; false loads the files as
   * committed (tests use that to compare with fixed dates).
   */
  rebase?: boolean;
  /** The "today" to rebase onto (default: the current time). */
  now?: Date;
  /**
   * First load the organisation as it was EARLIER_DAYS before (lib/sample/earlier.ts), dated then, so that each
   * source has two snapshots and the Drift page shows the changes since. Default false (one snapshot per source).
   */
  history?: boolean;
}

export interface LoadSampleResult {
  aws: ImportAwsResult;
  entra: ImportEntraResult;
  azure: ImportAzureResult;
  /** Days every timestamp was moved forward by. */
  shiftedDays: number;
  /** The earlier state's snapshots (with `history`). */
  earlier: Omit<LoadSampleResult, "shiftedDays" | "earlier"> | null;
}

const DAY = 86_400_000;
// Timestamps as the AWS CLI, the credential report and Graph print them. Graph's "0001-01-01T…" (never) stays.
const TIMESTAMP = /\b(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|\+00:00)/g;

/** A text with every UTC timestamp moved forward by `days`, keeping each one's exact format. */
export function shiftTimestamps(text: string, days: number): string {
  if (days === 0) return text;
  return text.replace(
    TIMESTAMP,
    (
      match,
      y: string,
      mo: string,
      d: string,
      h: string,
      mi: string,
      s: string,
      frac: string | undefined,
      zone: string,
    ) => {
      if (y === "0001") return match;
      const t = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)) + days * DAY;
      return `${new Date(t).toISOString().slice(0, 19)}${frac ?? ""}${zone}`;
    },
  );
}

/** Whole days between the sample's reference instant and `now` (never negative). */
export function sampleShiftDays(now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - SAMPLE_NOW.getTime()) / DAY));
}

function readTree(dir: string, base = dir, out: Record<string, string> = {}): Record<string, string> {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) readTree(p, base, out);
    else if (e.isFile()) out[path.relative(base, p).split(path.sep).join("/")] = fs.readFileSync(p, "utf8");
  }
  return out;
}

function writeShifted(files: Record<string, string>, to: string, days: number): void {
  for (const [rel, text] of Object.entries(files)) {
    const dst = path.join(to, rel);
    fs.mkdirSync(path.dirname(dst), { recursive: true });
    fs.writeFileSync(dst, shiftTimestamps(text, days));
  }
}

async function importBoth(
  db: Db,
  root: string,
): Promise<{ aws: ImportAwsResult; entra: ImportEntraResult; azure: ImportAzureResult }> {
  const aws = await importAws(db, {
    gaadFile: path.join(root, AWS_GAAD_FILE),
    credentialReportFile: path.join(root, AWS_CREDENTIAL_REPORT_FILE),
    sourceName: SAMPLE_AWS_SOURCE,
  });
  if (aws.error) throw aws.error;
  const entra = await importEntra(db, { paths: [path.join(root, ENTRA_DIR)], sourceName: SAMPLE_ENTRA_SOURCE });
  if (entra.error) throw entra.error;
  // The tenant's Azure RBAC estate, beside its Entra source (its directory names the principals).
  const azure = await importAzure(db, {
    paths: [path.join(root, AZURE_DIR)],
    sourceName: SAMPLE_AZURE_SOURCE,
    entraSourceId: entra.sourceId,
  });
  if (azure.error) throw azure.error;
  return { aws, entra, azure };
}

/**
 * Loads the sample organisation (Northwind Robotics) through the real import services, exactly as a user's own
 * export files would be: the IAM authorization details + credential report into "Northwind AWS (sample)", the Graph
 * export folder into "Northwind Entra (sample)". Loading again adds a new snapshot of each. With `history`, the
 * earlier state is loaded first (dated EARLIER_DAYS before), so the Drift page has something to show.
 */
export async function loadSample(db: Db, options: LoadSampleOptions = {}): Promise<LoadSampleResult> {
  const dir = path.resolve(options.dir ?? SAMPLE_DIR);
  if (!fs.existsSync(path.join(dir, AWS_GAAD_FILE))) {
    throw new AppError(
      "NOT_FOUND",
      `The sample organisation is missing: ${path.join(dir, AWS_GAAD_FILE)} (regenerate it with: npx tsx lib/sample/write-sample.ts)`,
    );
  }
  const days = options.rebase === false ? 0 : sampleShiftDays(options.now ?? new Date());
  const files = readTree(dir);
  const tmps: string[] = [];
  const tree = (overlay: Record<string, string>): string => {
    if (days === 0 && !Object.keys(overlay).length) return dir;
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "crosswalk-sample-"));
    tmps.push(tmp);
    writeShifted({ ...files, ...overlay }, tmp, days);
    return tmp;
  };
  try {
    let earlier: LoadSampleResult["earlier"] = null;
    if (options.history) {
      earlier = await importBoth(db, tree(earlierSampleFiles(files)));
      const at = new Date(EARLIER_AT.getTime() + days * DAY);
      for (const r of [earlier.aws, earlier.entra, earlier.azure]) await backdateSnapshot(db, r.snapshotId, at);
    }
    const { aws, entra, azure } = await importBoth(db, tree({}));
    return { aws, entra, azure, shiftedDays: days, earlier };
  } finally {
    for (const tmp of tmps) fs.rmSync(tmp, { recursive: true, force: true });
  }
}

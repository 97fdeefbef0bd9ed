import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Db } from "../db/client";
import { AppError } from "../errors";
import { SAMPLE_NOW } from "../sample/company";
import { AWS_CREDENTIAL_REPORT_FILE, AWS_GAAD_FILE, ENTRA_DIR, SAMPLE_DIR } from "../sample/paths";
import { importAws, type ImportAwsResult } from "./import-aws";
import { importEntra, type ImportEntraResult } from "./import-entra";

export const SAMPLE_AWS_SOURCE = "Northwind AWS (sample)";
export const SAMPLE_ENTRA_SOURCE = "Northwind Entra (sample)";

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
}

export interface LoadSampleResult {
  aws: ImportAwsResult;
  entra: ImportEntraResult;
  /** Days every timestamp was moved forward by. */
  shiftedDays: number;
}

const DAY = 86_400_000;
// Timestamps as the AWS CLI, the credential report and Graph print them. Graph's "0001-01-01T…" (never) stays.
const TIMESTAMP = /\b(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|\+00:00)/g;

/** A text with every UTC timestamp moved forward by `days`, keeping each one's exact format. */
export function shiftTimestamps(text: string, days: number): string {
  if (days === 0) return text;
  return text.replace(TIMESTAMP, (match, y: string, mo: string, d: string, h: string, mi: string, s: string, frac: string | undefined, zone: string) => {
    if (y === "0001") return match;
    const t = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)) + days * DAY;
    return `${new Date(t).toISOString().slice(0, 19)}${frac ?? ""}${zone}`;
  });
}

/** Whole days between the sample's reference instant and `now` (never negative). */
export function sampleShiftDays(now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - SAMPLE_NOW.getTime()) / DAY));
}

function copyShifted(from: string, to: string, days: number): void {
  for (const e of fs.readdirSync(from, { withFileTypes: true })) {
    const src = path.join(from, e.name);
    const dst = path.join(to, e.name);
    if (e.isDirectory()) {
      fs.mkdirSync(dst, { recursive: true });
      copyShifted(src, dst, days);
    } else if (e.isFile()) {
      fs.writeFileSync(dst, shiftTimestamps(fs.readFileSync(src, "utf8"), days));
    }
  }
}

/**
 * Loads the sample organisation (Northwind Robotics) through the real import services, exactly as a user's own
 * export files would be: the IAM authorization details + credential report into "Northwind AWS (sample)", the Graph
 * export folder into "Northwind Entra (sample)". Loading again adds a new snapshot of each.
 */
export async function loadSample(db: Db, options: LoadSampleOptions = {}): Promise<LoadSampleResult> {
  const dir = path.resolve(options.dir ?? SAMPLE_DIR);
  if (!fs.existsSync(path.join(dir, AWS_GAAD_FILE))) {
    throw new AppError("NOT_FOUND", `The sample organisation is missing: ${path.join(dir, AWS_GAAD_FILE)} (regenerate it with: npx tsx lib/sample/write-sample.ts)`);
  }
  const days = options.rebase === false ? 0 : sampleShiftDays(options.now ?? new Date());
  let root = dir;
  let tmp: string | null = null;
  if (days > 0) {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "crosswalk-sample-"));
    copyShifted(dir, tmp, days);
    root = tmp;
  }
  try {
    const aws = await importAws(db, {
      gaadFile: path.join(root, AWS_GAAD_FILE),
      credentialReportFile: path.join(root, AWS_CREDENTIAL_REPORT_FILE),
      sourceName: SAMPLE_AWS_SOURCE,
    });
    if (aws.error) throw aws.error;
    const entra = await importEntra(db, { paths: [path.join(root, ENTRA_DIR)], sourceName: SAMPLE_ENTRA_SOURCE });
    if (entra.error) throw entra.error;
    return { aws, entra, shiftedDays: days };
  } finally {
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  }
}

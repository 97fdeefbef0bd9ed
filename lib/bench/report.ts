// Reports benchmark: a full cross-cloud audit of a generated tenant (100k people on each side; 10k with --quick)
// written in every format, each export in its own child process so its time and peak RSS are its own.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { AccessControlInput, ConnectorEvent, ModelBatchInput, PrincipalInput } from "../model";
import { createDb, tuneDb } from "../db/client";
import { migrate } from "../db/migrate";
import { ensureSource } from "../db/sources";
import { ingest } from "../services/ingest";
import type { BenchResult } from "./types";

const PAGE = 5000;
const FORMATS = ["baseline", "json", "csv", "xlsx", "pdf"] as const;

function awsUser(i: number): PrincipalInput {
  const name = `user${i}`;
  return {
    kind: "user",
    providerId: `AIDA${String(i).padStart(12, "0")}`,
    name,
    displayName: name,
    arn: `arn:aws:iam::111122223333:user/${name}`,
    email: `${name}@corp.example`,
    enabled: true,
    createdAt: "2024-01-01T00:00:00Z",
    lastActivityAt: i % 9 === 0 ? null : new Date(Date.UTC(2026, 0, 1 + (i % 300))).toISOString(),
    mfaRegistered: i % 13 === 0 ? null : i % 3 !== 0,
    attributes: { consolePassword: i % 4 !== 0, mfaDevices: i % 3 === 0 ? 0 : 1 },
    tags: { email: `${name}@corp.example` },
    raw: { UserName: name },
  };
}

function entraUser(i: number): PrincipalInput {
  const upn = `user${i}@corp.example`;
  return {
    kind: "user",
    providerId: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
    name: upn,
    displayName: `User ${i}`,
    email: upn,
    upn,
    enabled: i % 50 !== 0,
    guest: i % 97 === 0,
    lastActivityAt: new Date(Date.UTC(2026, 0, 1 + (i % 300))).toISOString(),
    mfaRegistered: i % 5 !== 0,
    attributes: { userType: i % 97 === 0 ? "Guest" : "Member" },
    raw: { id: i },
  };
}

/** A source's pages, generated lazily: the tenant is never in memory. */
async function* tenant(kind: "aws" | "entra", people: number): AsyncGenerator<ConnectorEvent> {
  const groups = Math.max(10, Math.floor(people / 200));
  for (let start = 0; start < people; start += PAGE) {
    const batch: ModelBatchInput = { principals: [], memberships: [] };
    for (let i = start; i < Math.min(people, start + PAGE); i++) {
      const u = kind === "aws" ? awsUser(i) : entraUser(i);
      batch.principals!.push(u);
      batch.memberships!.push({
        groupProviderId: `${kind}-group-${i % groups}`,
        memberProviderId: u.providerId,
        direct: true,
      });
    }
    yield { type: "batch", batch };
    yield { type: "progress", phase: "users", done: start + PAGE, total: people };
  }
  const principals: PrincipalInput[] = Array.from({ length: groups }, (_, g) => ({
    kind: "group",
    providerId: `${kind}-group-${g}`,
    name: `team-${g}`,
    displayName: `Team ${g}`,
    raw: {},
  }));
  if (kind === "aws") {
    yield {
      type: "batch",
      batch: {
        principals,
        permissionSets: [
          {
            kind: "awsManagedPolicy",
            providerId: "arn:aws:iam::aws:policy/AdministratorAccess",
            name: "AdministratorAccess",
            builtIn: true,
            statements: [{ effect: "Allow", actions: ["*"], notActions: [], resources: ["*"], notResources: [] }],
            document: {},
          },
          {
            kind: "awsManagedPolicy",
            providerId: "arn:aws:iam::aws:policy/ReadOnlyAccess",
            name: "ReadOnlyAccess",
            builtIn: true,
            statements: [
              {
                effect: "Allow",
                actions: ["s3:Get*", "s3:List*", "ec2:Describe*"],
                notActions: [],
                resources: ["*"],
                notResources: [],
              },
            ],
            document: {},
          },
        ],
        assignments: [
          {
            principalProviderId: `${kind}-group-0`,
            permissionSetProviderId: "arn:aws:iam::aws:policy/AdministratorAccess",
            scope: "*",
            kind: "direct",
          },
          ...principals.slice(1).map((g) => ({
            principalProviderId: g.providerId,
            permissionSetProviderId: "arn:aws:iam::aws:policy/ReadOnlyAccess",
            scope: "*",
            kind: "direct" as const,
          })),
        ],
      },
    };
    yield { type: "dataset", name: "credentialReport", status: { collected: true, count: people } };
  } else {
    const ca: AccessControlInput[] = Array.from({ length: 12 }, (_, k) => ({
      kind: "conditionalAccess",
      providerId: `ca-${k}`,
      name: `CA${String(k).padStart(3, "0")}: require MFA for team ${k}`,
      state: k % 4 === 0 ? "reportOnly" : "on",
      who: { includeGroups: [`entra-group-${k}`], excludeUsers: [] },
      targets: { includeApplications: ["All"] },
      conditions: {},
      controls: { grant: ["mfa"] },
      raw: {},
    }));
    yield { type: "batch", batch: { principals, accessControls: ca } };
    yield {
      type: "dataset",
      name: "signInActivity",
      status: { collected: false, reason: "Forbidden", permission: "AuditLog.Read.All + Entra ID P1" },
    };
  }
}

/** A migrated database holding a generated AWS account and Entra tenant of `people` users each (analysed on ingest). */
export async function createTenant(url: string, people: number) {
  migrate(url);
  const db = createDb(url);
  await tuneDb(db, url);
  for (const kind of ["aws", "entra"] as const) {
    const src = await ensureSource(db, { kind, name: `bench-${kind}` });
    const res = await ingest(db, tenant(kind, people), { sourceId: src.id, origin: "file" });
    if (res.error) throw res.error;
  }
  return db;
}

function mib(kib: number): number {
  return Math.round((kib / 1024) * 10) / 10;
}

/** Child mode: one export, then its own figures on stdout ("baseline": only load the code, to show the runtime's share). */
async function child(url: string, format: string, out: string): Promise<void> {
  const { buildReport } = await import("../services/build-report");
  if (format === "baseline") {
    process.stdout.write(
      `REPORT_CHILD ${JSON.stringify({ seconds: 0, bytes: 0, rows: 0, maxRssKiB: process.resourceUsage().maxRSS })}\n`,
    );
    return;
  }
  const db = createDb(url);
  const t0 = performance.now();
  let rows = 0;
  const { bytes } = await buildReport(db, { kind: "audit", format }, out, (p) => {
    rows = Math.max(rows, p.done);
  });
  const seconds = (performance.now() - t0) / 1000;
  await db.$disconnect();
  process.stdout.write(
    `REPORT_CHILD ${JSON.stringify({ seconds, bytes, rows, maxRssKiB: process.resourceUsage().maxRSS })}\n`,
  );
}

export async function run(opts: { quick?: boolean }): Promise<BenchResult> {
  const people = opts.quick ? 10_000 : 100_000;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "crosswalk-bench-report-"));
  const url = `file:${path.join(dir, "bench.db")}`;
  const figures: Record<string, number | string> = { people_per_cloud: people };
  const notes: string[] = [];
  try {
    const t0 = performance.now();
    const db = await createTenant(url, people);
    figures.setup_ingest_and_analysis_s = Math.round((performance.now() - t0) / 100) / 10;
    figures.findings = await db.finding.count();
    figures.people = await db.person.count();
    await db.$disconnect();

    for (const format of FORMATS) {
      const out = path.join(dir, `audit.${format === "csv" ? "zip" : format}`);
      const res = spawnSync(
        process.execPath,
        ["--import", "tsx", import.meta.filename, "--report-child", url, format, out],
        {
          encoding: "utf8",
          env: { ...process.env, LOG_LEVEL: "silent" },
          maxBuffer: 16 * 1024 * 1024,
        },
      );
      const line = res.stdout.split("\n").find((l) => l.startsWith("REPORT_CHILD "));
      if (res.status !== 0 || !line) {
        figures[`${format}_error`] = (res.stderr || res.stdout).trim().split("\n").slice(-2).join(" | ");
        continue;
      }
      const r = JSON.parse(line.slice("REPORT_CHILD ".length)) as {
        seconds: number;
        bytes: number;
        rows: number;
        maxRssKiB: number;
      };
      if (format === "baseline") {
        figures.baseline_code_loaded_rss_MiB = mib(r.maxRssKiB);
        continue;
      }
      figures[`${format}_s`] = Math.round(r.seconds * 100) / 100;
      figures[`${format}_peak_rss_MiB`] = mib(r.maxRssKiB);
      figures[`${format}_MiB`] = Math.round((r.bytes / 1024 / 1024) * 10) / 10;
      figures[`${format}_rows`] = r.rows;
      fs.rmSync(out, { force: true });
    }
    notes.push(
      "Each export runs in its own child process (node + tsx); peak RSS is that process's maxRSS, including the runtime and loaded code (baseline_code_loaded_rss_MiB).",
    );
    notes.push(
      "PDF prints the first 2,000 rows of each table (the default; --pdf-rows 0 prints all); the other formats hold every row.",
    );
    notes.push(
      "Tables are read from the database page by page (500 rows) and written as they come; the PDF lays out twice (contents page numbers) without buffering pages.",
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return { name: "report", figures, notes };
}

const childArg = process.argv.indexOf("--report-child");
if (childArg >= 0) {
  const [url, format, out] = process.argv.slice(childArg + 1);
  child(url!, format!, out!).then(
    () => process.exit(0),
    (e: unknown) => {
      process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
      process.exit(1);
    },
  );
}

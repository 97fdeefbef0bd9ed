import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

// Runs `crosswalk simulate` as a user does (a process per command) on real files.
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "cw-simulate-"));
const dbFile = path.join(tmp, "must-not-exist.db");

function cli(args: string[], input?: string) {
  const tsx = path.resolve("node_modules/tsx/dist/cli.mjs");
  const r = spawnSync(process.execPath, [tsx, "lib/cli/main.ts", ...args], {
    encoding: "utf8",
    input,
    env: { ...process.env, LOG_LEVEL: "silent", DATABASE_URL: `file:${dbFile}` },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const policyText = `{
  "Version": "2012-10-17",
  "Statement": [
    {"Sid": "ReadAll", "Effect": "Allow", "Action": "s3:Get*", "Resource": "*"},
    {
      "Sid": "NoSecrets",
      "Effect": "Deny",
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::vault/*"
    }
  ]
}`;

const input = {
  PolicyInputList: [policyText],
  ActionNames: ["s3:GetObject", "s3:PutObject"],
  ResourceArns: ["arn:aws:s3:::vault/key", "arn:aws:s3:::public/key"],
  CallerArn: "arn:aws:iam::111122223333:user/dev",
  ContextEntries: [{ ContextKeyName: "aws:SourceIp", ContextKeyValues: ["192.0.2.1"], ContextKeyType: "ip" }],
  ServiceControlPolicies: [
    [JSON.stringify({ Version: "2012-10-17", Statement: { Effect: "Allow", Action: "*", Resource: "*" } })],
  ],
};

function write(name: string, content: unknown): string {
  const file = path.join(tmp, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, typeof content === "string" ? content : JSON.stringify(content, null, 2));
  return file;
}

afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe("crosswalk simulate", () => {
  it("prints AWS's result shape for each action × resource, with the deciding statements' positions", () => {
    const r = cli(["simulate", write("one.json", input), "--json"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.version).toBe(1);
    expect(
      out.EvaluationResults.map((e: { EvalActionName: string; EvalResourceName: string; EvalDecision: string }) => [
        e.EvalActionName,
        e.EvalResourceName,
        e.EvalDecision,
      ]),
    ).toEqual([
      ["s3:GetObject", "arn:aws:s3:::vault/key", "explicitDeny"],
      ["s3:GetObject", "arn:aws:s3:::public/key", "allowed"],
      ["s3:PutObject", "arn:aws:s3:::vault/key", "implicitDeny"],
      ["s3:PutObject", "arn:aws:s3:::public/key", "implicitDeny"],
    ]);
    const denied = out.EvaluationResults[0];
    expect(denied.MatchedStatements).toEqual([
      {
        SourcePolicyId: "PolicyInputList.1",
        SourcePolicyType: "identity",
        StatementIndex: 1,
        Sid: "NoSecrets",
        Effect: "Deny",
        StartPosition: { Line: 5, Column: 5 },
        EndPosition: { Line: 10, Column: 5 },
      },
    ]);
    expect(denied.MissingContextValues).toEqual([]);
    expect(out.EvaluationResults[1].MatchedStatements.map((m: { SourcePolicyId: string }) => m.SourcePolicyId)).toEqual(
      ["PolicyInputList.1", "ServiceControlPolicies.1.1"],
    );
    expect(out.EvaluationResults[1].EvalDecisionDetails).toMatchObject({ identity: "allowed", scp: "allowed" });
    // The command needs no database: none is created.
    expect(fs.existsSync(dbFile)).toBe(false);
  });

  it("reads a folder: one result per file, a bad file's error in its result, exit 1", () => {
    write("folder/a.json", input);
    write("folder/nested/b.json", { ...input, ActionNames: ["ec2:RunInstances"], ResourceArns: ["*"] });
    write("folder/c.json", "{ not json");
    fs.writeFileSync(path.join(tmp, "folder/notes.txt"), "ignored");
    const r = cli(["simulate", path.join(tmp, "folder"), "--json"]);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.version).toBe(1);
    expect(out.results.map((x: { input: { file: string } }) => path.relative(tmp, x.input.file))).toEqual([
      "folder/a.json",
      "folder/c.json",
      "folder/nested/b.json",
    ]);
    expect(out.results[0].error).toBeNull();
    expect(out.results[0].EvaluationResults).toHaveLength(4);
    expect(out.results[1].error).toMatch(/^input is not valid JSON/);
    expect(out.results[1].EvaluationResults).toEqual([]);
    expect(out.results[2].EvaluationResults[0].EvalDecision).toBe("implicitDeny");
  });

  it("refuses bad input with one clear line on stderr and a non-zero exit", () => {
    const unknownField = cli(["simulate", write("bad1.json", { ...input, SessionPolicies: [] }), "--json"]);
    expect(unknownField.code).toBe(2);
    expect(unknownField.stdout).toBe("");
    expect(unknownField.stderr.trim().split("\n")).toHaveLength(1);
    expect(unknownField.stderr).toMatch(/bad1\.json: .*SessionPolicies/);

    const badType = cli(
      ["simulate", "-", "--json"],
      JSON.stringify({
        ...input,
        ContextEntries: [{ ContextKeyName: "aws:SourceIp", ContextKeyValues: ["nope"], ContextKeyType: "ip" }],
      }),
    );
    expect(badType.code).toBe(2);
    expect(badType.stderr.trim()).toBe('crosswalk: ContextEntries: aws:SourceIp: "nope" is not a valid ip value');

    const badOperator = cli(
      ["simulate", "-"],
      JSON.stringify({
        ...input,
        PolicyInputList: [
          {
            Version: "2012-10-17",
            Statement: [
              { Effect: "Allow", Action: "*", Resource: "*", Condition: { StringEqualz: { "aws:username": "x" } } },
            ],
          },
        ],
      }),
    );
    expect(badOperator.code).toBe(2);
    expect(badOperator.stderr.trim()).toBe(
      'crosswalk: PolicyInputList.1: Statement 0: unknown condition operator "StringEqualz"',
    );

    const missing = cli(["simulate", path.join(tmp, "no-such-file.json")]);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toMatch(/No such file or folder/);
  });

  it("prints a readable summary without --json", () => {
    const r = cli(["simulate", "-"], JSON.stringify(input));
    expect(r.code).toBe(0);
    expect(r.stdout.split("\n")[0]).toBe(
      "explicitDeny s3:GetObject on arn:aws:s3:::vault/key — an applicable policy explicitly denies the request",
    );
    expect(r.stdout).toContain("Deny PolicyInputList.1 statement 1 (NoSecrets) at line 5");
  });
});

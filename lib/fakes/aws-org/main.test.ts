import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

// The standalone fake as a person runs it: `npx tsx lib/fakes/aws-org/main.ts --accounts 5 --seed 3 --port 0` prints
// its endpoint and a JSON of what it holds, and answers there until stopped.

const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) c.kill();
});

function run(args: string[]): Promise<{ url: string; info: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", path.join(import.meta.dirname, "main.ts"), ...args], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    children.push(child);
    let out = "";
    let err = "";
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    child.on("exit", (code) => reject(new Error(`main.ts exited with ${code}: ${err}`)));
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
      const json = out.slice(out.indexOf("\n") + 1);
      try {
        if (url) resolve({ url, info: JSON.parse(json) as Record<string, unknown> });
      } catch {
        // the JSON is not complete yet
      }
    });
  });
}

describe("lib/fakes/aws-org/main.ts", () => {
  it("prints its endpoint and what it holds, and answers Organizations calls there", async () => {
    const { url, info } = await run(["--accounts", "5", "--seed", "3", "--port", "0", "--external-id", "x-1"]);
    expect(info).toMatchObject({
      endpoint: url,
      memberRole: { name: "CrosswalkReadOnly", externalId: "x-1" },
      counts: { accounts: 5, users: 250, groups: 50, assignments: 500 },
    });
    const res = await fetch(url, {
      method: "POST",
      headers: {
        "content-type": "application/x-amz-json-1.1",
        "x-amz-target": "AWSOrganizationsV20161128.DescribeOrganization",
        authorization: "AWS4-HMAC-SHA256 Credential=AKIAMANUAL/20260101/us-east-1/organizations/aws4_request",
      },
      body: "{}",
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { Organization: { Id: string } }).Organization.Id).toBe(info.organization);
  }, 60_000);

  it("refuses an argument that is not a number", async () => {
    await expect(run(["--accounts", "many"])).rejects.toThrow(/--accounts must be a number/);
  }, 60_000);
});

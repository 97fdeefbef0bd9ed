import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { ConnectorEvent } from "../../model";
import { AppError } from "../../errors";
import { decodeText, detectAwsFile, openAwsImport, readImportFile } from "./file-import";

const dir = path.join(import.meta.dirname, "testdata");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "cw-aws-import-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

async function collect(it: AsyncIterable<ConnectorEvent>) {
  const out: ConnectorEvent[] = [];
  for await (const e of it) out.push(e);
  return out;
}

function errorOf(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    return e as AppError;
  }
  throw new Error("did not throw");
}

describe("detectAwsFile", () => {
  const cli = fs.readFileSync(path.join(dir, "gaad-cli.json"), "utf8");
  it.each([
    ["gaad-cli.json", "gaad-cli"],
    ["gaad-raw.json", "gaad-raw"],
    ["credential-report.csv", "credential-report"],
    // `aws iam get-account-password-policy` output (docs.aws.amazon.com/cli/latest/reference/iam/get-account-password-policy.html)
    ["password-policy.json", "password-policy"],
  ])("%s is %s", (f, kind) => {
    expect(detectAwsFile(fs.readFileSync(path.join(dir, f), "utf8"), f).kind).toBe(kind);
  });

  it.each([
    ["empty", "   \n", /is empty/],
    ["truncated", cli.slice(0, 2000), /truncated/],
    ["not JSON", "<html>hello</html>", /neither JSON nor/],
    ["broken JSON", '{"UserDetailList": [}', /not valid JSON/],
    ["Graph file", '{"@odata.context":"x","value":[]}', /Microsoft Graph response/],
    ["other JSON", '{"Version":"2012-10-17","Statement":[]}', /not "aws iam get-account-authorization-details" output/],
    ["bad item", '{"UserDetailList":[{"UserName":"x","Arn":"a"}]}', /UserDetailList\[0\]\.UserId/],
  ])("%s → one BAD_INPUT", (_n, text, msg) => {
    const e = errorOf(() => detectAwsFile(text, "f.json"));
    expect(e).toBeInstanceOf(AppError);
    expect(e.code).toBe("BAD_INPUT");
    expect(e.message).toMatch(msg);
  });

  it("accepts UTF-8 BOM and UTF-16 LE/BE with BOM", () => {
    const utf8 = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(cli)]);
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(cli, "utf16le")]);
    const be = Buffer.from(le);
    be.swap16();
    be[0] = 0xfe;
    be[1] = 0xff;
    for (const b of [utf8, le, be]) expect(detectAwsFile(decodeText(b), "x").kind).toBe("gaad-cli");
  });

  it("accepts an array of saved raw pages", () => {
    const raw = JSON.parse(fs.readFileSync(path.join(dir, "gaad-raw.json"), "utf8"));
    const pages = [
      { UserDetailList: raw.UserDetailList, IsTruncated: true, Marker: "m1" },
      {
        GroupDetailList: raw.GroupDetailList,
        RoleDetailList: raw.RoleDetailList,
        Policies: raw.Policies,
        IsTruncated: false,
      },
    ];
    const d = detectAwsFile(JSON.stringify(pages), "pages.json");
    expect(d.kind).toBe("gaad-raw");
    if (d.kind === "gaad-raw") expect(d.gaad.RoleDetailList).toHaveLength(4);
  });
});

describe("password policy file", () => {
  it("is normalised on detection and refused as the main file, pointing at --password-policy", async () => {
    const text = fs.readFileSync(path.join(dir, "password-policy.json"), "utf8");
    const d = detectAwsFile(text, "pp.json");
    expect(d).toMatchObject({ kind: "password-policy", policy: { minimumPasswordLength: 8, requireSymbols: true } });
    await expect(openAwsImport({ gaadFile: path.join(dir, "password-policy.json") })).rejects.toMatchObject({
      code: "BAD_INPUT",
      message: expect.stringContaining("--password-policy"),
    });
  });

  it("with --password-policy: collected, kept on provenance; without: not collected with the permission", async () => {
    const reasons: Record<string, unknown>[] = [];
    for (const passwordPolicyFile of [path.join(dir, "password-policy.json"), null]) {
      const imp = await openAwsImport({ gaadFile: path.join(dir, "gaad-cli.json"), passwordPolicyFile });
      const events = await collect(imp.events());
      const status = events.find((e) => e.type === "dataset" && e.name === "passwordPolicy");
      const prov = Object.assign({}, ...events.flatMap((e) => (e.type === "provenance" ? [e.data] : [])));
      reasons.push({ status: status?.type === "dataset" ? status.status : null, policy: prov.passwordPolicy });
    }
    expect(reasons[0]).toMatchObject({ status: { collected: true, count: 1 }, policy: { minimumPasswordLength: 8 } });
    expect(reasons[1]).toMatchObject({
      status: { collected: false, permission: "iam:GetAccountPasswordPolicy" },
      policy: undefined,
    });
  });
});

describe("readImportFile", () => {
  it("refuses a file over the limit before reading it", async () => {
    const f = path.join(tmp, "big.json");
    const fd = fs.openSync(f, "w");
    fs.ftruncateSync(fd, 2048); // sparse
    fs.closeSync(fd);
    await expect(readImportFile(f, 1024)).rejects.toMatchObject({ code: "TOO_LARGE" });
  });
  it("a missing file is NOT_FOUND", async () => {
    await expect(readImportFile(path.join(tmp, "nope.json"))).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("openAwsImport", () => {
  it("yields batches of ≤1000 rows, datasets and provenance", async () => {
    const imp = await openAwsImport({
      gaadFile: path.join(dir, "gaad-raw.json"),
      credentialReportFile: path.join(dir, "credential-report.csv"),
    });
    expect(imp).toMatchObject({
      kind: "gaad-raw",
      accountId: "111122223333",
      counts: { users: 2, groups: 2, roles: 4, policies: 3 },
    });
    const events = await collect(imp.events());
    const datasets = Object.fromEntries(events.flatMap((e) => (e.type === "dataset" ? [[e.name, e.status]] : [])));
    expect(datasets.credentialReport).toMatchObject({ collected: true, count: 2 });
    expect(datasets.authorizationDetails).toMatchObject({ collected: true, count: 11 });
    const principals = events.flatMap((e) => (e.type === "batch" ? (e.batch.principals ?? []) : []));
    expect(principals).toHaveLength(8);
    const prov = Object.assign({}, ...events.flatMap((e) => (e.type === "provenance" ? [e.data] : [])));
    expect(prov.rootAccount).toMatchObject({ mfaActive: false });
    expect(prov.unresolvedGroups).toEqual(["Contractors-Legacy"]);
  });

  it("without a report, the dataset is not collected with the permission to grant", async () => {
    const imp = await openAwsImport({ gaadFile: path.join(dir, "gaad-cli.json") });
    const events = await collect(imp.events());
    const cr = events.find((e) => e.type === "dataset" && e.name === "credentialReport");
    expect(cr).toMatchObject({
      status: { collected: false, permission: "iam:GenerateCredentialReport, iam:GetCredentialReport" },
    });
  });

  it("refuses a credential report given as the GAAD file and vice versa", async () => {
    await expect(openAwsImport({ gaadFile: path.join(dir, "credential-report.csv") })).rejects.toMatchObject({
      code: "BAD_INPUT",
    });
    await expect(
      openAwsImport({
        gaadFile: path.join(dir, "gaad-cli.json"),
        credentialReportFile: path.join(dir, "gaad-raw.json"),
      }),
    ).rejects.toMatchObject({ code: "BAD_INPUT" });
  });
});

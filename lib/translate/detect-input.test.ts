import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  detectInputs,
  decodeText,
  isDetectionError,
  parseJsonText,
  translate,
  translateFiles,
  validateDocument,
  type PrincipalRef,
} from "./index";

const dir = (d: string) => path.join(import.meta.dirname, "testdata", d);
const read = (d: string, f: string) => ({ file: f, bytes: new Uint8Array(fs.readFileSync(path.join(dir(d), f))) });

describe("input detection (testdata/inputs)", () => {
  const expected = JSON.parse(fs.readFileSync(path.join(dir("inputs"), "expected.json"), "utf8")).files as Record<
    string,
    { kinds: string[]; errors?: Record<string, string> }
  >;
  it.each(Object.entries(expected))("%s", (file, exp) => {
    const { bytes } = read("inputs", file);
    const items = detectInputs(parseJsonText(decodeText(bytes), file), file);
    expect(items.map((i) => i.kind)).toEqual(exp.kinds);
    items.forEach((item, i) => {
      const err = exp.errors?.[String(i)];
      if (err) {
        expect(isDetectionError(item)).toBe(true);
        expect((item as { error: string }).error).toContain(err);
      } else expect(isDetectionError(item), JSON.stringify(item).slice(0, 200)).toBe(false);
    });
  });

  it("a folder: one result per item, a bad item reported in its own result, the rest translated", async () => {
    const files = Object.keys(expected).map((f) => read("inputs", f));
    const results = await translateFiles(files);
    expect(results).toHaveLength(Object.values(expected).reduce((n, e) => n + e.kinds.length, 0));
    const failed = results.filter((r) => r.error);
    expect(failed.map((r) => r.input.name)).toEqual(["deploy/broken"]);
    for (const r of results.filter((x) => !x.error))
      for (const s of r.suggestions) if (s.document) expect(validateDocument(s.target, s.document)).toEqual([]);
    // The named location in the same collection file serves the CA policy.
    const ca = results.find((r) => r.input.name === "Block outside office")!;
    expect(JSON.stringify(ca.suggestions[0]!.document)).toContain(
      '"NotIpAddress":{"aws:SourceIp":["198.51.100.0/24"]}',
    );
    // GAAD: the ManagedPolicyDetail default version and URL-encoded inline documents are used.
    const inline = results.find((r) => r.input.name === "alice/alice-inline")!;
    expect(JSON.stringify(inline.suggestions[0]!.document)).toContain("Microsoft.Compute/virtualMachines/read");
    const detail = results.find((r) => r.input.name === "ReadBuckets")!;
    expect(JSON.stringify(detail.suggestions[0]!.document)).not.toContain("Microsoft.Storage/*");
  });
});

describe("malformed input → clear error (testdata/malformed)", () => {
  const expected = JSON.parse(fs.readFileSync(path.join(dir("malformed"), "expected.json"), "utf8")).files as Record<
    string,
    string
  >;
  it.each(Object.entries(expected))("%s", async (file, message) => {
    const results = await translateFiles([read("malformed", file)]);
    expect(results).toHaveLength(1);
    expect(results[0]!.error).toContain(message);
    expect(results[0]!.suggestions).toEqual([]);
    expect(results[0]!.input.file).toBe(file);
  });
  it("pasted text that is not JSON", async () => {
    const [r] = await translate("Statement: allow everything", { name: "pasted" });
    expect(r!.error).toContain("is not valid JSON");
    expect(r!.input).toEqual({ file: null, name: "pasted", kind: "unknown" });
  });
});

describe("groups ↔ groups", () => {
  const resolver = (ref: { side: string; kind: string; id: string }): PrincipalRef[] => {
    const map: Record<string, PrincipalRef[]> = {
      "aws:user:AIDAALICE": [
        { side: "entra", kind: "user", id: "aaaaaaaa-0000-0000-0000-000000000001", name: "alice@contoso.com" },
      ],
      "entra:user:aaaaaaaa-0000-0000-0000-000000000001": [
        { side: "aws", kind: "user", id: "AIDAALICE", name: "alice", arn: "arn:aws:iam::123456789012:user/alice" },
      ],
    };
    return map[`${ref.side}:${ref.kind}:${ref.id}`] ?? [];
  };
  it("IAM group with members → Entra security group with matched members bound", async () => {
    const results = await translateFiles([read("inputs", "gaad.json")], { resolver });
    const g = results.find((r) => r.input.kind === "aws-iam-group")!;
    const s = g.suggestions[0]!;
    expect(s.target).toBe("entra-group");
    expect(s.document).toEqual({
      displayName: "Admins",
      description: "Translated by Crosswalk from IAM group arn:aws:iam::123456789012:group/Admins.",
      mailEnabled: false,
      mailNickname: "Admins",
      securityEnabled: true,
      groupTypes: [],
      "members@odata.bind": ["https://graph.microsoft.com/v1.0/directoryObjects/aaaaaaaa-0000-0000-0000-000000000001"],
    });
    expect(s.dropped.map((d) => d.part)).toEqual(["member bob"]);
    expect(s.explanation.join("\n")).toContain("AdministratorAccess");
    expect(s.confidence).toBeCloseTo(2 / 3, 2);
  });
  it("a single IAM group entry: members not collected, never 'no members'", async () => {
    const [r] = await translate({
      GroupName: "Ops",
      GroupId: "AGPAOPS",
      Arn: "arn:aws:iam::1:group/Ops",
      Path: "/teams/",
      GroupPolicyList: [],
    });
    const s = r!.suggestions[0]!;
    expect(s.dropped.map((d) => d.part)).toEqual(["Path /teams/", "members"]);
    expect(s.document).not.toHaveProperty("members@odata.bind");
  });
  it("Entra group → CloudFormation IAM group; nested groups and service principals dropped", async () => {
    const [r] = await translateFiles([read("inputs", "entra-group.json")], { resolver });
    const s = r!.suggestions[0]!;
    expect(s.target).toBe("aws-iam-group");
    expect(s.document).toMatchObject({
      Resources: {
        Group: { Type: "AWS::IAM::Group", Properties: { GroupName: "Cloud-Ops-EU-" } },
        Members: { Properties: { Users: ["alice"] } },
      },
    });
    expect(s.dropped.map((d) => d.part)).toEqual([
      "member Unmatched Person",
      "nested group Nested",
      "servicePrincipal ci-bot",
    ]);
    expect(validateDocument("aws-iam-group", s.document)).toEqual([]);
  });
});

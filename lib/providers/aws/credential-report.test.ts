import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { AppError } from "../../errors";
import { parseCredentialReport } from "./credential-report";

const text = fs.readFileSync(path.join(import.meta.dirname, "testdata", "credential-report.csv"), "utf8");

describe("credential report", () => {
  const r = parseCredentialReport(text);

  it("keeps the root row apart and indexes users by ARN and name", () => {
    expect(r.users.size).toBe(2);
    expect(r.root?.arn).toBe("arn:aws:iam::111122223333:root");
    expect(r.byName.get("alice")?.arn).toBe("arn:aws:iam::111122223333:user/engineering/alice");
  });

  it.each([
    // cell sentinels → model values
    ["root password_enabled not_supported → null", () => r.root!.consolePassword, null],
    ["root mfa false", () => r.root!.mfaActive, false],
    ["root key used", () => r.root!.credentials[0]!.lastUsedAt, "2019-05-05T10:00:00.000Z"],
    ["alice password TRUE", () => r.byName.get("alice")!.consolePassword, true],
    ["ci-deploy password N/A → never used", () => r.byName.get("ci-deploy")!.passwordNeverUsed, true],
    ["ci-deploy password_last_used N/A → null", () => r.byName.get("ci-deploy")!.passwordLastUsedAt, null],
    [
      "alice last activity = max(password, key)",
      () => r.byName.get("alice")!.lastActivityAt,
      "2024-06-02T11:00:00.000Z",
    ],
    ["alice has one key (key 2 absent)", () => r.byName.get("alice")!.credentials.length, 1],
  ])("%s", (_name, get, expected) => {
    expect(get()).toEqual(expected);
  });

  it("unknown last-used (no_information) is not 'never used'", () => {
    const t = text.replace("2024-06-02T11:00:00+00:00,eu-west-1,ec2", "no_information,N/A,N/A");
    const k = parseCredentialReport(t).byName.get("alice")!.credentials[0]!;
    expect(k.lastUsedAt).toBeNull();
    expect(k.neverUsed).toBeUndefined();
  });

  it("handles CRLF line ends", () => {
    expect(parseCredentialReport(text.replace(/\n/g, "\r\n")).users.size).toBe(2);
  });

  it.each([["just,some,csv\n1,2,3\n"], ['{"UserDetailList": []}'], [""]])("refuses %j with BAD_INPUT", (bad) => {
    expect(() => parseCredentialReport(bad)).toThrow(AppError);
    try {
      parseCredentialReport(bad);
    } catch (e) {
      expect((e as AppError).code).toBe("BAD_INPUT");
    }
  });
});

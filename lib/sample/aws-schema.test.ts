import fs from "node:fs";
import { corpusPath } from "../testing/corpus";
import { describe, expect, it } from "vitest";
import { earlierSampleFiles } from "./earlier";
import { generateSampleOrg } from "./generate";

/*
 * Every key of the sample's authorization-details JSON is a member of its shape in the IAM API model every SDK is
 * generated from (lib/testing/corpus/aws/botocore-iam/service-2.json).
 */
const MODEL = corpusPath("aws/botocore-iam/service-2.json");

type Obj = Record<string, unknown>;
type Shape = { type: string; members?: Record<string, { shape: string }>; member?: { shape: string } };

describe("sample authorization details against the IAM API model", () => {
  it("uses only the members each shape defines, all the way down (policy documents excepted)", () => {
    const shapes = (JSON.parse(fs.readFileSync(MODEL, "utf8")) as { shapes: Record<string, Shape> }).shapes;
    const { files } = generateSampleOrg();
    const bad = new Set<string>();
    const walk = (value: unknown, shapeName: string, where: string) => {
      const shape = shapes[shapeName]!;
      if (shape.type === "list") for (const v of value as unknown[]) walk(v, shape.member!.shape, `${where}[]`);
      else if (shape.type === "structure") {
        for (const [k, v] of Object.entries(value as Obj)) {
          const m = shape.members?.[k];
          if (!m) bad.add(`${where}.${k}`);
          // Documents are JSON strings in the model; the CLI prints them decoded.
          else if (!/Document$/.test(k)) walk(v, m.shape, `${where}.${k}`);
        }
      }
    };
    // The current export and the earlier state's (lib/sample/earlier.ts).
    for (const body of [
      files["aws/authorization-details.json"]!,
      earlierSampleFiles(files)["aws/authorization-details.json"]!,
    ]) {
      walk(JSON.parse(body) as Obj, "GetAccountAuthorizationDetailsResponse", "GAAD");
    }
    expect([...bad]).toEqual([]);
    // The walk does reach nested shapes: an unknown key deep down is reported.
    walk(
      { RoleDetailList: [{ InstanceProfileList: [{ Roles: [{ Bogus: 1 }] }] }] },
      "GetAccountAuthorizationDetailsResponse",
      "X",
    );
    expect([...bad]).toEqual(["X.RoleDetailList[].InstanceProfileList[].Roles[].Bogus"]);
  });
});

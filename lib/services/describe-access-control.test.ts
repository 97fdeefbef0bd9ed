import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ZAccessControlSchema } from "../model";
import { describeAccessControl, firstPartyAppName, type NameResolver } from "./describe-access-control";

const cases = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, "testdata/ca-sentences.json"), "utf8")) as {
  name: string;
  control: Record<string, unknown>;
  sentence: string;
}[];

const NAMES: Record<string, string> = {
  "g-bg": "Break-glass",
  "u-1": "Alice Admin",
  "62e90394-69f5-4237-9190-012177145e10": "Global Administrator",
  "loc-1": "Head office",
  "app-x": "HR Portal",
};
const ref = (id: string) => ({ id, name: NAMES[id] ?? null });
const resolver: NameResolver = {
  user: ref,
  group: ref,
  role: ref,
  servicePrincipal: ref,
  location: ref,
  app: (id) => ({ id, name: NAMES[id] ?? firstPartyAppName(id) }),
};

describe("describeAccessControl", () => {
  it.each(cases)("$name", (c) => {
    const control = ZAccessControlSchema.parse({
      kind: "conditionalAccess",
      providerId: "p",
      name: "n",
      raw: {},
      ...c.control,
    });
    expect(describeAccessControl(control, resolver).sentence).toBe(c.sentence);
  });

  it("knows Microsoft first-party app ids (from the generated list)", () => {
    expect(firstPartyAppName("00000003-0000-0000-C000-000000000000")).toBe("Microsoft Graph");
  });
});

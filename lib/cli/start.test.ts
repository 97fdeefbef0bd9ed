import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { readEnv } from "../env";
import { checkNode, needsBuild, nextStartArgs } from "./start";

describe("start: when to build the web app", () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });
  const project = () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "cw-start-"));
    dirs.push(root);
    fs.mkdirSync(path.join(root, "app"), { recursive: true });
    fs.mkdirSync(path.join(root, "lib/x/testdata"), { recursive: true });
    fs.writeFileSync(path.join(root, "app/page.tsx"), "export default 1");
    fs.writeFileSync(path.join(root, "package.json"), "{}");
    return root;
  };
  const touch = (file: string, secondsFromNow: number) => {
    const t = new Date(Date.now() + secondsFromNow * 1000);
    fs.writeFileSync(file, "x");
    fs.utimesSync(file, t, t);
  };

  it("builds when there is no build, or a source is newer than it; not when it is up to date", () => {
    const root = project();
    expect(needsBuild(root)).toEqual({ build: true, reason: "no build yet" });
    fs.mkdirSync(path.join(root, ".next"));
    touch(path.join(root, ".next/BUILD_ID"), 60);
    expect(needsBuild(root).build).toBe(false);
    touch(path.join(root, "app/page.tsx"), 120);
    expect(needsBuild(root)).toEqual({ build: true, reason: "sources changed since the last build" });
  });

  it("tests and test data do not trigger a build", () => {
    const root = project();
    fs.mkdirSync(path.join(root, ".next"));
    touch(path.join(root, ".next/BUILD_ID"), 60);
    touch(path.join(root, "lib/x/a.test.ts"), 120);
    touch(path.join(root, "lib/x/testdata/f.json"), 120);
    expect(needsBuild(root).build).toBe(false);
  });

  it("listens on 127.0.0.1:3000 unless PORT and HOST say otherwise", () => {
    const args = (vars: Record<string, string>) => {
      const { PORT, HOST } = readEnv(vars);
      return nextStartArgs(PORT, HOST);
    };
    expect(args({})).toEqual(["start", "-p", "3000", "-H", "127.0.0.1"]);
    expect(args({ PORT: "", HOST: "" })).toEqual(["start", "-p", "3000", "-H", "127.0.0.1"]);
    expect(args({ PORT: "8080", HOST: "0.0.0.0" })).toEqual(["start", "-p", "8080", "-H", "0.0.0.0"]);
  });

  it("needs Node 20.19 or newer", () => {
    expect(() => checkNode("20.19.0")).not.toThrow();
    expect(() => checkNode("22.1.0")).not.toThrow();
    expect(() => checkNode("20.11.1")).toThrow(/20\.19 or newer/);
    expect(() => checkNode("18.20.0")).toThrow(/this is 18\.20\.0/);
  });
});

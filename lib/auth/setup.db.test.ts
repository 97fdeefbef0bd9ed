import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { prepareAccounts } from "../cli/start";
import { freshTestDb, type TestDb } from "../testing/test-db";
import { setUpFirstAdmin, signIn } from "./accounts";
import { SETUP_CODE_FILE } from "./setup-code";

let t: TestDb;
let dir: string;
const noSleep = async () => undefined;
beforeEach(async () => {
  t = await freshTestDb();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "cw-setup-"));
});
afterEach(async () => {
  await t.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const attacker = { username: "mallory", password: "mallory's long password", code: "" };

describe("secure first start", () => {
  it("with CROSSWALK_ADMIN_PASSWORD, a set-up post as the very first request creates the env admin, not the poster", async () => {
    const e = await setUpFirstAdmin(t.db, attacker, { dataDir: dir, envPassword: "the operator's password" }).catch(
      (x: unknown) => x,
    );
    expect(e).toMatchObject({ code: "CONFLICT" });
    expect((await t.db.appUser.findMany({ select: { username: true } })).map((u) => u.username)).toEqual(["admin"]);
    expect((await signIn(t.db, "admin", "the operator's password", "t1")).user.username).toBe("admin");
  });

  it("without it, set-up needs the one-time code from the console / the 0600 file, which is then gone", async () => {
    const printed: string[] = [];
    await prepareAccounts(t.db, {}, dir, (l) => printed.push(l));
    const file = path.join(dir, SETUP_CODE_FILE);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const code = fs.readFileSync(file, "utf8").trim();
    expect(code).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
    expect(printed.join("\n")).toContain(code);

    for (const bad of ["", "0000-0000-0000-0000", code.slice(0, -1)]) {
      const e = await setUpFirstAdmin(
        t.db,
        { ...attacker, code: bad },
        { dataDir: dir, envPassword: undefined, sleep: noSleep },
      ).catch((x: unknown) => x);
      expect(e, `code "${bad}"`).toMatchObject({ code: "UNAUTHORIZED" });
    }
    expect(await t.db.appUser.count()).toBe(0);

    const user = await setUpFirstAdmin(
      t.db,
      { username: "alice", password: "alice's long password", code: code.toLowerCase().replace(/-/g, " ") },
      { dataDir: dir, envPassword: undefined, sleep: noSleep },
    );
    expect(user.username).toBe("alice");
    expect(fs.existsSync(file)).toBe(false);
    await expect(
      setUpFirstAdmin(t.db, { ...attacker, code }, { dataDir: dir, envPassword: undefined, sleep: noSleep }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("npm start creates the env admin before listening, and applies a changed CROSSWALK_ADMIN_PASSWORD", async () => {
    const printed: string[] = [];
    await prepareAccounts(t.db, { CROSSWALK_ADMIN_PASSWORD: "first password 123" }, dir, (l) => printed.push(l));
    expect(fs.existsSync(path.join(dir, SETUP_CODE_FILE))).toBe(false);
    const s = await signIn(t.db, "admin", "first password 123", "t2");
    await prepareAccounts(t.db, { CROSSWALK_ADMIN_PASSWORD: "first password 123" }, dir, (l) => printed.push(l));
    await prepareAccounts(t.db, { CROSSWALK_ADMIN_PASSWORD: "second password 456" }, dir, (l) => printed.push(l));
    expect(printed).toEqual([
      "account admin created from CROSSWALK_ADMIN_PASSWORD",
      "account admin: password matches CROSSWALK_ADMIN_PASSWORD",
      "account admin: password reset from CROSSWALK_ADMIN_PASSWORD (its sessions ended)",
    ]);
    expect(await t.db.appSession.count({ where: { userId: s.user.id } })).toBe(0);
    await expect(signIn(t.db, "admin", "first password 123", "t3")).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    expect((await signIn(t.db, "admin", "second password 456", "t3")).user.username).toBe("admin");
  });
});

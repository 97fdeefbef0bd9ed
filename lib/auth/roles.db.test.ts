import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAppUser, findSessionUser, SESSION_TOUCH_MS } from "../db/auth";
import { freshTestDb, testDatabase, type TestDb } from "../testing/test-db";
import { applyAdminFromEnv, createFirstAdmin, signIn, userForToken } from "./accounts";
import { hashPassword } from "./password";
import { hashSessionToken } from "./token";

let t: TestDb;
beforeAll(async () => {
  t = await freshTestDb();
});
afterAll(async () => t.close());

describe("roles of accounts", () => {
  it("the first account (set-up) and the env admin are admins; a demoted env admin is admin again at start", async () => {
    expect((await createFirstAdmin(t.db, "alice", "correct horse battery")).role).toBe("admin");
    await applyAdminFromEnv(t.db, "an env password 123");
    const admin = await t.db.appUser.findUniqueOrThrow({ where: { username: "admin" } });
    expect(admin.role).toBe("admin");
    await t.db.appUser.update({ where: { id: admin.id }, data: { role: "viewer" } });
    await applyAdminFromEnv(t.db, "an env password 123");
    expect((await t.db.appUser.findUniqueOrThrow({ where: { username: "admin" } })).role).toBe("admin");
  });

  it("a signed-in session carries the account's role", async () => {
    await createAppUser(t.db, "vera", await hashPassword("vera's long password"), "viewer");
    const s = await signIn(t.db, "vera", "vera's long password", "roles-1");
    expect(s.user.role).toBe("viewer");
    expect((await userForToken(t.db, s.token))?.role).toBe("viewer");
  });

  it("a disabled account cannot sign in and its sessions stop working", async () => {
    await createAppUser(t.db, "dora", await hashPassword("dora's long password"), "auditor");
    const s = await signIn(t.db, "dora", "dora's long password", "roles-2");
    await t.db.appUser.update({ where: { username: "dora" }, data: { disabledAt: new Date() } });
    expect(await userForToken(t.db, s.token)).toBeNull();
    await expect(signIn(t.db, "dora", "dora's long password", "roles-3")).rejects.toMatchObject({
      code: "UNAUTHORIZED",
      message: expect.stringMatching(/disabled/),
    });
  });

  it("records a session's last use at most once a minute", async () => {
    await createAppUser(t.db, "lu", await hashPassword("lu's long password!"), "viewer");
    const s = await signIn(t.db, "lu", "lu's long password!", "roles-4");
    const id = hashSessionToken(s.token);
    const start = (await t.db.appSession.findUniqueOrThrow({ where: { id } })).lastUsedAt.getTime();
    await findSessionUser(t.db, id, new Date(start + SESSION_TOUCH_MS - 1));
    expect((await t.db.appSession.findUniqueOrThrow({ where: { id } })).lastUsedAt.getTime()).toBe(start);
    await findSessionUser(t.db, id, new Date(start + SESSION_TOUCH_MS));
    expect((await t.db.appSession.findUniqueOrThrow({ where: { id } })).lastUsedAt.getTime()).toBe(
      start + SESSION_TOUCH_MS,
    );
  });
});

describe("the roles migration", () => {
  it("makes every account that existed before it an admin", async () => {
    const provider = testDatabase();
    const dir = path.resolve(`prisma/${provider}/migrations`);
    const all = fs
      .readdirSync(dir)
      .filter((d) => fs.statSync(path.join(dir, d)).isDirectory())
      .sort();
    const at = all.findIndex((d) => d.endsWith("_roles_audit"));
    expect(at, "the roles migration exists").toBeGreaterThan(0);
    const sql = (m: string) =>
      fs.readFileSync(path.join(dir, m, "migration.sql"), "utf8").replace(/CREATE SCHEMA IF NOT EXISTS "public";/g, "");
    const insert = `INSERT INTO "AppUser" ("id", "username", "passwordHash") VALUES ('u1', 'old', 'x')`;
    const select = `SELECT "role" FROM "AppUser" WHERE "id" = 'u1'`;
    if (provider === "sqlite") {
      const file = path.join(os.tmpdir(), `crosswalk-roles-mig-${crypto.randomBytes(6).toString("hex")}.db`);
      const d = new Database(file);
      try {
        for (const m of all.slice(0, at)) d.exec(sql(m));
        d.exec(insert);
        d.exec(sql(all[at]!));
        expect((d.prepare(select).get() as { role: string }).role).toBe("admin");
      } finally {
        d.close();
        fs.rmSync(file, { force: true });
      }
    } else {
      const schema = `cw_roles_mig_${crypto.randomBytes(6).toString("hex")}`;
      const c = new pg.Client({
        connectionString: process.env.TEST_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/test",
      });
      await c.connect();
      try {
        await c.query(`CREATE SCHEMA "${schema}"; SET search_path TO "${schema}", public`);
        for (const m of all.slice(0, at)) await c.query(sql(m));
        await c.query(insert);
        await c.query(sql(all[at]!));
        expect((await c.query(select)).rows[0]).toEqual({ role: "admin" });
      } finally {
        await c.query(`DROP SCHEMA "${schema}" CASCADE`);
        await c.end();
      }
    }
  });
});

import { describe, expect, it } from "vitest";
import type { Db } from "./client";
import { withLease } from "./lease-lock";

/** A release that fails (database gone at that moment) must not replace the work's result or error. */
function dbWhoseDeleteFails(): Db {
  const lock = {
    create: async () => ({}),
    updateMany: async () => ({ count: 1 }),
    findUnique: async () => null,
    deleteMany: async () => {
      throw new Error("database went away");
    },
  };
  return { lock } as unknown as Db;
}

describe("withLease when release fails", () => {
  it("returns the work's result", async () => {
    await expect(withLease(dbWhoseDeleteFails(), "job", async () => 42)).resolves.toBe(42);
  });

  it("rethrows the work's own error, not the release's", async () => {
    await expect(
      withLease(dbWhoseDeleteFails(), "job", async () => Promise.reject(new Error("the work failed"))),
    ).rejects.toThrow("the work failed");
  });
});

import { describe, expect, it } from "vitest";
import { getOrInsertComputed } from "./get-or-insert";

describe("getOrInsertComputed", () => {
  it("computes a missing value once, stores it and returns the stored value afterwards", () => {
    const map = new Map<string, string[]>();
    let calls = 0;
    const make = (k: string) => {
      calls++;
      return [k];
    };
    const first = getOrInsertComputed(map, "a", make);
    first.push("b");
    expect(getOrInsertComputed(map, "a", make)).toBe(first);
    expect(map.get("a")).toEqual(["a", "b"]);
    expect(calls).toBe(1);
  });

  it("keeps falsy values other than undefined (0 is an index, not a miss)", () => {
    const map = new Map<string, number>([["zero", 0]]);
    expect(getOrInsertComputed(map, "zero", () => 7)).toBe(0);
    expect(getOrInsertComputed(map, "one", () => map.size)).toBe(1);
  });

  it("works on a WeakMap", () => {
    const map = new WeakMap<object, Set<string>>();
    const key = {};
    getOrInsertComputed(map, key, () => new Set()).add("x");
    expect([...(map.get(key) ?? [])]).toEqual(["x"]);
  });
});

import { describe, expect, it } from "vitest";
import { keyed } from "./keyed";

describe("keyed", () => {
  it("keys items by their content and keeps their order and positions", () => {
    expect(keyed(["b", "a"], (s) => s)).toEqual([
      { key: "b", item: "b", index: 0 },
      { key: "a", item: "a", index: 1 },
    ]);
  });

  it("makes repeated content unique, even where a suffixed key is itself an item", () => {
    const keys = keyed([", ", "x", ", ", "x#2", "x"], (s) => s).map((k) => k.key);
    expect(keys).toEqual([", ", "x", ", #2", "x#2", "x#3"]);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("keeps an item's key when an item is inserted before it", () => {
    const before = keyed(["deny", "allow"], (s) => s);
    const after = keyed(["new", "deny", "allow"], (s) => s);
    expect(after.slice(1).map((k) => k.key)).toEqual(before.map((k) => k.key));
  });
});

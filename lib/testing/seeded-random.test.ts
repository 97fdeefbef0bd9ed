import { describe, expect, it } from "vitest";
import { seededRandom } from "./seeded-random";

describe("seededRandom (mulberry32)", () => {
  it("gives the reference mulberry32 sequence, so generated fakes and bench organisations stay as they were", () => {
    const r = seededRandom(1);
    expect([r(), r(), r()].map((x) => x.toFixed(10))).toEqual(["0.6270739406", "0.0027357212", "0.5274470400"]);
  });

  it("is deterministic per seed and stays in [0, 1)", () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const c = seededRandom(43);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(Array.from({ length: 1000 }, () => b())).toEqual(xs);
    expect(c()).not.toBe(xs[0]);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
  });
});

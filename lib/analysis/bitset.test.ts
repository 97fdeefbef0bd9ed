import { describe, expect, it } from "vitest";
import { emptyBits, nonZeroWords, orInto, orIntoWords, setBit } from "./bitset";

const bitsWith = (size: number, set: number[]) => {
  const b = emptyBits(size);
  for (const i of set) setBit(b, i);
  return b;
};

describe("nonZeroWords and orIntoWords: OR only the words a statement touches", () => {
  it.each([
    { name: "empty", set: [], words: [] },
    { name: "first bit", set: [0], words: [0] },
    { name: "last bit", set: [199], words: [6] },
    { name: "one service's block", set: [64, 70, 95, 96], words: [2, 3] },
    { name: "two services apart", set: [3, 150], words: [0, 4] },
  ])("$name: its words, and the same result as a full OR", ({ set, words }) => {
    const b = bitsWith(200, set);
    expect([...nonZeroWords(b)]).toEqual(words);
    const acc = bitsWith(200, [1, 33, 180]);
    const full = orInto(acc.slice(), b);
    orIntoWords(acc, b, nonZeroWords(b));
    expect([...acc]).toEqual([...full]);
  });
});

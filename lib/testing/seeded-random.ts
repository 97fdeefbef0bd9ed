/**
 * mulberry32: a small, fast, deterministic PRNG for generated test data, fakes and benchmarks, so the same seed gives
 * the same organisation, mutations and figures on every run. Not for anything secret.
 * (The sample organisation uses faker's seeded generator instead: lib/sample/random.ts.)
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

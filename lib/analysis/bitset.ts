/**
 * Fixed-size bit sets over the action catalogue (≈22k actions → ≈690 words). Effective permissions are unions,
 * intersections and differences of these, so a principal costs a few thousand word operations, not string matching.
 */
export type Bits = Uint32Array;

export function emptyBits(size: number): Bits {
  return new Uint32Array((size + 31) >>> 5);
}

export function fullBits(size: number): Bits {
  const b = emptyBits(size);
  b.fill(0xffffffff);
  const extra = b.length * 32 - size;
  if (extra > 0) b[b.length - 1] = 0xffffffff >>> extra;
  return b;
}

export function setBit(b: Bits, i: number): void {
  b[i >>> 5]! |= 1 << (i & 31);
}

export function hasBit(b: Bits, i: number): boolean {
  return (b[i >>> 5]! & (1 << (i & 31))) !== 0;
}

/** a |= b (in place). */
export function orInto(a: Bits, b: Bits): Bits {
  for (let i = 0; i < a.length; i++) a[i]! |= b[i]!;
  return a;
}

/** The indices of the words of `b` that hold a set bit, ascending. */
export function nonZeroWords(b: Bits): Uint32Array {
  let n = 0;
  for (let i = 0; i < b.length; i++) if (b[i] !== 0) n++;
  const out = new Uint32Array(n);
  n = 0;
  for (let i = 0; i < b.length; i++) if (b[i] !== 0) out[n++] = i;
  return out;
}

/** a |= b over the words `words` only (nonZeroWords(b): b is zero elsewhere). */
export function orIntoWords(a: Bits, b: Bits, words: Uint32Array): void {
  for (let k = 0; k < words.length; k++) {
    const i = words[k]!;
    a[i]! |= b[i]!;
  }
}

export function and(a: Bits, b: Bits): Bits {
  const out = new Uint32Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i]! & b[i]!;
  return out;
}

/** a & ~b */
export function andNot(a: Bits, b: Bits): Bits {
  const out = new Uint32Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i]! & ~b[i]!;
  return out;
}

/** ~a within `size` bits. */
export function not(a: Bits, size: number): Bits {
  return andNot(fullBits(size), a);
}

export function popcount(b: Bits): number {
  let n = 0;
  for (let i = 0; i < b.length; i++) {
    let v = b[i]!;
    v = v - ((v >>> 1) & 0x55555555);
    v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
    n += (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
  }
  return n;
}

export function isEmpty(b: Bits): boolean {
  for (let i = 0; i < b.length; i++) if (b[i] !== 0) return false;
  return true;
}

/** Every set bit index, ascending. */
export function* bitsOf(b: Bits): Generator<number> {
  for (let w = 0; w < b.length; w++) {
    let v = b[w]!;
    while (v !== 0) {
      const t = v & -v;
      yield (w << 5) + (31 - Math.clz32(t));
      v ^= t;
    }
  }
}

/** a ⊇ b */
export function covers(a: Bits, b: Bits): boolean {
  for (let i = 0; i < a.length; i++) if ((b[i]! & ~a[i]!) !== 0) return false;
  return true;
}

/** The first set bit in [start, end), or -1; checks whole words, so a range costs (end-start)/32 steps. */
export function firstInRange(b: Bits, start: number, end: number): number {
  for (let w = start >>> 5; w <= (end - 1) >>> 5 && w < b.length; w++) {
    let v = b[w]!;
    if (v === 0) continue;
    const lo = w << 5;
    if (lo < start) v &= ~0 << (start - lo);
    if (lo + 32 > end) v &= end - lo >= 32 ? ~0 : (1 << (end - lo)) - 1;
    if (v !== 0) return lo + (31 - Math.clz32(v & -v));
  }
  return -1;
}

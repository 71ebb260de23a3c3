/**
 * The test kit's seeded pseudo-random generator (sfc32 seeded through splitmix32), so that every fuzz input is a pure
 * function of `(seed, index)`, every generated test input a function of its seed, and any run can be replayed.
 */

/** splitmix32: a well-mixed 32-bit value from a 32-bit state. */
function splitmix32(x: number): number {
  x = (x + 0x9e3779b9) | 0;
  let z = x;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** A seeded generator with the helpers the mutators need. */
export class Prng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** A generator for input `index` of a run seeded with `seed` (both 32-bit integers). */
  constructor(seed: number, index = 0) {
    this.a = splitmix32(seed ^ 0x5bd1e995);
    this.b = splitmix32(this.a ^ index);
    this.c = splitmix32(this.b + 0x632be5ab);
    this.d = splitmix32(this.c ^ 0x1b873593);
    for (let i = 0; i < 12; i++) this.u32();
  }

  /** A uniform 32-bit unsigned integer (sfc32). */
  u32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    return this.u32() / 4294967296;
  }

  /** An integer in [0, n) (n >= 1). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** An integer in [lo, hi]. */
  range(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** One element of a non-empty list. */
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)]!;
  }

  /** One element chosen by weight: `[weight, value]` pairs. */
  weighted<T>(xs: readonly (readonly [number, T])[]): T {
    let total = 0;
    for (const [w] of xs) total += w;
    let x = this.next() * total;
    for (const [w, v] of xs) {
      x -= w;
      if (x < 0) return v;
    }
    return xs[xs.length - 1]![1];
  }

  /** A size skewed towards small values: up to `max`, each doubling about as likely as the last. */
  size(max: number): number {
    const bits = this.int(Math.max(1, Math.ceil(Math.log2(max + 1))) + 1);
    return Math.min(max, this.int(2 ** bits));
  }

  /** `n` random bytes. */
  bytes(n: number): Uint8Array {
    const b = new Uint8Array(n);
    for (let i = 0; i < n; i++) b[i] = this.u32() & 0xff;
    return b;
  }
}

/** FNV-1a of bytes, as 8 hex digits (names of saved fixtures). */
export function fnv1a(data: Uint8Array): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < data.length; i++) h = Math.imul(h ^ data[i]!, 0x01000193);
  return (h >>> 0).toString(16).padStart(8, '0');
}

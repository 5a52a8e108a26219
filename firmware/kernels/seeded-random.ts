// Seeded random numbers for the tests (the kernels' exact cases, the signal path's noise, the
// compiler's differential inputs): the same values on every run and machine.

export type Rng = ReturnType<typeof rng>;

/** mulberry32: small, seeded, the same on every run. */
export function rng(seed: number): { u32(): number; int(lo: number, hi: number): number; pick<T>(a: readonly T[]): T; chance(p: number): boolean } {
  let s = seed >>> 0;
  const u32 = (): number => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  const int = (lo: number, hi: number): number => lo + Math.floor((u32() / 4294967296) * (hi - lo + 1));
  return { u32, int, pick: (a) => a[int(0, a.length - 1)], chance: (p) => u32() / 4294967296 < p };
}

/**
 * n finite f32 values: mostly uniform in ±1 times 2^e with e in [-8, 8] (sums that round at
 * every step), some ±0, exact small integers and magnitudes 2^±30 (products and sums of a few
 * hundred of them stay finite and normal: no overflow to a NaN whose bits differ by target).
 */
export function floats(r: Rng, n: number): Float32Array {
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const k = r.int(0, 19);
    if (k === 0) a[i] = r.chance(0.5) ? 0 : -0;
    else if (k === 1) a[i] = r.int(-8, 8);
    else if (k === 2) a[i] = (r.chance(0.5) ? 1 : -1) * 2 ** r.int(-30, 30) * (1 + r.u32() / 4294967296);
    else a[i] = (r.u32() / 2147483648 - 1) * 2 ** r.int(-8, 8);
  }
  return a;
}

/** n int16 samples: mostly uniform over the whole range, some 0, ±1 and the extremes −32768 / 32767. */
export function int16s(r: Rng, n: number): Int16Array {
  const a = new Int16Array(n);
  for (let i = 0; i < n; i++) {
    const k = r.int(0, 15);
    a[i] = k === 0 ? r.pick([0, 1, -1, -32768, 32767]) : r.int(-32768, 32767);
  }
  return a;
}

// Cases for the element-wise kernels of two arrays (add_f32, mul_f32: a, ao, b, bo, dst, dso, n):
// lengths 0..40 (every tail of a 4- or 8-wide loop) and a few long ones, at any offsets, with
// dst's elements outside [dso, dso + n) there to stay as they were.
import type { KernelCase } from "./exact-on-boards.ts";
import { floats, rng } from "./seeded-random.ts";

export function elementwiseCases(seed: number): KernelCase[] {
  const cases: KernelCase[] = [];
  for (let i = 0; i < 120; i++) {
    const r = rng(seed + i);
    const n = i < 41 ? i : r.int(41, 300);
    const ao = r.int(0, 7), bo = r.int(0, 7), dso = r.int(0, 7);
    cases.push({ name: `n=${n} ao=${ao} bo=${bo} dso=${dso}`, args: [floats(r, ao + n + 3), ao, floats(r, bo + n + 3), bo, floats(r, dso + n + 5), dso, n] });
  }
  return cases;
}

// pn_scale_f32 per core: lengths 0..40 (every tail of a 4- or 8-wide loop) and a few long ones, at
// any offsets, with scales of every kind floats() draws; dst outside [dso, dso + n) stays as it was.
import { describeExactOnBoards, type KernelCase } from "../exact-on-boards.ts";
import { floats, rng } from "../seeded-random.ts";

const cases: KernelCase[] = [];
for (let i = 0; i < 120; i++) {
  const r = rng(0x5ca1e + i);
  const n = i < 41 ? i : r.int(41, 300);
  const ao = r.int(0, 7), dso = r.int(0, 7);
  const s = floats(r, 1)[0];
  cases.push({ name: `n=${n} s=${s} ao=${ao} dso=${dso}`, args: [floats(r, ao + n + 3), ao, s, floats(r, dso + n + 5), dso, n] });
}
describeExactOnBoards("scale_f32", cases);

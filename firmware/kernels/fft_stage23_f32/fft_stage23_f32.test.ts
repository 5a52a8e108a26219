// pn_fft_stage23_f32 per core: lengths that are multiples of 6 (and ones that are not, or not
// positive: nothing written), strides 1..8, forward and inverse, random twiddles; the output
// elements the stages do not write must stay as they were.
import { describeExactOnBoards, type KernelCase } from "../exact-on-boards.ts";
import { floats, rng } from "../seeded-random.ts";

const cases: KernelCase[] = [];
for (let i = 0; i < 120; i++) {
  const r = rng(0x2323 + i);
  const n = i < 110 ? 6 * r.int(1, 30) : r.pick([0, -6, 4, 9, 15, 32]);
  const s = i < 110 ? r.pick([1, 1, 2, 3, 4, 8]) : r.pick([1, 0, -1]);
  const sg = r.chance(0.5) ? 1 : -1;
  const len = Math.max(n * s, 0) + 4; // every input and output index is below n·s
  const tw = 2 * Math.max(n * s, 1) + 1; // radix-2 twiddles up to 2·(n/2)·s, radix-3 up to 2·2·(n/6)·2s
  const args = [floats(r, tw), floats(r, tw), floats(r, len), floats(r, len), floats(r, len), floats(r, len), n, s, sg];
  cases.push({ name: `n=${n} s=${s} sg=${sg}`, args });
}
describeExactOnBoards("fft_stage23_f32", cases);

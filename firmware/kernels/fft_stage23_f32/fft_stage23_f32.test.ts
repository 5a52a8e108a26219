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
// cfft480's shape (n = 30, s = 16: the kernel's constant-stride loop), forward and inverse, on
// random values and on values from {±0, ±1, 2} whose sums and differences are often ±0
const zeroish = (r: ReturnType<typeof rng>, n: number): Float32Array => Float32Array.from({ length: n }, () => r.pick([0, -0, 0, -0, 1, -1, 2]));
for (const sg of [1, -1]) {
  for (const [kind, gen] of [["random", floats], ["zeroish", zeroish]] as const) {
    const r = rng(0x3016 + (sg > 0 ? 0 : 1) + (kind === "random" ? 0 : 2));
    const len = 30 * 16 + 4;
    const args = [gen(r, 961), gen(r, 961), gen(r, len), gen(r, len), floats(r, len), floats(r, len), 30, 16, sg];
    cases.push({ name: `cfft480 shape n=30 s=16 sg=${sg} ${kind}`, args });
  }
}
describeExactOnBoards("fft_stage23_f32", cases);

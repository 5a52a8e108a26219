// pn_fft_stage_f32 per core: radix 2, 3, 4 and 5 (and radixes it must ignore), lengths that are
// and are not multiples of the radix, strides 1..8, forward and inverse, random twiddles; the
// output elements the stage does not write must stay as they were; and cfft480's own shapes.
import { describeExactOnBoards, type KernelCase } from "../exact-on-boards.ts";
import { floats, rng } from "../seeded-random.ts";

const cases: KernelCase[] = [];
for (let i = 0; i < 160; i++) {
  const r = rng(0xff7 + i);
  const radix = i < 150 ? 2 + (i % 4) : r.pick([0, 1, 6, 7, -2]);
  const m = r.int(1, 24);
  const n = Math.max(radix, 1) * m + (r.chance(0.2) ? r.int(1, Math.max(radix - 1, 1)) : 0);
  const s = r.pick([1, 1, 2, 3, 4, 5, 8]);
  const sg = r.chance(0.5) ? 1 : -1;
  const len = n * s + 4; // every input and output index is below n·s
  const tw = 2 * Math.max(radix, 1) * m * s + 1; // twiddle index k·2·p·s, k < radix, p < m
  const args = [floats(r, tw), floats(r, tw), floats(r, len), floats(r, len), floats(r, len), floats(r, len), radix, n, s, sg];
  cases.push({ name: `r=${radix} n=${n} s=${s} sg=${sg}`, args });
}
// cfft480's shapes (the kernel's shape- and sign-specialized loops, sg folded into the additions),
// forward and inverse, on random values and on values from {±0, ±1, 2} whose sums and differences
// are often ±0 (the folding must keep the sign of every zero)
const zeroish = (r: ReturnType<typeof rng>, n: number): Float32Array => Float32Array.from({ length: n }, () => r.pick([0, -0, 0, -0, 1, -1, 2]));
for (const [radix, n, s] of [[4, 480, 1], [4, 120, 4], [5, 5, 96]]) {
  for (const sg of [1, -1]) {
    for (const [kind, gen] of [["random", floats], ["zeroish", zeroish]] as const) {
      const r = rng(0x480 + radix * 1000 + n + s * 7 + (sg > 0 ? 0 : 1) + (kind === "random" ? 0 : 2));
      const len = n * s + 4;
      const args = [gen(r, 961), gen(r, 961), gen(r, len), gen(r, len), floats(r, len), floats(r, len), radix, n, s, sg];
      cases.push({ name: `cfft480 shape r=${radix} n=${n} s=${s} sg=${sg} ${kind}`, args });
    }
  }
}
describeExactOnBoards("fft_stage_f32", cases);

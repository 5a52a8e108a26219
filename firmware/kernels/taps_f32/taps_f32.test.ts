// pn_taps_f32 per core: 0..12 taps at offsets in any order (negative ones too, repeated ones),
// outputs 0..40 and long runs, at any offsets; out outside [oo, oo + n) stays as it was.
import { describeExactOnBoards, type KernelCase } from "../exact-on-boards.ts";
import { floats, rng } from "../seeded-random.ts";

const cases: KernelCase[] = [];
for (let i = 0; i < 160; i++) {
  const r = rng(0x7a95 + i);
  const taps = i % 13;
  const n = i < 82 ? r.int(0, 40) : r.int(41, 300);
  const xo = r.int(0, 40), oo = r.int(0, 7);
  const off = Int32Array.from({ length: taps + 2 }, () => r.int(-xo, 40));
  cases.push({ name: `taps=${taps} n=${n} xo=${xo} off=${[...off.subarray(0, taps)]}`, args: [floats(r, xo + 40 + n + 2), xo, off, floats(r, taps + 2), taps, floats(r, oo + n + 5), oo, n] });
}
describeExactOnBoards("taps_f32", cases);

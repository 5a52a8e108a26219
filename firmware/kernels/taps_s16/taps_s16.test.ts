// pn_taps_s16 per core (the comb filter on the int16 input history): 0..12 taps at offsets in any
// order over int16 samples read as s / 32768, extremes included; out outside [oo, oo + n) stays as
// it was.
import { describeExactOnBoards, type KernelCase } from "../exact-on-boards.ts";
import { floats, int16s, rng } from "../seeded-random.ts";

const cases: KernelCase[] = [];
for (let i = 0; i < 160; i++) {
  const r = rng(0x7516 + i);
  const taps = i % 13;
  const n = i < 82 ? r.int(0, 40) : r.int(41, 300);
  const xo = r.int(0, 40), oo = r.int(0, 7);
  const off = Int32Array.from({ length: taps + 2 }, () => r.int(-xo, 40));
  cases.push({ name: `taps=${taps} n=${n} xo=${xo} off=${[...off.subarray(0, taps)]}`, args: [int16s(r, xo + 40 + n + 2), xo, off, floats(r, taps + 2), taps, floats(r, oo + n + 5), oo, n] });
}
describeExactOnBoards("taps_s16", cases);

// pn_xcorr_energies_s16 per core (the int16 pitch refinement's fused pass): 3, 4 and 5 lags (the
// fused loops) at every length 0..40 (every tail of their unrolling) and long ones up to the
// refinement's 960, other lag counts 0..9 (the three kernels), at any offsets, extremes included;
// xy, yy and xx outside what they receive stay as they were.
import { describeExactOnBoards, type KernelCase } from "../exact-on-boards.ts";
import { floats, int16s, rng } from "../seeded-random.ts";

const cases: KernelCase[] = [];
for (let i = 0; i < 173; i++) {
  const r = rng(0xe5e16 + i);
  const lags = i < 153 ? 3 + (i % 3) : i % 10;
  const n = i < 123 ? Math.floor(i / 3) : r.int(0, i < 138 ? 400 : 960);
  // x[xo + k] and x[yo − l + k] for k < n, l < lags: yo ≥ lags − 1, both windows inside x
  const xo = r.int(0, 900), yo = Math.max(lags - 1, 0) + r.int(0, 900);
  const len = Math.max(xo, yo) + n + 3;
  cases.push({ name: `lags=${lags} n=${n} xo=${xo} yo=${yo}`, args: [int16s(r, len), xo, yo, n, lags, floats(r, lags + 3), floats(r, lags + 3), floats(r, 3)] });
}
describeExactOnBoards("xcorr_energies_s16", cases);

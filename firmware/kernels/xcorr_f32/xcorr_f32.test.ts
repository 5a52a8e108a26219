// pn_xcorr_f32 per core: lag counts 0..24 (every block split: 4m, 4m+1 with its 5-lane block, 2
// or 3 leftovers, a single lag) and pitch-search sizes, lengths 0..40 and long ones, at any
// offsets; out outside [oo, oo + lags) stays as it was.
import { describeExactOnBoards, type KernelCase } from "../exact-on-boards.ts";
import { floats, rng } from "../seeded-random.ts";

const cases: KernelCase[] = [];
for (let i = 0; i < 200; i++) {
  const r = rng(0xc022 + i);
  const lags = i < 125 ? i % 25 : r.int(25, 160);
  const n = i < 125 ? Math.floor(i / 25) * 9 + r.int(0, 8) : r.int(0, 400);
  const xo = r.int(0, 7), oo = r.int(0, 7);
  // y[yo − l + k] for l < lags, k < n: yo ≥ lags − 1, and yo + n within y.
  const yo = Math.max(lags - 1, 0) + r.int(0, 5);
  cases.push({ name: `lags=${lags} n=${n} xo=${xo} yo=${yo} oo=${oo}`, args: [floats(r, xo + n + 2), xo, floats(r, yo + n + 2), yo, n, lags, floats(r, oo + lags + 5), oo] });
}
describeExactOnBoards("xcorr_f32", cases);

// pn_energy_lags_s16 per core (the int16 input history's pitch refinement): lag counts 0..24 and
// pitch-search sizes over int16 samples read as s / 32768, extremes included; out outside
// [oo, oo + lags) stays as it was.
import { describeExactOnBoards, type KernelCase } from "../exact-on-boards.ts";
import { floats, int16s, rng } from "../seeded-random.ts";

const cases: KernelCase[] = [];
for (let i = 0; i < 200; i++) {
  const r = rng(0xe516 + i);
  const lags = i < 125 ? i % 25 : r.int(25, 160);
  const n = i < 125 ? Math.floor(i / 25) * 9 + r.int(0, 8) : r.int(0, 400);
  const oo = r.int(0, 7);
  const yo = Math.max(lags - 1, 0) + r.int(0, 5);
  cases.push({ name: `lags=${lags} n=${n} yo=${yo} oo=${oo}`, args: [int16s(r, yo + n + 2), yo, n, lags, floats(r, oo + lags + 5), oo] });
}
describeExactOnBoards("energy_lags_s16", cases);

// pn_dot_f32 per core (CMSIS-DSP's arm_dot_prod_f32 where the board's variant sums in order):
// lengths 0..40 (every tail of the unrolled loops) and long ones up to 500, at any offsets; the
// sum must round at every step exactly as the reference's left-to-right order.
import { describeExactOnBoards, type KernelCase } from "../exact-on-boards.ts";
import { floats, rng } from "../seeded-random.ts";

const cases: KernelCase[] = [];
for (let i = 0; i < 160; i++) {
  const r = rng(0xd07 + i);
  const n = i < 41 ? i : r.int(41, 500);
  const ao = r.int(0, 7), bo = r.int(0, 7);
  cases.push({ name: `n=${n} ao=${ao} bo=${bo}`, args: [floats(r, ao + n), ao, floats(r, bo + n), bo, n] });
}
describeExactOnBoards("dot_f32", cases);

// Baseline band gains without a network: a per-band noise floor tracked from the noisy band
// energies (fast fall, slow rise: a minimum follower) and a Wiener-style gain from it. It is the
// firmware's fallback when no trained model is built in, and a floor the network must beat.
import { f32, i32, bool, sqrt_f32, max_f32 } from "../prelude.ts";

/** Floor rise per frame: 1.02 is +0.086 dB per 10 ms, so a floor catches up 8.6 dB per second. */
const RISE: f32 = 1.02;
/** Weight of a new lower energy: the floor falls to a quiet band within a few frames. */
const FALL: f32 = 0.2;
/** Lowest gain: -20 dB, to keep residual noise natural rather than gated. */
const G_MIN: f32 = 0.1;
/** Over-subtraction of the floor. */
const ALPHA: f32 = 1.5;
const E_MIN: f32 = 1e-9;

export class BaselineState {
  floor: Float32Array = new Float32Array(34);
  started: bool = false;
}

export function baseline_init(bs: BaselineState): void {
  for (let b: i32 = 0; b < 34; b++) {
    bs.floor[b] = 0;
  }
  bs.started = false;
}

/** Gains g and strengths r (all 0: no comb filtering) from frame B's noisy band energies ey. */
export function baseline_gains(bs: BaselineState, ey: Float32Array, g: Float32Array, r: Float32Array): void {
  for (let b: i32 = 0; b < 34; b++) {
    const e: f32 = ey[b] + E_MIN;
    if (!bs.started) {
      bs.floor[b] = e;
    } else if (e < bs.floor[b]) {
      bs.floor[b] = bs.floor[b] + FALL * (e - bs.floor[b]);
    } else {
      bs.floor[b] = bs.floor[b] * RISE;
    }
    // A floor that rose above a loud band would cut speech onsets: keep it at or below e.
    if (bs.floor[b] > e) {
      bs.floor[b] = e;
    }
    const keep: f32 = 1 - ALPHA * bs.floor[b] / e;
    g[b] = max_f32(G_MIN, sqrt_f32(max_f32(keep, 0)));
    r[b] = 0;
  }
  bs.started = true;
}

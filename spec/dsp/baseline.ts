// Baseline band gains without a network: a per-band noise floor tracked from smoothed noisy band
// energies (a minimum follower: fast fall, slow rise) and a Wiener-style gain from it, smoothed
// over time against musical noise. It is the firmware's fallback when no trained model is built
// in, and a floor the network must beat.
import { f32, i32, bool, sqrt_f32, max_f32 } from "../prelude.ts";
import { NB_BANDS } from "../config.ts";

/** Energy smoothing per frame (one-pole): about 30 ms. */
const SMOOTH: f32 = 0.3;
/** Floor rise per frame: 1.03 is +0.13 dB per 10 ms, so a floor catches up 13 dB per second. */
const RISE: f32 = 1.03;
/** Weight of a new lower energy: the floor falls to a quieter band within a few frames. */
const FALL: f32 = 0.3;
/** Lowest gain: -14 dB, to keep residual noise natural rather than gated. */
const G_MIN: f32 = 0.2;
/** A gain may fall at most this much per frame (release), but rises at once (attack). */
const RELEASE: f32 = 0.8;
const E_MIN: f32 = 1e-9;

export class BaselineState {
  es: Float32Array = new Float32Array(NB_BANDS);
  floor: Float32Array = new Float32Array(NB_BANDS);
  g: Float32Array = new Float32Array(NB_BANDS);
  started: bool = false;
}

export function baseline_init(bs: BaselineState): void {
  for (let b: i32 = 0; b < NB_BANDS; b++) {
    bs.es[b] = 0;
    bs.floor[b] = 0;
    bs.g[b] = 1;
  }
  bs.started = false;
}

/** Gains g and strengths r (all 0: no comb filtering) from frame B's noisy band energies ey. */
export function baseline_gains(bs: BaselineState, ey: Float32Array, g: Float32Array, r: Float32Array): void {
  for (let b: i32 = 0; b < NB_BANDS; b++) {
    const e: f32 = ey[b] + E_MIN;
    // Start (or restart after silence, such as the stream's first 30 ms) from the energy itself.
    if (!bs.started || bs.floor[b] <= 2 * E_MIN) {
      bs.es[b] = e;
      bs.floor[b] = e;
    } else {
      bs.es[b] = bs.es[b] + SMOOTH * (e - bs.es[b]);
      if (bs.es[b] < bs.floor[b]) {
        bs.floor[b] = bs.floor[b] + FALL * (bs.es[b] - bs.floor[b]);
      } else {
        bs.floor[b] = bs.floor[b] * RISE;
      }
    }
    if (bs.floor[b] > bs.es[b]) {
      bs.floor[b] = bs.es[b];
    }
    const target: f32 = max_f32(G_MIN, sqrt_f32(max_f32(1 - bs.floor[b] / bs.es[b], 0)));
    bs.g[b] = max_f32(target, bs.g[b] * RELEASE);
    g[b] = bs.g[b];
    r[b] = 0;
  }
  bs.started = true;
}

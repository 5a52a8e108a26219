// The oracle: ideal band gains g_b and comb-filter strengths r_b from the clean reference
// (facts sheet formulas, every square root and division guarded). The same code writes the
// network's training targets.
import { f32, i32, sqrt_f32, clamp_f32, max_f32 } from "../prelude.ts";
import { NB_BANDS } from "../config.ts";

/** n0 of the extra attenuation when the comb filter cannot reach the clean coherence. */
export const ORACLE_N0: f32 = 0.03;
/** Energy floor (per band) below which a band counts as silent. */
export const ORACLE_FLOOR: f32 = 1e-9;

/** g[b] = sqrt(ex[b] / ey[b]) clamped to [0, 1]; a silent noisy band gets 1 (nothing to remove). */
export function oracle_gains(ex: Float32Array, ey: Float32Array, g: Float32Array): void {
  for (let b: i32 = 0; b < NB_BANDS; b++) {
    let v: f32 = 1;
    if (ey[b] > ORACLE_FLOOR) {
      v = sqrt_f32(max_f32(ex[b], 0) / ey[b]);
    }
    g[b] = clamp_f32(v, 0, 1);
  }
}

/**
 * Strengths r[b] from the clean coherence qx, the noisy coherence qy and the comb filter's eps.
 * Where the comb filter cannot reach qx (q_hat < qx), r = 1 and g[b] is multiplied by
 * g_att = sqrt((1 + n0 - qx^2) / (1 + n0 - q_hat^2)).
 */
export function oracle_strengths(qx: Float32Array, qy: Float32Array, eps: f32, g: Float32Array, r: Float32Array): void {
  for (let b: i32 = 0; b < NB_BANDS; b++) {
    const x: f32 = clamp_f32(qx[b], 0, 1);
    const y: f32 = clamp_f32(qy[b], 0, 1);
    const x2: f32 = x * x;
    const y2: f32 = y * y;
    // coherence after full filtering; the argument is >= eps > 0
    const qh: f32 = y / sqrt_f32((1 - eps) * y2 + eps);
    const qh2: f32 = qh * qh;
    let rb: f32 = 0;
    if (qh < x) {
      rb = 1;
      // both arguments >= n0 > 0 since the coherences are in [0, 1]
      const att: f32 = sqrt_f32((1 + ORACLE_N0 - x2) / (1 + ORACLE_N0 - qh2));
      g[b] = g[b] * clamp_f32(att, 0, 1);
    } else if (x2 > y2) {
      // alpha = (sqrt(b^2 + a c) - b) / a, a = qh^2 - qx^2 >= 0, c = qx^2 - qy^2 > 0, written as
      // c / (sqrt(b^2 + a c) + b), which stays finite as a -> 0
      const a: f32 = max_f32(qh2 - x2, 0);
      const bb: f32 = qh * y * (1 - x2);
      const c: f32 = x2 - y2;
      const den: f32 = sqrt_f32(max_f32(bb * bb + a * c, 0)) + bb;
      if (den > 1e-12) {
        const alpha: f32 = c / den;
        rb = alpha / (1 + alpha);
      } else {
        rb = 1;
      }
    }
    r[b] = clamp_f32(rb, 0, 1);
  }
}

// Band gains and strengths: sanitizing what comes in (from the network or the oracle) and
// spreading band values to the 481 bins with the bands' triangular weights.
import { f32, i32 } from "../prelude.ts";
import { interp_bands } from "./bands.ts";

/** out[b] = in[b] clamped to [0, 1]; NaN gives 0. n values. */
export function unit_sanitize(v: Float32Array, out: Float32Array, n: i32): void {
  for (let b: i32 = 0; b < n; b++) {
    let g: f32 = v[b];
    if (g !== g) {
      g = 0;
    }
    if (g < 0) {
      g = 0;
    }
    if (g > 1) {
      g = 1;
    }
    out[b] = g;
  }
}

/** Band values to bins: out[oo + k] = sum_b w_b(k) v[b] (see interp_bands). */
export function gains_to_bins(v: Float32Array, out: Float32Array, oo: i32): void {
  interp_bands(v, out, oo);
}

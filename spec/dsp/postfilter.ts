// The envelope postfilter (facts sheet): g_w = g sin(pi g / 2) per band, then a global gain
// G = sqrt((1 + beta) (E0/E1) / (1 + beta (E0/E1)^2)), beta = 0.02, where E0 and E1 are the
// frame energies after applying g and g_w. Output gains: G g_w.
import { f32, i32, sqrt_f32, min_f32 } from "../prelude.ts";
import { NB_BANDS } from "../config.ts";
import { sinpi_f32 } from "./math.ts";

export const PF_BETA: f32 = 0.02;

/** out[b] = G g_w[b] for the band gains g and the band energies e of the signal they scale. */
export function postfilter(g: Float32Array, e: Float32Array, out: Float32Array): void {
  let e0: f32 = 0;
  let e1: f32 = 0;
  for (let b: i32 = 0; b < NB_BANDS; b++) {
    const gb: f32 = g[b];
    const gw: f32 = gb * sinpi_f32(0.5 * gb);
    out[b] = gw;
    e0 = e0 + gb * gb * e[b];
    e1 = e1 + gw * gw * e[b];
  }
  let gg: f32 = 1;
  if (e1 > 0 && e0 > 0) {
    // E0/E1 >= 1 since g_w <= g; capped so that its square stays finite
    const ratio: f32 = min_f32(e0 / e1, 1e6);
    gg = sqrt_f32((1 + PF_BETA) * ratio / (1 + PF_BETA * ratio * ratio));
  }
  for (let b: i32 = 0; b < NB_BANDS; b++) {
    out[b] = gg * out[b];
  }
}

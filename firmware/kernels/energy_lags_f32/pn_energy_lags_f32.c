/*
 * Energies of windows sliding back one sample per lag (prelude energy_lags_f32):
 * out[oo+l] = Σ_k y[yo−l+k]², each lag summed left to right from 0 like pn_dot_f32(y, yo−l, y, yo−l, n).
 * The lanes (pn_energy_lanes.h) share each square between up to 5 lags; a single lag on its own
 * goes through pn_dot_f32.
 */
#include "pn_rt.h"

#define PN_SAMPLE float
#define PN_LD(p, k) ((p)[k])
#include "pn_energy_lanes.h"

void pn_energy_lags_f32(const float *y, int32_t yo, int32_t n, int32_t lags, float *out, int32_t oo) {
  int32_t l = energy_blocks(y, yo, n, lags, out, oo);
  for (; l < lags; l++) out[oo + l] = pn_dot_f32(y, yo - l, y, yo - l, n);
}

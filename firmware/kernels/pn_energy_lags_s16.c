/*
 * Energies of int16 windows sliding back one sample per lag (prelude energy_lags_s16): each sample
 * read as s / 32768 (exact), out[oo+l] = Σ_k (y[yo−l+k]/32768)², each lag summed left to right
 * from 0. The lanes (pn_energy_lanes.h) convert each sample once as they load it.
 */
#include "pn_rt.h"

#define PN_SAMPLE int16_t
#define PN_LD(p, k) pn_q15_f32((p)[k])
#include "pn_energy_lanes.h"

void pn_energy_lags_s16(const int16_t *y, int32_t yo, int32_t n, int32_t lags, float *out, int32_t oo) {
  int32_t l = energy_blocks(y, yo, n, lags, out, oo);
  for (; l < lags; l++) {
    float s = 0.0f;
    int32_t k;
    for (k = 0; k < n; k++) {
      float v = PN_LD(y, yo - l + k);
      s += v * v;
    }
    out[oo + l] = s;
  }
}

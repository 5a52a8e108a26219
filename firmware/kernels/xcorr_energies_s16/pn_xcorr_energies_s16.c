/*
 * The int16 pitch refinement's three sums in one pass (prelude xcorr_energies_s16): over the history
 * x, each sample read as s / 32768 (exact), xx[0] = Σ_k x[xo+k]², xy[l] = Σ_k x[xo+k]·x[yo−l+k] and
 * yy[l] = Σ_k x[yo−l+k]², l < lags, each summed left to right from 0 (the bits of energy_lags_s16,
 * xcorr_s16 and energy_lags_s16). With 3, 4 or 5 lags the fused lanes
 * (xcorr_energies_f32/pn_xcorr_energies_lanes.h) convert each sample once and feed the 2 lags + 1
 * sums; any other count calls the three kernels.
 */
#include "pn_rt.h"

#define PN_SAMPLE int16_t
#define PN_LD(p, k) pn_q15_f32((p)[k])
#include "../xcorr_energies_f32/pn_xcorr_energies_lanes.h"

void pn_xcorr_energies_s16(const int16_t *x, int32_t xo, int32_t yo, int32_t n, int32_t lags, float *xy, float *yy,
                           float *xx) {
  if (n > 0 && lags >= 3 && lags <= 5) {
    if (lags == 5) fused5(x, xo, yo, n, xy, yy, xx);
    else if (lags == 4) fused4(x, xo, yo, n, xy, yy, xx);
    else fused3(x, xo, yo, n, xy, yy, xx);
    return;
  }
  pn_energy_lags_s16(x, xo, n, 1, xx, 0);
  pn_xcorr_s16(x, xo, x, yo, n, lags, xy, 0);
  pn_energy_lags_s16(x, yo, n, lags, yy, 0);
}

/*
 * The f32 pitch search's three sums in one pass (prelude xcorr_energies_f32): xx[0] = Σ_k x[xo+k]²,
 * xy[l] = Σ_k x[xo+k]·x[yo−l+k] and yy[l] = Σ_k x[yo−l+k]², l < lags, each summed left to right from
 * 0 (the bits of dot_f32 of the window with itself, xcorr_f32 and energy_lags_f32). With 3, 4 or 5
 * lags the fused lanes (pn_xcorr_energies_lanes.h) load each sample once and feed the 2 lags + 1
 * sums; any other count calls the three kernels.
 */
#include "pn_rt.h"

#define PN_SAMPLE float
#define PN_LD(p, k) ((p)[k])
#include "pn_xcorr_energies_lanes.h"

void pn_xcorr_energies_f32(const float *x, int32_t xo, int32_t yo, int32_t n, int32_t lags, float *xy, float *yy,
                           float *xx) {
  if (n > 0 && lags >= 3 && lags <= 5) {
    if (lags == 5) fused5(x, xo, yo, n, xy, yy, xx);
    else if (lags == 4) fused4(x, xo, yo, n, xy, yy, xx);
    else fused3(x, xo, yo, n, xy, yy, xx);
    return;
  }
  pn_energy_lags_f32(x, xo, n, 1, xx, 0);
  pn_xcorr_f32(x, xo, x, yo, n, lags, xy, 0);
  pn_energy_lags_f32(x, yo, n, lags, yy, 0);
}

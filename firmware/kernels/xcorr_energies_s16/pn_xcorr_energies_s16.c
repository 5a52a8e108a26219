/*
 * The int16 pitch refinement's three sums in one pass (prelude xcorr_energies_s16): over the history
 * x, each sample read as s / 32768 (exact), xx[0] = Σ_k x[xo+k]², xy[l] = Σ_k x[xo+k]·x[yo−l+k] and
 * yy[l] = Σ_k x[yo−l+k]², l < lags, each summed left to right from 0 (the bits of energy_lags_s16,
 * xcorr_s16 and energy_lags_s16). With 3, 4 or 5 lags the fused lanes
 * (xcorr_energies_f32/pn_xcorr_energies_lanes.h) convert each sample once and feed the 2 lags + 1
 * sums; any other count calls the three kernels.
 *
 * 3 and 4 lags run the 5-lag pass too, over the lagged windows moved forward by d = 5 − lags
 * (lane j + d of it is lag j here; lanes 0 .. d − 1 are dropped): every lag's sums are its own, so
 * the bits are those of the 3- or 4-lane pass, and the 48 kHz refinement costs the same whether or
 * not its c ± 2 is cut at the period's bounds (issue 18: no frame-to-frame spread from the period).
 * It reads d more samples after the lagged windows, x[yo + n .. yo + n + d − 1]: in the product
 * (best_lag_s16 in spec/dsp/pitch.ts) they are inside the history's mirror (WINDOW_SIZE + LAG_CHUNK
 * samples past the ring), and never past x[xo + n − 1] when the lags are positive. (The 5-lag
 * case writes straight to xy and yy; the 3- and 4-lag ones through t, copied after.)
 */
#include "pn_rt.h"

#define PN_SAMPLE int16_t
#define PN_LD(p, k) pn_q15_f32((p)[k])
#define PN_FUSED5_ONLY
#include "../xcorr_energies_f32/pn_xcorr_energies_lanes.h"

void pn_xcorr_energies_s16(const int16_t *x, int32_t xo, int32_t yo, int32_t n, int32_t lags, float *xy, float *yy,
                           float *xx) {
  if (n > 0 && lags >= 3 && lags <= 5) {
    const int32_t d = 5 - lags;
    float t[10];
    float *oxy = d ? t : xy, *oyy = d ? t + 5 : yy;
    int32_t j;
    fused5(x, xo, yo + d, n, oxy, oyy, xx);
    for (j = 0; j < lags && d; j++) {
      xy[j] = t[j + d];
      yy[j] = t[5 + j + d];
    }
    return;
  }
  pn_energy_lags_s16(x, xo, n, 1, xx, 0);
  pn_xcorr_s16(x, xo, x, yo, n, lags, xy, 0);
  pn_energy_lags_s16(x, yo, n, lags, yy, 0);
}

/*
 * Cross-correlation of int16 samples at consecutive lags (prelude xcorr_s16): each sample read as
 * s / 32768 (exact), out[oo+l] = Σ_k (x[xo+k]/32768)·(y[yo−l+k]/32768), each lag summed left to
 * right from 0. The lanes (pn_xcorr_lanes.h) convert each sample once as they load it; the
 * conversion and its scale are one instruction where the FPU converts from fixed point.
 */
#include "pn_rt.h"

#define PN_SAMPLE int16_t
#define PN_LD(p, k) pn_q15_f32((p)[k])
#include "../xcorr_f32/pn_xcorr_lanes.h"

void pn_xcorr_s16(const int16_t *x, int32_t xo, const int16_t *y, int32_t yo, int32_t n, int32_t lags, float *out,
                  int32_t oo) {
  int32_t l = xcorr_blocks(x, xo, y, yo, n, lags, out, oo);
  for (; l < lags; l++) {
    float s = 0.0f;
    int32_t k;
    for (k = 0; k < n; k++) s += PN_LD(x, xo + k) * PN_LD(y, yo - l + k);
    out[oo + l] = s;
  }
}

/*
 * Cross-correlation at consecutive lags (prelude xcorr_f32):
 * out[oo+l] = Σ_k x[xo+k]·y[yo−l+k], each lag summed left to right from 0 like pn_dot_f32.
 * The lanes (pn_xcorr_lanes.h) share one pass over x between up to 5 lags; a single lag on its
 * own goes through pn_dot_f32.
 */
#include "pn_rt.h"

#define PN_SAMPLE float
#define PN_LD(p, k) ((p)[k])
#include "pn_xcorr_lanes.h"

void pn_xcorr_f32(const float *x, int32_t xo, const float *y, int32_t yo, int32_t n, int32_t lags, float *out,
                  int32_t oo) {
  int32_t l = xcorr_blocks(x, xo, y, yo, n, lags, out, oo);
  for (; l < lags; l++) out[oo + l] = pn_dot_f32(x, xo, y, yo - l, n);
}

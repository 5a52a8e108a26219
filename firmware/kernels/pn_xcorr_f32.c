/*
 * Cross-correlation at consecutive lags (prelude xcorr_f32):
 * out[oo+l] = Σ_k x[xo+k]·y[yo−l+k], each lag summed left to right from 0 like pn_dot_f32.
 *
 * Four lags per pass: lane j needs y[yo−l−j+k], so one new y sample per step feeds all four
 * lanes through a sliding window of registers (2 loads per 4 MACs instead of 8). Each lane has
 * its own accumulator in the reference's order, so every output has pn_dot_f32's bits. Two or
 * three leftover lags take a 2-lane block; a single one goes through pn_dot_f32 itself.
 */
#include "pn_rt.h"

void pn_xcorr_f32(const float *x, int32_t xo, const float *y, int32_t yo, int32_t n, int32_t lags, float *out,
                  int32_t oo) {
  const float *xp = &x[xo];
  int32_t l = 0;
  for (; l + 4 <= lags && n > 0; l += 4) {
    /* yp[k+3−j] = y[yo−(l+j)+k]: lane j reads the window j samples further back.
     * Invariant at step k: (w0, w1, w2) = yp[k .. k+2]. */
    const float *yp = &y[yo - l - 3];
    float a0 = 0.0f, a1 = 0.0f, a2 = 0.0f, a3 = 0.0f;
    float w0 = yp[0], w1 = yp[1], w2 = yp[2];
    int32_t k = 0;
    for (; k + 4 <= n; k += 4) {
      /* four steps with the window registers renamed instead of moved */
      float w3 = yp[k + 3], xv = xp[k];
      a0 += xv * w3; a1 += xv * w2; a2 += xv * w1; a3 += xv * w0;
      w0 = yp[k + 4]; xv = xp[k + 1];
      a0 += xv * w0; a1 += xv * w3; a2 += xv * w2; a3 += xv * w1;
      w1 = yp[k + 5]; xv = xp[k + 2];
      a0 += xv * w1; a1 += xv * w0; a2 += xv * w3; a3 += xv * w2;
      w2 = yp[k + 6]; xv = xp[k + 3];
      a0 += xv * w2; a1 += xv * w1; a2 += xv * w0; a3 += xv * w3;
      /* (w0, w1, w2) = yp[k+4 .. k+6]: the window for the next block */
    }
    for (; k < n; k++) {
      float w3 = yp[k + 3], xv = xp[k];
      a0 += xv * w3; a1 += xv * w2; a2 += xv * w1; a3 += xv * w0;
      w0 = w1; w1 = w2; w2 = w3;
    }
    out[oo + l] = a0;
    out[oo + l + 1] = a1;
    out[oo + l + 2] = a2;
    out[oo + l + 3] = a3;
  }
  for (; l + 2 <= lags && n > 0; l += 2) {
    /* yp[k+1−j] = y[yo−(l+j)+k]; invariant at step k: w0 = yp[k] */
    const float *yp = &y[yo - l - 1];
    float a0 = 0.0f, a1 = 0.0f;
    float w0 = yp[0];
    int32_t k = 0;
    for (; k + 2 <= n; k += 2) {
      float w1 = yp[k + 1], xv = xp[k];
      a0 += xv * w1; a1 += xv * w0;
      w0 = yp[k + 2]; xv = xp[k + 1];
      a0 += xv * w0; a1 += xv * w1;
    }
    if (k < n) {
      float w1 = yp[k + 1], xv = xp[k];
      a0 += xv * w1; a1 += xv * w0;
    }
    out[oo + l] = a0;
    out[oo + l + 1] = a1;
  }
  for (; l < lags; l++) out[oo + l] = pn_dot_f32(x, xo, y, yo - l, n);
}

/*
 * The int16 pitch refinement's three sums in one pass (prelude xcorr_energies_s16): over the history
 * x, each sample read as s / 32768 (exact), xx[0] = Σ_k x[xo+k]², xy[l] = Σ_k x[xo+k]·x[yo−l+k] and
 * yy[l] = Σ_k x[yo−l+k]², l < lags, each summed left to right from 0 (the bits of energy_lags_s16,
 * xcorr_s16 and energy_lags_s16). With 3, 4 or 5 lags (the refinement's c ± 2, cut at the period's
 * bounds) one loop converts each sample once and feeds the 2 lags + 1 sums: the y window of the
 * xcorr lanes (pn_xcorr_lanes.h) and the window of squares of the energy lanes (pn_energy_lanes.h)
 * slide together, renamed by unrolling. Any other count calls the three kernels.
 */
#include "pn_rt.h"

#define PN_LD(p, k) pn_q15_f32((p)[k])

/* lanes 0..4: yp[k+4−j] = x[yo−j+k]; invariant at step k: (w0..w3) = yp[k .. k+3], (q0..q3) their squares */
static void fused5(const int16_t *x, int32_t xo, int32_t yo, int32_t n, float *xy, float *yy, float *xx) {
  const int16_t *yp = &x[yo - 4];
  float a0 = 0.0f, a1 = 0.0f, a2 = 0.0f, a3 = 0.0f, a4 = 0.0f;
  float e0 = 0.0f, e1 = 0.0f, e2 = 0.0f, e3 = 0.0f, e4 = 0.0f, s = 0.0f;
  float w0 = PN_LD(yp, 0), w1 = PN_LD(yp, 1), w2 = PN_LD(yp, 2), w3 = PN_LD(yp, 3), w4, xv;
  float q0 = w0 * w0, q1 = w1 * w1, q2 = w2 * w2, q3 = w3 * w3, q4;
  int32_t k = 0;
  for (; k + 5 <= n; k += 5) {
    xv = PN_LD(x, xo + k); w4 = PN_LD(yp, k + 4); q4 = w4 * w4; s += xv * xv;
    a0 += xv * w4; a1 += xv * w3; a2 += xv * w2; a3 += xv * w1; a4 += xv * w0;
    e0 += q4; e1 += q3; e2 += q2; e3 += q1; e4 += q0;
    xv = PN_LD(x, xo + k + 1); w0 = PN_LD(yp, k + 5); q0 = w0 * w0; s += xv * xv;
    a0 += xv * w0; a1 += xv * w4; a2 += xv * w3; a3 += xv * w2; a4 += xv * w1;
    e0 += q0; e1 += q4; e2 += q3; e3 += q2; e4 += q1;
    xv = PN_LD(x, xo + k + 2); w1 = PN_LD(yp, k + 6); q1 = w1 * w1; s += xv * xv;
    a0 += xv * w1; a1 += xv * w0; a2 += xv * w4; a3 += xv * w3; a4 += xv * w2;
    e0 += q1; e1 += q0; e2 += q4; e3 += q3; e4 += q2;
    xv = PN_LD(x, xo + k + 3); w2 = PN_LD(yp, k + 7); q2 = w2 * w2; s += xv * xv;
    a0 += xv * w2; a1 += xv * w1; a2 += xv * w0; a3 += xv * w4; a4 += xv * w3;
    e0 += q2; e1 += q1; e2 += q0; e3 += q4; e4 += q3;
    xv = PN_LD(x, xo + k + 4); w3 = PN_LD(yp, k + 8); q3 = w3 * w3; s += xv * xv;
    a0 += xv * w3; a1 += xv * w2; a2 += xv * w1; a3 += xv * w0; a4 += xv * w4;
    e0 += q3; e1 += q2; e2 += q1; e3 += q0; e4 += q4;
  }
  for (; k < n; k++) {
    xv = PN_LD(x, xo + k); w4 = PN_LD(yp, k + 4); q4 = w4 * w4; s += xv * xv;
    a0 += xv * w4; a1 += xv * w3; a2 += xv * w2; a3 += xv * w1; a4 += xv * w0;
    e0 += q4; e1 += q3; e2 += q2; e3 += q1; e4 += q0;
    w0 = w1; w1 = w2; w2 = w3; w3 = w4;
    q0 = q1; q1 = q2; q2 = q3; q3 = q4;
  }
  xy[0] = a0; xy[1] = a1; xy[2] = a2; xy[3] = a3; xy[4] = a4;
  yy[0] = e0; yy[1] = e1; yy[2] = e2; yy[3] = e3; yy[4] = e4;
  xx[0] = s;
}

/* lanes 0..3: yp[k+3−j] = x[yo−j+k]; invariant at step k: (w0..w2) = yp[k .. k+2], (q0..q2) their squares */
static void fused4(const int16_t *x, int32_t xo, int32_t yo, int32_t n, float *xy, float *yy, float *xx) {
  const int16_t *yp = &x[yo - 3];
  float a0 = 0.0f, a1 = 0.0f, a2 = 0.0f, a3 = 0.0f;
  float e0 = 0.0f, e1 = 0.0f, e2 = 0.0f, e3 = 0.0f, s = 0.0f;
  float w0 = PN_LD(yp, 0), w1 = PN_LD(yp, 1), w2 = PN_LD(yp, 2), w3, xv;
  float q0 = w0 * w0, q1 = w1 * w1, q2 = w2 * w2, q3;
  int32_t k = 0;
  for (; k + 4 <= n; k += 4) {
    xv = PN_LD(x, xo + k); w3 = PN_LD(yp, k + 3); q3 = w3 * w3; s += xv * xv;
    a0 += xv * w3; a1 += xv * w2; a2 += xv * w1; a3 += xv * w0;
    e0 += q3; e1 += q2; e2 += q1; e3 += q0;
    xv = PN_LD(x, xo + k + 1); w0 = PN_LD(yp, k + 4); q0 = w0 * w0; s += xv * xv;
    a0 += xv * w0; a1 += xv * w3; a2 += xv * w2; a3 += xv * w1;
    e0 += q0; e1 += q3; e2 += q2; e3 += q1;
    xv = PN_LD(x, xo + k + 2); w1 = PN_LD(yp, k + 5); q1 = w1 * w1; s += xv * xv;
    a0 += xv * w1; a1 += xv * w0; a2 += xv * w3; a3 += xv * w2;
    e0 += q1; e1 += q0; e2 += q3; e3 += q2;
    xv = PN_LD(x, xo + k + 3); w2 = PN_LD(yp, k + 6); q2 = w2 * w2; s += xv * xv;
    a0 += xv * w2; a1 += xv * w1; a2 += xv * w0; a3 += xv * w3;
    e0 += q2; e1 += q1; e2 += q0; e3 += q3;
  }
  for (; k < n; k++) {
    xv = PN_LD(x, xo + k); w3 = PN_LD(yp, k + 3); q3 = w3 * w3; s += xv * xv;
    a0 += xv * w3; a1 += xv * w2; a2 += xv * w1; a3 += xv * w0;
    e0 += q3; e1 += q2; e2 += q1; e3 += q0;
    w0 = w1; w1 = w2; w2 = w3;
    q0 = q1; q1 = q2; q2 = q3;
  }
  xy[0] = a0; xy[1] = a1; xy[2] = a2; xy[3] = a3;
  yy[0] = e0; yy[1] = e1; yy[2] = e2; yy[3] = e3;
  xx[0] = s;
}

/* lanes 0..2: yp[k+2−j] = x[yo−j+k]; invariant at step k: (w0..w1) = yp[k .. k+1], (q0..q1) their squares */
static void fused3(const int16_t *x, int32_t xo, int32_t yo, int32_t n, float *xy, float *yy, float *xx) {
  const int16_t *yp = &x[yo - 2];
  float a0 = 0.0f, a1 = 0.0f, a2 = 0.0f;
  float e0 = 0.0f, e1 = 0.0f, e2 = 0.0f, s = 0.0f;
  float w0 = PN_LD(yp, 0), w1 = PN_LD(yp, 1), w2, xv;
  float q0 = w0 * w0, q1 = w1 * w1, q2;
  int32_t k = 0;
  for (; k + 3 <= n; k += 3) {
    xv = PN_LD(x, xo + k); w2 = PN_LD(yp, k + 2); q2 = w2 * w2; s += xv * xv;
    a0 += xv * w2; a1 += xv * w1; a2 += xv * w0;
    e0 += q2; e1 += q1; e2 += q0;
    xv = PN_LD(x, xo + k + 1); w0 = PN_LD(yp, k + 3); q0 = w0 * w0; s += xv * xv;
    a0 += xv * w0; a1 += xv * w2; a2 += xv * w1;
    e0 += q0; e1 += q2; e2 += q1;
    xv = PN_LD(x, xo + k + 2); w1 = PN_LD(yp, k + 4); q1 = w1 * w1; s += xv * xv;
    a0 += xv * w1; a1 += xv * w0; a2 += xv * w2;
    e0 += q1; e1 += q0; e2 += q2;
  }
  for (; k < n; k++) {
    xv = PN_LD(x, xo + k); w2 = PN_LD(yp, k + 2); q2 = w2 * w2; s += xv * xv;
    a0 += xv * w2; a1 += xv * w1; a2 += xv * w0;
    e0 += q2; e1 += q1; e2 += q0;
    w0 = w1; w1 = w2;
    q0 = q1; q1 = q2;
  }
  xy[0] = a0; xy[1] = a1; xy[2] = a2;
  yy[0] = e0; yy[1] = e1; yy[2] = e2;
  xx[0] = s;
}

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

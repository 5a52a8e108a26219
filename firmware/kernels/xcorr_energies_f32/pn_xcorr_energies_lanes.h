/*
 * The fused lanes of xcorr_energies_f32 and xcorr_energies_s16 (pn_xcorr_energies_f32.c,
 * pn_xcorr_energies_s16.c), written once for any sample type: the including file defines PN_SAMPLE
 * (the array's element type) and PN_LD(p, k) (element k as float, one exact conversion per load).
 *
 * One pass over x gives xx[0] = Σ_k x[xo+k]², xy[j] = Σ_k x[xo+k]·x[yo−j+k] and
 * yy[j] = Σ_k x[yo−j+k]², j < L, each summed left to right from 0 (the bits of energy_lags at one
 * lag, xcorr and energy_lags): each sample is loaded once, the y window of the xcorr lanes
 * (xcorr_f32/pn_xcorr_lanes.h) and the window of squares of the energy lanes
 * (energy_lags_f32/pn_energy_lanes.h) slide together, renamed by unrolling. L = 3, 4, 5: the pitch
 * refinements' c ± 1 and c ± 2, cut at the period's bounds. An including file that defines
 * PN_FUSED5_ONLY gets fused5 alone.
 */
#if defined(__aarch64__) && defined(__GNUC__) && !defined(__clang__)
/*
 * AArch64 GCC's SLP vectorizer (on at -O2 since GCC 12) packs these scalar lanes into vectors one
 * INS at a time: on a53 the fused5 loop was 127 instructions per 5 samples, 48 of them vector
 * (lane inserts and moves), against 123 scalar ones without it. The lanes stay scalar: the same
 * IEEE operations per lane either way, so the same bits, and the refinements' cost moves less with
 * the number of doubling checks a frame runs (issue 18: worst frame within 2 % of the mean).
 */
#pragma GCC optimize("no-tree-slp-vectorize")
#endif
/* lanes 0..4: yp[k+4−j] = x[yo−j+k]; invariant at step k: (w0..w3) = yp[k .. k+3], (q0..q3) their squares */
static void fused5(const PN_SAMPLE *x, int32_t xo, int32_t yo, int32_t n, float *xy, float *yy, float *xx) {
  const PN_SAMPLE *yp = &x[yo - 4];
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

#ifndef PN_FUSED5_ONLY
/* lanes 0..3: yp[k+3−j] = x[yo−j+k]; invariant at step k: (w0..w2) = yp[k .. k+2], (q0..q2) their squares */
static void fused4(const PN_SAMPLE *x, int32_t xo, int32_t yo, int32_t n, float *xy, float *yy, float *xx) {
  const PN_SAMPLE *yp = &x[yo - 3];
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
static void fused3(const PN_SAMPLE *x, int32_t xo, int32_t yo, int32_t n, float *xy, float *yy, float *xx) {
  const PN_SAMPLE *yp = &x[yo - 2];
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
#endif

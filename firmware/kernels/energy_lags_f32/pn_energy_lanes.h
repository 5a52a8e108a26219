/*
 * The lanes of the lagged-energy kernels (pn_energy_lags_f32.c, pn_energy_lags_s16.c), written
 * once for any sample type: the including file defines PN_SAMPLE (the array's element type) and
 * PN_LD(p, k) (element k as float, one exact conversion per load), then includes this.
 *
 * Several lags per pass: every square is shared by the lanes (lane j adds it j steps later), so
 * each step is one load, one multiply and one add per lane, every lane summed left to right from
 * 0, the reference's order. Blocks are 4 lanes; a lag count of 4m+1 starts with a 5-lane block,
 * and 2 or 3 leftover lags take a 2- or 3-lane block, so only a single lag on its own is left to
 * the caller (energy_blocks returns where the blocks stopped). The window of squares is renamed
 * by unrolling instead of moved.
 */
/* lanes l..l+4; yp[k+4−j] = y[yo−(l+j)+k]; invariant at step k: (q0..q3) = yp[k .. k+3]² */
static void energy5(const PN_SAMPLE *y, int32_t yo, int32_t n, int32_t l, float *o) {
  const PN_SAMPLE *yp = &y[yo - l - 4];
  float a0 = 0.0f, a1 = 0.0f, a2 = 0.0f, a3 = 0.0f, a4 = 0.0f;
  float q0 = PN_LD(yp, 0) * PN_LD(yp, 0), q1 = PN_LD(yp, 1) * PN_LD(yp, 1), q2 = PN_LD(yp, 2) * PN_LD(yp, 2), q3 = PN_LD(yp, 3) * PN_LD(yp, 3), q4, v;
  int32_t k = 0;
  for (; k + 5 <= n; k += 5) {
    v = PN_LD(yp, k + 4); q4 = v * v; a0 += q4; a1 += q3; a2 += q2; a3 += q1; a4 += q0;
    v = PN_LD(yp, k + 5); q0 = v * v; a0 += q0; a1 += q4; a2 += q3; a3 += q2; a4 += q1;
    v = PN_LD(yp, k + 6); q1 = v * v; a0 += q1; a1 += q0; a2 += q4; a3 += q3; a4 += q2;
    v = PN_LD(yp, k + 7); q2 = v * v; a0 += q2; a1 += q1; a2 += q0; a3 += q4; a4 += q3;
    v = PN_LD(yp, k + 8); q3 = v * v; a0 += q3; a1 += q2; a2 += q1; a3 += q0; a4 += q4;
  }
  for (; k < n; k++) {
    v = PN_LD(yp, k + 4); q4 = v * v;
    a0 += q4; a1 += q3; a2 += q2; a3 += q1; a4 += q0;
    q0 = q1; q1 = q2; q2 = q3; q3 = q4;
  }
  o[0] = a0; o[1] = a1; o[2] = a2; o[3] = a3; o[4] = a4;
}

/* lanes l..l+3; yp[k+3−j] = y[yo−(l+j)+k]; invariant at step k: (q0, q1, q2) = yp[k .. k+2]² */
static void energy4(const PN_SAMPLE *y, int32_t yo, int32_t n, int32_t l, float *o) {
  const PN_SAMPLE *yp = &y[yo - l - 3];
  float a0 = 0.0f, a1 = 0.0f, a2 = 0.0f, a3 = 0.0f;
  float q0 = PN_LD(yp, 0) * PN_LD(yp, 0), q1 = PN_LD(yp, 1) * PN_LD(yp, 1), q2 = PN_LD(yp, 2) * PN_LD(yp, 2), q3, v;
  int32_t k = 0;
  for (; k + 4 <= n; k += 4) {
    v = PN_LD(yp, k + 3); q3 = v * v; a0 += q3; a1 += q2; a2 += q1; a3 += q0;
    v = PN_LD(yp, k + 4); q0 = v * v; a0 += q0; a1 += q3; a2 += q2; a3 += q1;
    v = PN_LD(yp, k + 5); q1 = v * v; a0 += q1; a1 += q0; a2 += q3; a3 += q2;
    v = PN_LD(yp, k + 6); q2 = v * v; a0 += q2; a1 += q1; a2 += q0; a3 += q3;
  }
  for (; k < n; k++) {
    v = PN_LD(yp, k + 3); q3 = v * v;
    a0 += q3; a1 += q2; a2 += q1; a3 += q0;
    q0 = q1; q1 = q2; q2 = q3;
  }
  o[0] = a0; o[1] = a1; o[2] = a2; o[3] = a3;
}

/* lanes l..l+2; yp[k+2−j] = y[yo−(l+j)+k]; invariant at step k: (q0, q1) = yp[k .. k+1]² */
static void energy3(const PN_SAMPLE *y, int32_t yo, int32_t n, int32_t l, float *o) {
  const PN_SAMPLE *yp = &y[yo - l - 2];
  float a0 = 0.0f, a1 = 0.0f, a2 = 0.0f;
  float q0 = PN_LD(yp, 0) * PN_LD(yp, 0), q1 = PN_LD(yp, 1) * PN_LD(yp, 1), q2, v;
  int32_t k = 0;
  for (; k + 3 <= n; k += 3) {
    v = PN_LD(yp, k + 2); q2 = v * v; a0 += q2; a1 += q1; a2 += q0;
    v = PN_LD(yp, k + 3); q0 = v * v; a0 += q0; a1 += q2; a2 += q1;
    v = PN_LD(yp, k + 4); q1 = v * v; a0 += q1; a1 += q0; a2 += q2;
  }
  for (; k < n; k++) {
    v = PN_LD(yp, k + 2); q2 = v * v;
    a0 += q2; a1 += q1; a2 += q0;
    q0 = q1; q1 = q2;
  }
  o[0] = a0; o[1] = a1; o[2] = a2;
}

/* lanes l..l+1; yp[k+1−j] = y[yo−(l+j)+k]; invariant at step k: q0 = yp[k]² */
static void energy2(const PN_SAMPLE *y, int32_t yo, int32_t n, int32_t l, float *o) {
  const PN_SAMPLE *yp = &y[yo - l - 1];
  float a0 = 0.0f, a1 = 0.0f;
  float q0 = PN_LD(yp, 0) * PN_LD(yp, 0), q1, v;
  for (int32_t k = 0; k < n; k++) {
    v = PN_LD(yp, k + 1); q1 = v * v;
    a0 += q1; a1 += q0;
    q0 = q1;
  }
  o[0] = a0; o[1] = a1;
}

/* out[oo+l] for the lags the blocks take; returns the first lag left (0 when n <= 0, else lags or lags−1) */
static int32_t energy_blocks(const PN_SAMPLE *y, int32_t yo, int32_t n, int32_t lags, float *out, int32_t oo) {
  int32_t l = 0;
  if (n <= 0) return 0;
  if (lags >= 5 && (lags & 3) == 1) {
    energy5(y, yo, n, 0, &out[oo]);
    l = 5;
  }
  for (; l + 4 <= lags; l += 4) energy4(y, yo, n, l, &out[oo + l]);
  if (lags - l == 3) {
    energy3(y, yo, n, l, &out[oo + l]);
    l += 3;
  } else if (lags - l == 2) {
    energy2(y, yo, n, l, &out[oo + l]);
    l += 2;
  }
  return l;
}

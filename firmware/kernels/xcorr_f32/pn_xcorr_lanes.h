/*
 * The lanes of the cross-correlation kernels (pn_xcorr_f32.c, pn_xcorr_s16.c), written once for
 * any sample type: the including file defines PN_SAMPLE (the arrays' element type) and
 * PN_LD(p, k) (element k as float, one exact conversion per load), then includes this.
 *
 * Several lags per pass: lane j needs y[yo−l−j+k], so one new y sample per step feeds every lane
 * through a sliding window of registers (2 loads per step instead of 2 per lane). Each lane has
 * its own accumulator summed left to right from 0, the reference's order. Blocks are 8 lanes; the
 * 1..7 lags left take a 4-, 5-, 2- or 3-lane block or two (an 8m+1 count starts with 5 + 4), so
 * only a single lag on its own is left to the caller (xcorr_blocks returns where the blocks
 * stopped). The window registers are renamed by unrolling instead of moved.
 */
/* lanes l..l+7; yp[k+7−j] = y[yo−(l+j)+k]; invariant at step k: (w0..w6) = yp[k .. k+6]. Eight lanes
 * take 2 loads and 8 multiply-adds per step (4 lanes: 2 loads and 4), with 17 float registers live */
static void xcorr8(const PN_SAMPLE *xp, const PN_SAMPLE *y, int32_t yo, int32_t n, int32_t l, float *o) {
  const PN_SAMPLE *yp = &y[yo - l - 7];
  float a0 = 0.0f, a1 = 0.0f, a2 = 0.0f, a3 = 0.0f, a4 = 0.0f, a5 = 0.0f, a6 = 0.0f, a7 = 0.0f;
  float w0 = PN_LD(yp, 0), w1 = PN_LD(yp, 1), w2 = PN_LD(yp, 2), w3 = PN_LD(yp, 3), w4 = PN_LD(yp, 4), w5 = PN_LD(yp, 5),
        w6 = PN_LD(yp, 6), w7, xv;
  int32_t k = 0;
  for (; k + 8 <= n; k += 8) {
    xv = PN_LD(xp, k); w7 = PN_LD(yp, k + 7);
    a0 += xv * w7; a1 += xv * w6; a2 += xv * w5; a3 += xv * w4; a4 += xv * w3; a5 += xv * w2; a6 += xv * w1; a7 += xv * w0;
    xv = PN_LD(xp, k + 1); w0 = PN_LD(yp, k + 8);
    a0 += xv * w0; a1 += xv * w7; a2 += xv * w6; a3 += xv * w5; a4 += xv * w4; a5 += xv * w3; a6 += xv * w2; a7 += xv * w1;
    xv = PN_LD(xp, k + 2); w1 = PN_LD(yp, k + 9);
    a0 += xv * w1; a1 += xv * w0; a2 += xv * w7; a3 += xv * w6; a4 += xv * w5; a5 += xv * w4; a6 += xv * w3; a7 += xv * w2;
    xv = PN_LD(xp, k + 3); w2 = PN_LD(yp, k + 10);
    a0 += xv * w2; a1 += xv * w1; a2 += xv * w0; a3 += xv * w7; a4 += xv * w6; a5 += xv * w5; a6 += xv * w4; a7 += xv * w3;
    xv = PN_LD(xp, k + 4); w3 = PN_LD(yp, k + 11);
    a0 += xv * w3; a1 += xv * w2; a2 += xv * w1; a3 += xv * w0; a4 += xv * w7; a5 += xv * w6; a6 += xv * w5; a7 += xv * w4;
    xv = PN_LD(xp, k + 5); w4 = PN_LD(yp, k + 12);
    a0 += xv * w4; a1 += xv * w3; a2 += xv * w2; a3 += xv * w1; a4 += xv * w0; a5 += xv * w7; a6 += xv * w6; a7 += xv * w5;
    xv = PN_LD(xp, k + 6); w5 = PN_LD(yp, k + 13);
    a0 += xv * w5; a1 += xv * w4; a2 += xv * w3; a3 += xv * w2; a4 += xv * w1; a5 += xv * w0; a6 += xv * w7; a7 += xv * w6;
    xv = PN_LD(xp, k + 7); w6 = PN_LD(yp, k + 14);
    a0 += xv * w6; a1 += xv * w5; a2 += xv * w4; a3 += xv * w3; a4 += xv * w2; a5 += xv * w1; a6 += xv * w0; a7 += xv * w7;
    /* (w0..w6) = yp[k+8 .. k+14] */
  }
  for (; k < n; k++) {
    xv = PN_LD(xp, k); w7 = PN_LD(yp, k + 7);
    a0 += xv * w7; a1 += xv * w6; a2 += xv * w5; a3 += xv * w4; a4 += xv * w3; a5 += xv * w2; a6 += xv * w1; a7 += xv * w0;
    w0 = w1; w1 = w2; w2 = w3; w3 = w4; w4 = w5; w5 = w6; w6 = w7;
  }
  o[0] = a0; o[1] = a1; o[2] = a2; o[3] = a3; o[4] = a4; o[5] = a5; o[6] = a6; o[7] = a7;
}

/* lanes l..l+4; yp[k+4−j] = y[yo−(l+j)+k]; invariant at step k: (w0..w3) = yp[k .. k+3] */
static void xcorr5(const PN_SAMPLE *xp, const PN_SAMPLE *y, int32_t yo, int32_t n, int32_t l, float *o) {
  const PN_SAMPLE *yp = &y[yo - l - 4];
  float a0 = 0.0f, a1 = 0.0f, a2 = 0.0f, a3 = 0.0f, a4 = 0.0f;
  float w0 = PN_LD(yp, 0), w1 = PN_LD(yp, 1), w2 = PN_LD(yp, 2), w3 = PN_LD(yp, 3), w4, xv;
  int32_t k = 0;
  for (; k + 5 <= n; k += 5) {
    xv = PN_LD(xp, k);     w4 = PN_LD(yp, k + 4); a0 += xv * w4; a1 += xv * w3; a2 += xv * w2; a3 += xv * w1; a4 += xv * w0;
    xv = PN_LD(xp, k + 1); w0 = PN_LD(yp, k + 5); a0 += xv * w0; a1 += xv * w4; a2 += xv * w3; a3 += xv * w2; a4 += xv * w1;
    xv = PN_LD(xp, k + 2); w1 = PN_LD(yp, k + 6); a0 += xv * w1; a1 += xv * w0; a2 += xv * w4; a3 += xv * w3; a4 += xv * w2;
    xv = PN_LD(xp, k + 3); w2 = PN_LD(yp, k + 7); a0 += xv * w2; a1 += xv * w1; a2 += xv * w0; a3 += xv * w4; a4 += xv * w3;
    xv = PN_LD(xp, k + 4); w3 = PN_LD(yp, k + 8); a0 += xv * w3; a1 += xv * w2; a2 += xv * w1; a3 += xv * w0; a4 += xv * w4;
    /* (w0..w3) = yp[k+5 .. k+8] */
  }
  for (; k < n; k++) {
    xv = PN_LD(xp, k); w4 = PN_LD(yp, k + 4);
    a0 += xv * w4; a1 += xv * w3; a2 += xv * w2; a3 += xv * w1; a4 += xv * w0;
    w0 = w1; w1 = w2; w2 = w3; w3 = w4;
  }
  o[0] = a0; o[1] = a1; o[2] = a2; o[3] = a3; o[4] = a4;
}

/* lanes l..l+3; yp[k+3−j] = y[yo−(l+j)+k]; invariant at step k: (w0, w1, w2) = yp[k .. k+2] */
static void xcorr4(const PN_SAMPLE *xp, const PN_SAMPLE *y, int32_t yo, int32_t n, int32_t l, float *o) {
  const PN_SAMPLE *yp = &y[yo - l - 3];
  float a0 = 0.0f, a1 = 0.0f, a2 = 0.0f, a3 = 0.0f;
  float w0 = PN_LD(yp, 0), w1 = PN_LD(yp, 1), w2 = PN_LD(yp, 2), w3, xv;
  int32_t k = 0;
  for (; k + 4 <= n; k += 4) {
    xv = PN_LD(xp, k);     w3 = PN_LD(yp, k + 3); a0 += xv * w3; a1 += xv * w2; a2 += xv * w1; a3 += xv * w0;
    xv = PN_LD(xp, k + 1); w0 = PN_LD(yp, k + 4); a0 += xv * w0; a1 += xv * w3; a2 += xv * w2; a3 += xv * w1;
    xv = PN_LD(xp, k + 2); w1 = PN_LD(yp, k + 5); a0 += xv * w1; a1 += xv * w0; a2 += xv * w3; a3 += xv * w2;
    xv = PN_LD(xp, k + 3); w2 = PN_LD(yp, k + 6); a0 += xv * w2; a1 += xv * w1; a2 += xv * w0; a3 += xv * w3;
    /* (w0, w1, w2) = yp[k+4 .. k+6] */
  }
  for (; k < n; k++) {
    xv = PN_LD(xp, k); w3 = PN_LD(yp, k + 3);
    a0 += xv * w3; a1 += xv * w2; a2 += xv * w1; a3 += xv * w0;
    w0 = w1; w1 = w2; w2 = w3;
  }
  o[0] = a0; o[1] = a1; o[2] = a2; o[3] = a3;
}

/* lanes l..l+2; yp[k+2−j] = y[yo−(l+j)+k]; invariant at step k: (w0, w1) = yp[k .. k+1] */
static void xcorr3(const PN_SAMPLE *xp, const PN_SAMPLE *y, int32_t yo, int32_t n, int32_t l, float *o) {
  const PN_SAMPLE *yp = &y[yo - l - 2];
  float a0 = 0.0f, a1 = 0.0f, a2 = 0.0f;
  float w0 = PN_LD(yp, 0), w1 = PN_LD(yp, 1), w2, xv;
  int32_t k = 0;
  for (; k + 3 <= n; k += 3) {
    xv = PN_LD(xp, k);     w2 = PN_LD(yp, k + 2); a0 += xv * w2; a1 += xv * w1; a2 += xv * w0;
    xv = PN_LD(xp, k + 1); w0 = PN_LD(yp, k + 3); a0 += xv * w0; a1 += xv * w2; a2 += xv * w1;
    xv = PN_LD(xp, k + 2); w1 = PN_LD(yp, k + 4); a0 += xv * w1; a1 += xv * w0; a2 += xv * w2;
    /* (w0, w1) = yp[k+3 .. k+4] */
  }
  for (; k < n; k++) {
    xv = PN_LD(xp, k); w2 = PN_LD(yp, k + 2);
    a0 += xv * w2; a1 += xv * w1; a2 += xv * w0;
    w0 = w1; w1 = w2;
  }
  o[0] = a0; o[1] = a1; o[2] = a2;
}

/* lanes l..l+1; yp[k+1−j] = y[yo−(l+j)+k]; invariant at step k: w0 = yp[k] */
static void xcorr2(const PN_SAMPLE *xp, const PN_SAMPLE *y, int32_t yo, int32_t n, int32_t l, float *o) {
  const PN_SAMPLE *yp = &y[yo - l - 1];
  float a0 = 0.0f, a1 = 0.0f;
  float w0 = PN_LD(yp, 0), w1, xv;
  int32_t k = 0;
  for (; k + 2 <= n; k += 2) {
    xv = PN_LD(xp, k);     w1 = PN_LD(yp, k + 1); a0 += xv * w1; a1 += xv * w0;
    xv = PN_LD(xp, k + 1); w0 = PN_LD(yp, k + 2); a0 += xv * w0; a1 += xv * w1;
  }
  if (k < n) {
    xv = PN_LD(xp, k); w1 = PN_LD(yp, k + 1);
    a0 += xv * w1; a1 += xv * w0;
  }
  o[0] = a0; o[1] = a1;
}

/* out[oo+l] for the lags the blocks take; returns the first lag left (0 when n <= 0, else lags or lags−1) */
static int32_t xcorr_blocks(const PN_SAMPLE *x, int32_t xo, const PN_SAMPLE *y, int32_t yo, int32_t n, int32_t lags,
                            float *out, int32_t oo) {
  const PN_SAMPLE *xp = &x[xo];
  int32_t l = 0;
  if (n <= 0) return 0;
  if (lags >= 9 && (lags & 7) == 1) { /* 8m + 1: 5 + 4 lanes first, so that no single lag is left */
    xcorr5(xp, y, yo, n, 0, &out[oo]);
    xcorr4(xp, y, yo, n, 5, &out[oo + 5]);
    l = 9;
  }
  for (; l + 8 <= lags; l += 8) xcorr8(xp, y, yo, n, l, &out[oo + l]);
  if (lags - l == 5) {
    xcorr5(xp, y, yo, n, l, &out[oo + l]);
    l += 5;
  }
  for (; l + 4 <= lags; l += 4) xcorr4(xp, y, yo, n, l, &out[oo + l]);
  if (lags - l == 3) {
    xcorr3(xp, y, yo, n, l, &out[oo + l]);
    l += 3;
  } else if (lags - l == 2) {
    xcorr2(xp, y, yo, n, l, &out[oo + l]);
    l += 2;
  }
  return l;
}

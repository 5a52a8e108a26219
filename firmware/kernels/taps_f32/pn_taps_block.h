/*
 * The body of the tap FIR kernels (pn_taps_f32.c, pn_taps_s16.c), written once for any sample
 * type: the including file defines PN_SAMPLE (the array's element type), PN_HELD (a loaded
 * sample's type), PN_CVT(v) (a sample as float, one exact conversion), PN_LD(p, k) (PN_CVT of
 * element k) and PN_LOADED(s0, .., s7) (a scheduling fence after a tap's eight loads, or nothing),
 * then includes this for taps_block.
 *
 * out[oo+i] = w[0]·x[xo+off[0]+i] + w[1]·x[xo+off[1]+i] + …, summed in tap order from the first
 * product, one rounding per operation. Sixteen (then eight) outputs per block keep their sums in
 * registers across all taps, so each tap costs one weight and sixteen samples loaded and nothing
 * stored; the per-output order is the reference's.
 */
static void taps_block(const PN_SAMPLE *x, int32_t xo, const int32_t *off, const float *w, int32_t taps, float *out,
                       int32_t oo, int32_t n) {
  int32_t i = 0;
  if (taps <= 0) {
    for (; i < n; i++) out[oo + i] = 0.0f;
    return;
  }
  for (; i + 16 <= n; i += 16) {
    /* sixteen outputs: the per-tap cost of the offset, the weight and the loop halves per output */
    const PN_SAMPLE *p = &x[xo + off[0] + i];
    float c = w[0];
    float a0 = c * PN_LD(p, 0), a1 = c * PN_LD(p, 1), a2 = c * PN_LD(p, 2), a3 = c * PN_LD(p, 3);
    float a4 = c * PN_LD(p, 4), a5 = c * PN_LD(p, 5), a6 = c * PN_LD(p, 6), a7 = c * PN_LD(p, 7);
    float b0 = c * PN_LD(p, 8), b1 = c * PN_LD(p, 9), b2 = c * PN_LD(p, 10), b3 = c * PN_LD(p, 11);
    float b4 = c * PN_LD(p, 12), b5 = c * PN_LD(p, 13), b6 = c * PN_LD(p, 14), b7 = c * PN_LD(p, 15);
    for (int32_t j = 1; j < taps; j++) {
      p = &x[xo + off[j] + i];
      c = w[j];
      PN_HELD s0 = p[0], s1 = p[1], s2 = p[2], s3 = p[3], s4 = p[4], s5 = p[5], s6 = p[6], s7 = p[7];
      PN_LOADED(s0, s1, s2, s3, s4, s5, s6, s7);
      a0 += c * PN_CVT(s0); a1 += c * PN_CVT(s1); a2 += c * PN_CVT(s2); a3 += c * PN_CVT(s3);
      a4 += c * PN_CVT(s4); a5 += c * PN_CVT(s5); a6 += c * PN_CVT(s6); a7 += c * PN_CVT(s7);
      s0 = p[8]; s1 = p[9]; s2 = p[10]; s3 = p[11]; s4 = p[12]; s5 = p[13]; s6 = p[14]; s7 = p[15];
      PN_LOADED(s0, s1, s2, s3, s4, s5, s6, s7);
      b0 += c * PN_CVT(s0); b1 += c * PN_CVT(s1); b2 += c * PN_CVT(s2); b3 += c * PN_CVT(s3);
      b4 += c * PN_CVT(s4); b5 += c * PN_CVT(s5); b6 += c * PN_CVT(s6); b7 += c * PN_CVT(s7);
    }
    float *o = &out[oo + i];
    o[0] = a0; o[1] = a1; o[2] = a2; o[3] = a3;
    o[4] = a4; o[5] = a5; o[6] = a6; o[7] = a7;
    o[8] = b0; o[9] = b1; o[10] = b2; o[11] = b3;
    o[12] = b4; o[13] = b5; o[14] = b6; o[15] = b7;
  }
  for (; i + 8 <= n; i += 8) {
    const PN_SAMPLE *p = &x[xo + off[0] + i];
    float c = w[0];
    float a0 = c * PN_LD(p, 0), a1 = c * PN_LD(p, 1), a2 = c * PN_LD(p, 2), a3 = c * PN_LD(p, 3);
    float a4 = c * PN_LD(p, 4), a5 = c * PN_LD(p, 5), a6 = c * PN_LD(p, 6), a7 = c * PN_LD(p, 7);
    for (int32_t j = 1; j < taps; j++) {
      p = &x[xo + off[j] + i];
      c = w[j];
      /* the eight loads first, back to back (pipelined on Cortex-M4), then the conversions */
      PN_HELD s0 = p[0], s1 = p[1], s2 = p[2], s3 = p[3], s4 = p[4], s5 = p[5], s6 = p[6], s7 = p[7];
      PN_LOADED(s0, s1, s2, s3, s4, s5, s6, s7);
      a0 += c * PN_CVT(s0); a1 += c * PN_CVT(s1); a2 += c * PN_CVT(s2); a3 += c * PN_CVT(s3);
      a4 += c * PN_CVT(s4); a5 += c * PN_CVT(s5); a6 += c * PN_CVT(s6); a7 += c * PN_CVT(s7);
    }
    float *o = &out[oo + i];
    o[0] = a0; o[1] = a1; o[2] = a2; o[3] = a3;
    o[4] = a4; o[5] = a5; o[6] = a6; o[7] = a7;
  }
  for (; i < n; i++) {
    float a = w[0] * PN_LD(x, xo + off[0] + i);
    for (int32_t j = 1; j < taps; j++) a += w[j] * PN_LD(x, xo + off[j] + i);
    out[oo + i] = a;
  }
}

/*
 * FIR with arbitrary tap offsets (prelude taps_f32): out[oo+i] = w[0]·x[xo+off[0]+i] + w[1]·x[xo+off[1]+i] + …,
 * summed in tap order from the first product, one rounding per operation.
 *
 * Eight outputs per block keep their sums in registers across all taps, so each tap costs one
 * weight and eight samples loaded and nothing stored; the per-output order is the reference's.
 */
#include "pn_rt.h"

void pn_taps_f32(const float *x, int32_t xo, const int32_t *off, const float *w, int32_t taps, float *out, int32_t oo,
                 int32_t n) {
  int32_t i = 0;
  if (taps <= 0) {
    for (; i < n; i++) out[oo + i] = 0.0f;
    return;
  }
  for (; i + 8 <= n; i += 8) {
    const float *p = &x[xo + off[0] + i];
    float c = w[0];
    float a0 = c * p[0], a1 = c * p[1], a2 = c * p[2], a3 = c * p[3];
    float a4 = c * p[4], a5 = c * p[5], a6 = c * p[6], a7 = c * p[7];
    for (int32_t j = 1; j < taps; j++) {
      p = &x[xo + off[j] + i];
      c = w[j];
      a0 += c * p[0]; a1 += c * p[1]; a2 += c * p[2]; a3 += c * p[3];
      a4 += c * p[4]; a5 += c * p[5]; a6 += c * p[6]; a7 += c * p[7];
    }
    float *o = &out[oo + i];
    o[0] = a0; o[1] = a1; o[2] = a2; o[3] = a3;
    o[4] = a4; o[5] = a5; o[6] = a6; o[7] = a7;
  }
  for (; i < n; i++) {
    float a = w[0] * x[xo + off[0] + i];
    for (int32_t j = 1; j < taps; j++) a += w[j] * x[xo + off[j] + i];
    out[oo + i] = a;
  }
}

/*
 * Energies of int16 windows sliding back one sample per lag (prelude energy_lags_s16): each sample
 * read as s / 32768 (exact), out[oo+l] = Σ_k (y[yo−l+k]/32768)², each lag summed left to right
 * from 0. The lanes (pn_energy_lanes.h) convert each sample once as they load it; a single lag
 * on its own (the pitch refinement's window energy) goes through energy1.
 */
#include "pn_rt.h"

#define PN_SAMPLE int16_t
#define PN_LD(p, k) pn_q15_f32((p)[k])
#include "../energy_lags_f32/pn_energy_lanes.h"

/* Σ_k (y[k]/32768)², left to right from 0: four samples a step, loaded back to back (pipelined on
 * Cortex-M4; the empty asm only keeps GCC from sinking each load next to its use), one accumulator */
static float energy1(const int16_t *y, int32_t n) {
  float s = 0.0f, v0, v1, v2, v3;
  int32_t k = 0;
  for (; k + 4 <= n; k += 4) {
    int32_t r0 = y[k], r1 = y[k + 1], r2 = y[k + 2], r3 = y[k + 3];
    __asm__("" : "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r3));
    v0 = pn_q15_f32(r0); v1 = pn_q15_f32(r1); v2 = pn_q15_f32(r2); v3 = pn_q15_f32(r3);
    s += v0 * v0; s += v1 * v1; s += v2 * v2; s += v3 * v3;
  }
  for (; k < n; k++) {
    v0 = PN_LD(y, k);
    s += v0 * v0;
  }
  return s;
}

void pn_energy_lags_s16(const int16_t *y, int32_t yo, int32_t n, int32_t lags, float *out, int32_t oo) {
  int32_t l = energy_blocks(y, yo, n, lags, out, oo);
  for (; l < lags; l++) out[oo + l] = energy1(&y[yo - l], n);
}

/*
 * Energies of windows sliding back one sample per lag (prelude energy_lags_f32):
 * out[oo+l] = Σ_k y[yo−l+k]², each lag summed left to right from 0 like pn_dot_f32(y, yo−l, y, yo−l, n).
 *
 * Four lags per pass: every square is shared by the four lanes (lane j adds it j steps later), so
 * each step is one load, one multiply and four adds, every lane in the reference's order.
 * Two or three leftover lags take a 2-lane block; a single one goes through pn_dot_f32 itself.
 */
#include "pn_rt.h"

void pn_energy_lags_f32(const float *y, int32_t yo, int32_t n, int32_t lags, float *out, int32_t oo) {
  int32_t l = 0;
  for (; l + 4 <= lags && n > 0; l += 4) {
    /* yp[k+3−j] = y[yo−(l+j)+k]; invariant at step k: (q0, q1, q2) = yp[k .. k+2]² */
    const float *yp = &y[yo - l - 3];
    float a0 = 0.0f, a1 = 0.0f, a2 = 0.0f, a3 = 0.0f;
    float q0 = yp[0] * yp[0], q1 = yp[1] * yp[1], q2 = yp[2] * yp[2], q3;
    int32_t k = 0;
    for (; k + 4 <= n; k += 4) {
      float v = yp[k + 3];
      q3 = v * v;
      a0 += q3; a1 += q2; a2 += q1; a3 += q0;
      v = yp[k + 4];
      q0 = v * v;
      a0 += q0; a1 += q3; a2 += q2; a3 += q1;
      v = yp[k + 5];
      q1 = v * v;
      a0 += q1; a1 += q0; a2 += q3; a3 += q2;
      v = yp[k + 6];
      q2 = v * v;
      a0 += q2; a1 += q1; a2 += q0; a3 += q3;
    }
    for (; k < n; k++) {
      float v = yp[k + 3];
      q3 = v * v;
      a0 += q3; a1 += q2; a2 += q1; a3 += q0;
      q0 = q1; q1 = q2; q2 = q3;
    }
    out[oo + l] = a0;
    out[oo + l + 1] = a1;
    out[oo + l + 2] = a2;
    out[oo + l + 3] = a3;
  }
  for (; l + 2 <= lags && n > 0; l += 2) {
    /* yp[k+1−j] = y[yo−(l+j)+k]; invariant at step k: q0 = yp[k]² */
    const float *yp = &y[yo - l - 1];
    float a0 = 0.0f, a1 = 0.0f;
    float q0 = yp[0] * yp[0];
    for (int32_t k = 0; k < n; k++) {
      float v = yp[k + 1];
      float q1 = v * v;
      a0 += q1; a1 += q0;
      q0 = q1;
    }
    out[oo + l] = a0;
    out[oo + l + 1] = a1;
  }
  for (; l < lags; l++) out[oo + l] = pn_dot_f32(y, yo - l, y, yo - l, n);
}

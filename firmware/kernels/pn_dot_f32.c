/* Dot product, summed left to right from 0 with one rounding per operation (prelude dot_f32). */
#include "pn_rt.h"

float pn_dot_f32(const float *a, int32_t ao, const float *b, int32_t bo, int32_t n) {
  float s = 0.0f;
  int32_t k;
  for (k = 0; k < n; k++) s += a[ao + k] * b[bo + k];
  return s;
}

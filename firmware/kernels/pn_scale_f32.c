/* Scale by a constant (prelude scale_f32). */
#include "pn_rt.h"

void pn_scale_f32(const float *a, int32_t ao, float s, float *dst, int32_t dso, int32_t n) {
  int32_t k;
  for (k = 0; k < n; k++) dst[dso + k] = a[ao + k] * s;
}

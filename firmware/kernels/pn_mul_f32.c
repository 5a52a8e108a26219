/* Element-wise product (prelude mul_f32). */
#include "pn_rt.h"

void pn_mul_f32(const float *a, int32_t ao, const float *b, int32_t bo, float *dst, int32_t dso, int32_t n) {
  int32_t k;
  for (k = 0; k < n; k++) dst[dso + k] = a[ao + k] * b[bo + k];
}

/* Element-wise product (prelude mul_f32). */
#include "pn_rt.h"
#if defined(PN_CMSIS_DSP)
#include "arm_math.h"
#endif

void pn_mul_f32(const float *a, int32_t ao, const float *b, int32_t bo, float *dst, int32_t dso, int32_t n) {
#if defined(PN_CMSIS_DSP)
  /* Element-wise: one IEEE operation per element, the same in every CMSIS-DSP variant. */
  if (n > 0) arm_mult_f32(&a[ao], &b[bo], &dst[dso], (uint32_t)n);
#else
  int32_t k;
  for (k = 0; k < n; k++) dst[dso + k] = a[ao + k] * b[bo + k];
#endif
}

/*
 * Dot product, summed left to right from 0 with one rounding per operation (prelude dot_f32).
 * PN_CMSIS_DOT (boards whose CMSIS-DSP variant is scalar): arm_dot_prod_f32, whose scalar code
 * sums in exactly this order (4x unrolled, one accumulator). The Helium and NEON variants keep
 * 4 vector accumulators, another order, so those boards keep the portable loop.
 */
#include "pn_rt.h"
#if defined(PN_CMSIS_DOT)
#include "arm_math.h"
#endif

float pn_dot_f32(const float *a, int32_t ao, const float *b, int32_t bo, int32_t n) {
#if defined(PN_CMSIS_DOT)
  float s;
  if (n <= 0) return 0.0f;
  arm_dot_prod_f32(&a[ao], &b[bo], (uint32_t)n, &s);
  return s;
#else
  float s = 0.0f;
  int32_t k;
  for (k = 0; k < n; k++) s += a[ao + k] * b[bo + k];
  return s;
#endif
}

/*
 * Fully connected int8 layer with per-channel requantization (prelude fc_s8): the semantics of
 * CMSIS-NN's arm_fully_connected_s8 and TFLM's reference kernel. The int32 accumulator wraps as
 * the reference's does.
 *
 * Kernel selection (docs/kernels.md): the board's build defines at most one of
 *   PN_KERNEL_MVE   Helium (Cortex-M55)            pn_fc_s8_mve.c
 *   PN_KERNEL_NEON  Advanced SIMD (AArch64, A53)   pn_fc_s8_neon.c
 *   PN_KERNEL_DSP   DSP extension (M4, M7, M33)    pn_fc_s8_dsp.c
 * (sim/c-build/product.ts sets it from the board profile's features); without one, or on the host, this
 * file's portable C is the kernel. A define whose instructions the target lacks is an error, not
 * a silent fallback.
 */
#include "pn_rt.h"

#if (defined(PN_KERNEL_MVE) + defined(PN_KERNEL_NEON) + defined(PN_KERNEL_DSP)) > 1
#error "define at most one of PN_KERNEL_MVE, PN_KERNEL_NEON, PN_KERNEL_DSP"
#endif
#if defined(PN_KERNEL_MVE) && !(defined(__ARM_FEATURE_MVE) && (__ARM_FEATURE_MVE & 1))
#error "PN_KERNEL_MVE needs a target with Helium (__ARM_FEATURE_MVE)"
#endif
#if defined(PN_KERNEL_NEON) && !(defined(__aarch64__) && defined(__ARM_NEON))
#error "PN_KERNEL_NEON needs an AArch64 target with Advanced SIMD"
#endif
#if defined(PN_KERNEL_DSP) && !(defined(__ARM_FEATURE_DSP) && __ARM_FEATURE_DSP && !defined(__aarch64__))
#error "PN_KERNEL_DSP needs an M-profile target with the DSP extension (__ARM_FEATURE_DSP)"
#endif

void pn_fc_s8(const int8_t *x, int32_t xo, const int8_t *w, const int32_t *bias, const int32_t *mult, const int32_t *shift,
              int32_t rows, int32_t cols, int8_t *out, int32_t oo, int32_t x_zero, int32_t out_zero, int32_t act_min,
              int32_t act_max) {
#if defined(PN_KERNEL_MVE)
  pn_fc_s8_mve(x, xo, w, bias, mult, shift, rows, cols, out, oo, x_zero, out_zero, act_min, act_max);
#elif defined(PN_KERNEL_NEON)
  pn_fc_s8_neon(x, xo, w, bias, mult, shift, rows, cols, out, oo, x_zero, out_zero, act_min, act_max);
#elif defined(PN_KERNEL_DSP)
  pn_fc_s8_dsp(x, xo, w, bias, mult, shift, rows, cols, out, oo, x_zero, out_zero, act_min, act_max);
#else
  int32_t r, c;
  for (r = 0; r < rows; r++) {
    int32_t acc = bias[r];
    const int8_t *row = &w[r * cols];
    int32_t v;
    for (c = 0; c < cols; c++) acc += (x[xo + c] + x_zero) * row[c];
    v = pn_requantize(acc, mult[r], shift[r]) + out_zero;
    v = v < act_min ? act_min : v > act_max ? act_max : v;
    out[oo + r] = (int8_t)v;
  }
#endif
}

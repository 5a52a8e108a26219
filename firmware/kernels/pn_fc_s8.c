/*
 * Fully connected int8 layer with per-channel requantization (prelude fc_s8): the semantics of
 * CMSIS-NN's arm_fully_connected_s8 and TFLM's reference kernel. Portable C; the int32
 * accumulator wraps as the reference's does.
 */
#include "pn_rt.h"

void pn_fc_s8(const int8_t *x, int32_t xo, const int8_t *w, const int32_t *bias, const int32_t *mult, const int32_t *shift,
              int32_t rows, int32_t cols, int8_t *out, int32_t oo, int32_t x_zero, int32_t out_zero, int32_t act_min,
              int32_t act_max) {
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
}

/*
 * Fully connected int8 layer (prelude fc_s8) with the Armv7E-M / Armv8-M DSP extension
 * (Cortex-M4, M7, M33; also valid on M55): CMSIS-NN style, four rows at a time, four columns per
 * step, then two rows and one row for the remaining rows.
 *
 * Per step one word of x is split into its even and odd bytes as 16-bit pairs with the input
 * offset added (SXTAB16, and SXTAB16 with ROR #8), four weights of each row likewise (SXTB16),
 * and two SMLADs per row accumulate. SMLAD's 32-bit accumulate wraps (it only sets Q), so the
 * accumulator is the reference's: every product (x + x_zero)·w is exact in 32 bits and the sum is
 * taken modulo 2^32, which is the same in any order.
 *
 * The offset rides in 16-bit lanes, exact while x + x_zero fits in int16 for every int8 x
 * (|x_zero| <= 32640; TFLM's input offsets are within [-127, 128]). Outside that the kernel folds
 * the offset instead: acc = bias + Σ x·w + x_zero·Σ w, equal modulo 2^32 to the reference's
 * per-MAC wrap.
 *
 * The inner loops are inline assembly: GCC 12 neither folds the rotation into SXTB16 nor keeps
 * the four-row loop's 14 live values in registers (it spills every iteration), and an asm
 * statement with 14 register operands is rejected, so the four-row loop is a function of its own. x and the weights
 * are read with LDR, which allows unaligned addresses on these cores, so no row or x alignment is
 * needed and cols need not be a multiple of 4 (the last cols % 4 columns are plain C).
 */
#include "pn_rt.h"

#if defined(__ARM_FEATURE_DSP) && __ARM_FEATURE_DSP && !defined(__aarch64__)

static inline int8_t pn_fc_out(int32_t acc, int32_t mult, int32_t shift, int32_t out_zero, int32_t act_min, int32_t act_max) {
  int32_t v = pn_requantize(acc, mult, shift) + out_zero;
  v = v < act_min ? act_min : v > act_max ? act_max : v;
  return (int8_t)v;
}

/* Σ w over one row, for the folded offset (rare path: |x_zero| > 32640). */
static int32_t pn_row_sum(const int8_t *w, int32_t cols) {
  int32_t s = 0, c;
  for (c = 0; c < cols; c++) s += w[c];
  return s;
}

/* One row's weight word at ADDR: both halves sign-extended, two SMLADs into ACC. */
#define PN_DSP_ROW(ACC, ADDR)                 \
  "ldr     %[wv], " ADDR "\n\t"               \
  "sxtb16  %[wt], %[wv], ror #8\n\t"          \
  "sxtb16  %[wv], %[wv]\n\t"                  \
  "smlad   " ACC ", %[wv], %[xe], " ACC "\n\t" \
  "smlad   " ACC ", %[wt], %[xd], " ACC "\n\t"

/* x word: even bytes + offset into xe, odd bytes + offset into xd. */
#define PN_DSP_X                         \
  "ldr     %[xd], [%[xp]], #4\n\t"       \
  "sxtab16 %[xe], %[zz], %[xd]\n\t"      \
  "sxtab16 %[xd], %[zz], %[xd], ror #8\n\t"

/*
 * Four rows r..r+3 starting at ROW (stride cols), lanes steps of four columns: acc[0..3] +=
 * Σ (x + x_zero)·w. A function of its own so that the assembly has all 14 usable registers:
 * r4-r7 accumulators, r1/r10 rows r and r+2 (post-incremented), r12 = cols (rows r+1 and r+3 by
 * register offset), r2 x, lr the step count, r11 the offset pair, r8/r9 x's even/odd halves,
 * r0/r3 the weight word and its odd half. The clobber list makes GCC save r4-r11 and lr, so the
 * stack analysis sees the frame.
 */
__attribute__((noinline)) static void pn_dsp_rows4(int32_t *acc, const int8_t *row, const int8_t *x, const int32_t *arg) {
  register int32_t *r0 __asm__("r0") = acc;
  register const int8_t *r1 __asm__("r1") = row;
  register const int8_t *r2 __asm__("r2") = x;
  register const int32_t *r3 __asm__("r3") = arg;
  __asm__ volatile(
      "ldr     r12, [r3]\n\t"
      "ldr     lr, [r3, #4]\n\t"
      "ldr     r11, [r3, #8]\n\t"
      "add     r10, r1, r12, lsl #1\n\t"
      "push    {r0, r3}\n\t"
      "ldm     r0, {r4, r5, r6, r7}\n\t"
      "1:\n\t"
      "ldr     r9, [r2], #4\n\t"
      "sxtab16 r8, r11, r9\n\t"
      "sxtab16 r9, r11, r9, ror #8\n\t"
      "ldr     r0, [r1, r12]\n\t"
      "sxtb16  r3, r0, ror #8\n\t"
      "sxtb16  r0, r0\n\t"
      "smlad   r5, r0, r8, r5\n\t"
      "smlad   r5, r3, r9, r5\n\t"
      "ldr     r0, [r1], #4\n\t"
      "sxtb16  r3, r0, ror #8\n\t"
      "sxtb16  r0, r0\n\t"
      "smlad   r4, r0, r8, r4\n\t"
      "smlad   r4, r3, r9, r4\n\t"
      "ldr     r0, [r10, r12]\n\t"
      "sxtb16  r3, r0, ror #8\n\t"
      "sxtb16  r0, r0\n\t"
      "smlad   r7, r0, r8, r7\n\t"
      "smlad   r7, r3, r9, r7\n\t"
      "ldr     r0, [r10], #4\n\t"
      "sxtb16  r3, r0, ror #8\n\t"
      "sxtb16  r0, r0\n\t"
      "smlad   r6, r0, r8, r6\n\t"
      "smlad   r6, r3, r9, r6\n\t"
      "subs    lr, lr, #1\n\t"
      "bne     1b\n\t"
      "pop     {r0, r3}\n\t"
      "stm     r0, {r4, r5, r6, r7}\n\t"
      : "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r3)
      :
      : "r4", "r5", "r6", "r7", "r8", "r9", "r10", "r11", "r12", "lr", "cc", "memory");
}

void pn_fc_s8_dsp(const int8_t *x, int32_t xo, const int8_t *w, const int32_t *bias, const int32_t *mult,
                  const int32_t *shift, int32_t rows, int32_t cols, int8_t *out, int32_t oo, int32_t x_zero,
                  int32_t out_zero, int32_t act_min, int32_t act_max) {
  const int8_t *xp0 = &x[xo];
  const int32_t lanes = cols >> 2, tail = cols & 3, done = cols & ~3;
  /* The offset in both 16-bit lanes, or 0 with the offset folded (fold != 0). */
  const int32_t in_lane = x_zero >= -32640 && x_zero <= 32640;
  const int32_t z = in_lane ? x_zero : 0;
  const int32_t fold = in_lane ? 0 : x_zero;
  const int32_t zz = (int32_t)(((uint32_t)z & 0xffffu) * 0x10001u);
  int32_t r = 0;

  for (; r + 4 <= rows; r += 4) {
    const int8_t *row = &w[r * cols];
    int32_t acc[4];
    int32_t a0, a1, a2, a3;
    int32_t k;
    acc[0] = bias[r];
    acc[1] = bias[r + 1];
    acc[2] = bias[r + 2];
    acc[3] = bias[r + 3];
    if (lanes > 0) {
      const int32_t arg[3] = {cols, lanes, zz};
      pn_dsp_rows4(acc, row, xp0, arg);
    }
    a0 = acc[0];
    a1 = acc[1];
    a2 = acc[2];
    a3 = acc[3];
    for (k = done; k < done + tail; k++) {
      const int32_t xv = xp0[k] + z;
      a0 += xv * row[k];
      a1 += xv * row[cols + k];
      a2 += xv * row[2 * cols + k];
      a3 += xv * row[3 * cols + k];
    }
    if (fold) {
      a0 += fold * pn_row_sum(row, cols);
      a1 += fold * pn_row_sum(row + cols, cols);
      a2 += fold * pn_row_sum(row + 2 * cols, cols);
      a3 += fold * pn_row_sum(row + 3 * cols, cols);
    }
    out[oo + r] = pn_fc_out(a0, mult[r], shift[r], out_zero, act_min, act_max);
    out[oo + r + 1] = pn_fc_out(a1, mult[r + 1], shift[r + 1], out_zero, act_min, act_max);
    out[oo + r + 2] = pn_fc_out(a2, mult[r + 2], shift[r + 2], out_zero, act_min, act_max);
    out[oo + r + 3] = pn_fc_out(a3, mult[r + 3], shift[r + 3], out_zero, act_min, act_max);
  }

  if (r + 2 <= rows) {
    const int8_t *row = &w[r * cols];
    int32_t a0 = bias[r], a1 = bias[r + 1];
    int32_t k;
    if (lanes > 0) {
      const int8_t *p = row, *xp = xp0;
      int32_t n = lanes, xe, xd, wv, wt;
      __asm__ volatile(
          "1:\n\t" PN_DSP_X
          PN_DSP_ROW("%[a1]", "[%[p], %[c]]")
          PN_DSP_ROW("%[a0]", "[%[p]], #4")
          "subs    %[n], %[n], #1\n\t"
          "bne     1b\n\t"
          : [a0] "+r"(a0), [a1] "+r"(a1), [p] "+r"(p), [xp] "+r"(xp), [n] "+r"(n), [xe] "=&r"(xe), [xd] "=&r"(xd),
            [wv] "=&r"(wv), [wt] "=&r"(wt)
          : [c] "r"(cols), [zz] "r"(zz)
          : "cc", "memory");
    }
    for (k = done; k < done + tail; k++) {
      const int32_t xv = xp0[k] + z;
      a0 += xv * row[k];
      a1 += xv * row[cols + k];
    }
    if (fold) {
      a0 += fold * pn_row_sum(row, cols);
      a1 += fold * pn_row_sum(row + cols, cols);
    }
    out[oo + r] = pn_fc_out(a0, mult[r], shift[r], out_zero, act_min, act_max);
    out[oo + r + 1] = pn_fc_out(a1, mult[r + 1], shift[r + 1], out_zero, act_min, act_max);
    r += 2;
  }

  if (r < rows) {
    const int8_t *row = &w[r * cols];
    int32_t a0 = bias[r];
    int32_t k;
    if (lanes > 0) {
      const int8_t *p = row, *xp = xp0;
      int32_t n = lanes, xe, xd, wv, wt;
      __asm__ volatile(
          "1:\n\t" PN_DSP_X
          PN_DSP_ROW("%[a0]", "[%[p]], #4")
          "subs    %[n], %[n], #1\n\t"
          "bne     1b\n\t"
          : [a0] "+r"(a0), [p] "+r"(p), [xp] "+r"(xp), [n] "+r"(n), [xe] "=&r"(xe), [xd] "=&r"(xd), [wv] "=&r"(wv),
            [wt] "=&r"(wt)
          : [zz] "r"(zz)
          : "cc", "memory");
    }
    for (k = done; k < done + tail; k++) a0 += (xp0[k] + z) * row[k];
    if (fold) a0 += fold * pn_row_sum(row, cols);
    out[oo + r] = pn_fc_out(a0, mult[r], shift[r], out_zero, act_min, act_max);
  }
}
#endif

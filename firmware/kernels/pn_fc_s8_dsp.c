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
 * statement with 14 register operands is rejected, so the four-row loop is a function of its own
 * (pn_dsp_groups), which runs every group of four rows of a chunk of up to 32 rows and leaves the
 * raw accumulators on the stack; the column tail, the folded offset and the requantization then
 * run over the chunk in C. x and the weights
 * are read with LDR, which allows unaligned addresses on these cores, so no row or x alignment is
 * needed and cols need not be a multiple of 4 (the last cols % 4 columns are plain C).
 */
#include "pn_rt.h"

#if defined(__ARM_FEATURE_DSP) && __ARM_FEATURE_DSP && !defined(__aarch64__)

/*
 * pn_requantize (pn_rt.h) in branch-free form, the same arithmetic step for step: right is
 * max(-shift, 0) = max(shift, 0) - shift, and "threshold + 1 when negative" is the sign bit. GCC 12
 * if-converts pn_requantize's branches by computing the 64-bit product twice; this needs one
 * SMLAL. The exactness tests cover shifts -31..31 and any int32 multiplier.
 */
static inline int32_t pn_fc_requantize(int32_t val, int32_t mult, int32_t shift) {
  const int32_t left = shift > 0 ? shift : 0;
  const int32_t right = left - shift;
  const int32_t x = (int32_t)((uint32_t)val << left);
  const int32_t hi = (int32_t)(((int64_t)x * mult + ((int64_t)1 << 30)) >> 31);
  const int32_t mask = (int32_t)((1u << right) - 1u);
  const int32_t res = hi >> right;
  const int32_t threshold = (mask >> 1) + (int32_t)((uint32_t)res >> 31);
  return res + ((hi & mask) > threshold);
}

static inline int8_t pn_fc_out(int32_t acc, int32_t mult, int32_t shift, int32_t out_zero, int32_t act_min, int32_t act_max) {
  int32_t v = pn_fc_requantize(acc, mult, shift) + out_zero;
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
 * Groups of four rows: for g < groups, acc[4g..4g+3] = bias[4g..4g+3] + Σ over `lanes` steps of
 * four columns of (x + x_zero)·w, rows from ROW with stride cols. A function of its own so that
 * the assembly has all 14 usable registers in the inner loop: r4-r7 accumulators, r1/r10 rows
 * 4g and 4g+2 (post-incremented), r12 = cols (rows 4g+1 and 4g+3 by register offset), r2 x, lr
 * the step count, r11 the offset pair, r8/r9 x's even/odd halves, r0/r3 the weight word and its
 * odd half. Between groups the pointers and counts live in a 24-byte frame the assembly pushes.
 * The clobber list makes GCC save r4-r11 and lr, so the stack analysis sees the frame (the
 * assembly's own 24 bytes are not in -fstack-usage).
 *
 * arg: {cols, lanes, zz, groups, bias}
 */
__attribute__((noinline)) static void pn_dsp_groups(int32_t *acc, const int8_t *row, const int8_t *x, const int32_t *arg) {
  register int32_t *r0 __asm__("r0") = acc;
  register const int8_t *r1 __asm__("r1") = row;
  register const int8_t *r2 __asm__("r2") = x;
  register const int32_t *r3 __asm__("r3") = arg;
  __asm__ volatile(
      "ldr     r12, [r3]\n\t"      /* cols */
      "ldr     lr, [r3, #4]\n\t"   /* lanes */
      "ldr     r11, [r3, #8]\n\t"  /* zz */
      "ldr     r4, [r3, #12]\n\t"  /* groups */
      "ldr     r5, [r3, #16]\n\t"  /* bias */
      "push    {r0, r1, r2, r4, r5, lr}\n\t" /* [sp]: acc, row, x, groups, bias, lanes */
      "2:\n\t"
      "ldr     r1, [sp, #4]\n\t"
      "add     r10, r1, r12, lsl #1\n\t"
      "add     r0, r10, r12, lsl #1\n\t"
      "str     r0, [sp, #4]\n\t"
      "ldr     r3, [sp, #16]\n\t"
      "ldm     r3!, {r4, r5, r6, r7}\n\t"
      "str     r3, [sp, #16]\n\t"
      "ldr     r2, [sp, #8]\n\t"
      "ldr     lr, [sp, #20]\n\t"
      "cmp     lr, #0\n\t"
      "beq     3f\n\t"
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
      "3:\n\t"
      "ldr     r0, [sp]\n\t"
      "stm     r0!, {r4, r5, r6, r7}\n\t"
      "str     r0, [sp]\n\t"
      "ldr     r0, [sp, #12]\n\t"
      "subs    r0, r0, #1\n\t"
      "str     r0, [sp, #12]\n\t"
      "bne     2b\n\t"
      "add     sp, sp, #24\n\t"
      : "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r3)
      :
      : "r4", "r5", "r6", "r7", "r8", "r9", "r10", "r11", "r12", "lr", "cc", "memory");
}

/* Rows handled per pass: raw accumulators for this many rows live on the stack. */
#define PN_DSP_CHUNK 32

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
  int32_t acc[PN_DSP_CHUNK];
  int32_t r0;

  for (r0 = 0; r0 < rows; r0 += PN_DSP_CHUNK) {
    const int32_t nr = rows - r0 < PN_DSP_CHUNK ? rows - r0 : PN_DSP_CHUNK;
    const int32_t n4 = nr & ~3;
    const int8_t *rows0 = &w[r0 * cols];
    int32_t k, r = n4;
    if (n4 > 0) {
      const int32_t arg[5] = {cols, lanes, zz, n4 >> 2, (int32_t)(intptr_t)&bias[r0]};
      pn_dsp_groups(acc, rows0, xp0, arg);
    }
    if (r + 2 <= nr) {
      const int8_t *p = &rows0[r * cols], *xp = xp0;
      int32_t a0 = bias[r0 + r], a1 = bias[r0 + r + 1];
      if (lanes > 0) {
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
      acc[r] = a0;
      acc[r + 1] = a1;
      r += 2;
    }
    if (r < nr) {
      const int8_t *p = &rows0[r * cols], *xp = xp0;
      int32_t a0 = bias[r0 + r];
      if (lanes > 0) {
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
      acc[r] = a0;
    }
    /* The last cols % 4 columns, and the folded offset, row by row in plain C. */
    if (tail) {
      for (k = 0; k < nr; k++) {
        const int8_t *p = &rows0[k * cols];
        int32_t c;
        for (c = done; c < cols; c++) acc[k] += (xp0[c] + z) * p[c];
      }
    }
    if (fold)
      for (k = 0; k < nr; k++) acc[k] += fold * pn_row_sum(&rows0[k * cols], cols);
    for (k = 0; k < nr; k++) out[oo + r0 + k] = pn_fc_out(acc[k], mult[r0 + k], shift[r0 + k], out_zero, act_min, act_max);
  }
}
#endif

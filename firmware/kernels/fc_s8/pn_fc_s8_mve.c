/*
 * Fully connected int8 layer (prelude fc_s8) with Helium (M-profile Vector Extension, Cortex-M55):
 * CMSIS-NN style, four rows at a time, sixteen columns per step, the last step tail-predicated.
 *
 * x + x_zero does not fit in int8, so the offset is folded as in CMSIS-NN's MVE kernels:
 * acc = bias + Σ x·w + x_zero·Σ w. VMLADAVA.S8 accumulates Σ x·w and VADDVA.S8 Σ w, both into a
 * 32-bit scalar that wraps; x_zero·Σ w wraps in C (-fwrapv). All three are taken modulo 2^32, and
 * so is the reference's per-MAC sum, so the result is the reference's bit for bit, for any
 * x_zero.
 *
 * Full steps of 16 columns are plain VLDRB.8 (groups of four rows of a 32-row chunk in one
 * assembly call, see pn_mve_groups; the rows past the last group with intrinsics); the
 * last cols % 16 columns are one step predicated by VCTP.8 (VLDRB with zeroing), so no byte past
 * a row is read and the inactive lanes add 0. No alignment needed.
 */
#include "pn_rt.h"

#if defined(__ARM_FEATURE_MVE) && (__ARM_FEATURE_MVE & 1)
#include <arm_mve.h>

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

/*
 * Four rows' outputs at once (n of them, n > 0; lanes past n predicated off): the accumulator
 * bias + Σ x·w + x_zero·Σ w (a[0..3] Σ x·w, a[4..7] Σ w, VMLA wraps), then pn_fc_requantize in
 * CMSIS-NN's MVE form, which is the same arithmetic:
 *   - x = val << left (VSHL by a register wraps as the reference's imul by 2^left);
 *   - VQRDMULH(x, m) = sat((2·x·m + 2^31) >> 32) = (x·m + 2^30) >> 31, the reference's hi, except
 *     that it saturates where the reference wraps: x = m = INT32_MIN gives INT32_MAX there and
 *     INT32_MIN in the reference, so those lanes are set to INT32_MIN (VCMP, VCMP predicated,
 *     VPSEL; compared with a VDUP'd vector: the _n_ forms with INT32_MIN crash GCC 12's fwprop);
 *   - the rounding right shift with ties away from zero: hi - 1 when hi < 0 and right > 0
 *     ((hi AND -right) >> 31), added saturating, then VRSHL by -right, which rounds half up
 *     exactly: (hi - s + 2^(right-1)) >> right is the reference's (hi >> right) + (rem > threshold)
 *     for right >= 1, and the saturation (hi = INT32_MIN only) does not change the shifted result;
 *   - + out_zero (wraps), then max(act_min), min(act_max): the reference's clamp when
 *     act_min <= act_max (the caller keeps the scalar path otherwise); VSTRB.32 keeps the low
 *     byte as the reference's int8 store does.
 */
static inline int32x4_t pn_mve_requant4(int32x4_t v, int32x4_t sh, int32x4_t m, int32_t out_zero, int32_t act_min, int32_t act_max) {
  const int32x4_t zero = vdupq_n_s32(0);
  const int32x4_t nright = vminq_s32(sh, zero);
  mve_pred16_t c;
  int32x4_t h;
  v = vshlq_s32(v, vmaxq_s32(sh, zero));
  h = vqrdmulhq_s32(v, m);
  c = vcmpeqq_s32(v, vdupq_n_s32(INT32_MIN));
  c = vcmpeqq_m_s32(m, vdupq_n_s32(INT32_MIN), c);
  h = vpselq_s32(vdupq_n_s32(INT32_MIN), h, c);
  h = vqaddq_s32(h, vshrq_n_s32(vandq_s32(h, nright), 31));
  h = vrshlq_s32(h, nright);
  h = vaddq_n_s32(h, out_zero);
  return vminq_s32(vmaxq_s32(h, vdupq_n_s32(act_min)), vdupq_n_s32(act_max));
}

/* n >= 4: four full lanes, unpredicated loads and store (GCC 12 wraps every predicated load in
 * VPST and moves VPR through core registers); n < 4: the lanes past n predicated off. */
static inline void pn_mve_out4(int8_t *o, const int32_t *a, int32_t r, int32_t n, const int32_t *bias, const int32_t *mult,
                               const int32_t *shift, int32_t x_zero, int32_t out_zero, int32_t act_min, int32_t act_max) {
  if (n >= 4) {
    int32x4_t v = vaddq_s32(vldrwq_s32(a), vldrwq_s32(&bias[r]));
    if (x_zero != 0) v = vmlaq_n_s32(v, vldrwq_s32(a + 4), x_zero);
    vstrbq_s32(o, pn_mve_requant4(v, vldrwq_s32(&shift[r]), vldrwq_s32(&mult[r]), out_zero, act_min, act_max));
  } else {
    const mve_pred16_t p = vctp32q((uint32_t)n);
    int32x4_t v = vaddq_s32(vldrwq_z_s32(a, p), vldrwq_z_s32(&bias[r], p));
    v = vmlaq_n_s32(v, vldrwq_z_s32(a + 4, p), x_zero);
    vstrbq_p_s32(o, pn_mve_requant4(v, vldrwq_z_s32(&shift[r], p), vldrwq_z_s32(&mult[r], p), out_zero, act_min, act_max), p);
  }
}

/*
 * Groups of four rows, `steps` full steps of 16 columns each, unpredicated: for g < groups,
 * acc[8g..8g+3] = Σ x·w and acc[8g+4..8g+7] = Σ w of rows 4g..4g+3 (rows from ROW, stride cols).
 * VMLADAVA and VADDVA need an even accumulator register, and eight of them plus five pointers and
 * the count are all 14 usable registers, which GCC 12 does not manage (it spills accumulators
 * every step): a function of its own, in assembly, with the registers it uses clobbered so that
 * GCC saves them (the assembly's own 24-byte frame is not in -fstack-usage).
 * r0 r2 r4 r6: Σ x·w rows 0..3; r8 r10 r12 lr: Σ w rows 0..3; r9 x; r1 r3 r5 r7 rows; r11 count.
 * Between groups: [sp] acc, [sp+4] next row, [sp+8] x, [sp+12] groups left, [sp+16] cols,
 * [sp+20] steps.
 *
 * arg: {cols, steps, groups}
 */
#define PN_MVE_GROUPS(NAME, SUMW, STORE)                                                                   \
__attribute__((noinline)) static void NAME(int32_t *acc, const int8_t *row, const int8_t *x, const int32_t *arg) { \
  register int32_t *r0 __asm__("r0") = acc; \
  register const int8_t *r1 __asm__("r1") = row; \
  register const int8_t *r2 __asm__("r2") = x; \
  register const int32_t *r3 __asm__("r3") = arg; \
  __asm__ volatile( \
      "ldr         r4, [r3, #8]\n\t" \
      "ldr         r5, [r3]\n\t" \
      "ldr         r6, [r3, #4]\n\t" \
      "push        {r0, r1, r2, r4, r5, r6}\n\t" \
      "2:\n\t" \
      "ldr         r3, [sp, #16]\n\t" \
      "ldr         r1, [sp, #4]\n\t" \
      "ldr         r9, [sp, #8]\n\t" \
      "ldr         r11, [sp, #20]\n\t" \
      "add         r5, r1, r3, lsl #1\n\t" \
      "add         r7, r5, r3\n\t" \
      "add         r0, r7, r3\n\t" \
      "str         r0, [sp, #4]\n\t" \
      "add         r3, r1, r3\n\t" \
      "movs        r0, #0\n\t" \
      "movs        r2, #0\n\t" \
      "movs        r4, #0\n\t" \
      "movs        r6, #0\n\t" \
      SUMW("mov         r8, #0\n\t") \
      SUMW("mov         r10, #0\n\t") \
      SUMW("mov         r12, #0\n\t") \
      SUMW("mov         lr, #0\n\t") \
      "1:\n\t" \
      "vldrb.8     q0, [r9], #16\n\t" \
      "vldrb.8     q1, [r1], #16\n\t" \
      "vldrb.8     q2, [r3], #16\n\t" \
      "vmladava.s8 r0, q0, q1\n\t" \
      SUMW("vaddva.s8   r8, q1\n\t") \
      "vldrb.8     q3, [r5], #16\n\t" \
      "vmladava.s8 r2, q0, q2\n\t" \
      SUMW("vaddva.s8   r10, q2\n\t") \
      "vldrb.8     q1, [r7], #16\n\t" \
      "vmladava.s8 r4, q0, q3\n\t" \
      SUMW("vaddva.s8   r12, q3\n\t") \
      "vmladava.s8 r6, q0, q1\n\t" \
      SUMW("vaddva.s8   lr, q1\n\t") \
      "subs        r11, r11, #1\n\t" \
      "bne         1b\n\t" \
      "ldr         r1, [sp]\n\t" \
      STORE \
      "str         r1, [sp]\n\t" \
      "ldr         r1, [sp, #12]\n\t" \
      "subs        r1, r1, #1\n\t" \
      "str         r1, [sp, #12]\n\t" \
      "bne         2b\n\t" \
      "add         sp, sp, #24\n\t" \
      : "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r3) \
      : \
      : "r4", "r5", "r6", "r7", "r8", "r9", "r10", "r11", "r12", "lr", "q0", "q1", "q2", "q3", "cc", "memory"); \
}

#define PN_MVE_SUMW(INSN) INSN
#define PN_MVE_NOSUMW(INSN)
/* Σ x·w and Σ w of each group of four rows. */
PN_MVE_GROUPS(pn_mve_groups, PN_MVE_SUMW, "stm         r1!, {r0, r2, r4, r6, r8, r10, r12, lr}\n\t")
/*
 * x_zero = 0 (every FC input of the headset network): Σ x·w only, no VADDVA (9 vector
 * instructions per step instead of 13); the Σ w slots of acc are left as they were (multiplied
 * by x_zero = 0).
 */
PN_MVE_GROUPS(pn_mve_groups0, PN_MVE_NOSUMW, "stm         r1, {r0, r2, r4, r6}\n\tadd         r1, r1, #32\n\t")

/* Rows handled per pass: raw Σ x·w and Σ w for this many rows live on the stack. */
#define PN_MVE_CHUNK 32

void pn_fc_s8_mve(const int8_t *x, int32_t xo, const int8_t *w, const int32_t *bias, const int32_t *mult,
                  const int32_t *shift, int32_t rows, int32_t cols, int8_t *out, int32_t oo, int32_t x_zero,
                  int32_t out_zero, int32_t act_min, int32_t act_max) {
  const int8_t *xp = &x[xo];
  const int32_t steps = cols >> 4, tail = cols & 15, done = cols & ~15;
  int32_t acc[2 * PN_MVE_CHUNK]; /* per group of four rows: Σ x·w ×4, then Σ w ×4 */
  int32_t r0;

  for (r0 = 0; r0 < rows; r0 += PN_MVE_CHUNK) {
    const int32_t nr = rows - r0 < PN_MVE_CHUNK ? rows - r0 : PN_MVE_CHUNK;
    const int32_t n4 = nr & ~3;
    const int8_t *rows0 = &w[r0 * cols];
    int32_t k;
    if (n4 > 0 && steps > 0) {
      const int32_t arg[3] = {cols, steps, n4 >> 2};
      if (x_zero == 0)
        pn_mve_groups0(acc, rows0, xp, arg);
      else
        pn_mve_groups(acc, rows0, xp, arg);
    } else {
      for (k = 0; k < 2 * n4; k++) acc[k] = 0;
    }
    /* Rows past the last group of four: full steps, one row at a time. */
    for (k = n4; k < nr; k++) {
      const int8_t *wq = &rows0[k * cols], *xq = xp;
      int32_t a = 0, sw = 0, n;
      for (n = steps; n > 0; n--) {
        const int8x16_t xv = vldrbq_s8(xq), wv = vldrbq_s8(wq);
        xq += 16;
        wq += 16;
        a = vmladavaq_s8(a, xv, wv);
        sw = vaddvaq_s8(sw, wv);
      }
      acc[(k & ~3) * 2 + (k & 3)] = a;
      acc[(k & ~3) * 2 + 4 + (k & 3)] = sw;
    }
    /* The last cols % 16 columns: one step predicated by VCTP.8 (zeroing loads). */
    if (tail > 0) {
      const mve_pred16_t p = vctp8q((uint32_t)tail);
      const int8x16_t xv = vldrbq_z_s8(xp + done, p);
      for (k = 0; k < nr; k++) {
        const int8x16_t wv = vldrbq_z_s8(&rows0[k * cols + done], p);
        int32_t *a = &acc[(k & ~3) * 2 + (k & 3)];
        a[0] = vmladavaq_s8(a[0], xv, wv);
        a[4] = vaddvaq_s8(a[4], wv);
      }
    }
    if (act_min <= act_max) {
      /* Four rows per step, the last step predicated (pn_mve_out4). */
      for (k = 0; k < nr; k += 4) pn_mve_out4(&out[oo + r0 + k], &acc[2 * k], r0 + k, nr - k, bias, mult, shift, x_zero, out_zero, act_min, act_max);
    } else {
      for (k = 0; k < nr; k++) {
        const int32_t *a = &acc[(k & ~3) * 2 + (k & 3)];
        const int32_t r = r0 + k;
        out[oo + r] = pn_fc_out(bias[r] + a[0] + x_zero * a[4], mult[r], shift[r], out_zero, act_min, act_max);
      }
    }
  }
}
#endif

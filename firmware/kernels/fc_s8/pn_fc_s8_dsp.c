/*
 * Fully connected int8 layer (prelude fc_s8) with the Armv7E-M / Armv8-M DSP extension
 * (Cortex-M4, M7, M33; also valid on M55): CMSIS-NN style, four rows at a time, four columns per
 * step, then a group of two and one row for the remaining rows.
 *
 * x is extended once per call (per 512 columns) into a stack buffer: each word of x split into its
 * even and odd bytes as 16-bit pairs with the input offset added (SXTAB16, and SXTAB16 with
 * ROR #8). Per step the group reads the pair with two LDRs, each row splits four weights likewise
 * (SXTB16) and accumulates with two SMLADs. SMLAD's 32-bit accumulate wraps (it only sets Q), so
 * the accumulator is the reference's: every product (x + x_zero)·w is exact in 32 bits and the sum
 * is taken modulo 2^32, which is the same in any order.
 *
 * The offset rides in 16-bit lanes, exact while x + x_zero fits in int16 for every int8 x
 * (|x_zero| <= 32640; TFLM's input offsets are within [-127, 128]). Outside that the kernel folds
 * the offset instead: acc = bias + Σ x·w + x_zero·Σ w, equal modulo 2^32 to the reference's
 * per-MAC wrap.
 *
 * The inner loops are inline assembly: GCC 12 neither folds the rotation into SXTB16 nor keeps
 * the loop's 14 live values in registers (it spills every iteration), and an asm statement with 14
 * register operands is rejected, so the four-row loop is a function of its own (pn_dsp_rows),
 * which runs the groups of a chunk of up to 48 rows and leaves the raw accumulators on the stack;
 * the two- and one-row remainders are inline asm, the column tail and the folded offset C, and the
 * requantization another assembly loop (pn_fc_out). The weights are read with LDR, which allows
 * unaligned addresses on these cores, so no row alignment is needed and cols need not be a
 * multiple of 4 (the last cols % 4 columns are plain C). Why four rows and what bounds the
 * MAC/cycle: docs/kernels.md.
 */
#include "pn_rt.h"

#if defined(__ARM_FEATURE_DSP) && __ARM_FEATURE_DSP && !defined(__aarch64__)

/*
 * o[k] = requantize(acc[k], m[k], s[k]) + out_zero clamped as the reference clamps (v < act_min ?
 * act_min : v > act_max ? act_max : v), for k < n (n > 0): pn_requantize (pn_rt.h) in its
 * branch-free form (right = max(shift, 0) - shift, "threshold + 1 when negative" as the sign
 * bit; its C is pn_fc_requantize in pn_fc_s8_mve.c), step for step in assembly, with out_zero,
 * the limits and the constants in registers (GCC 12 spills the limits and keeps 2^30, 0 and 1 in
 * registers of their own). Register shifts take the amount's low byte, as
 * the compiled C does; left and right are within 0..31 for shifts within -31..31.
 *
 * "rem > threshold" is the sign bit of threshold - rem (both within [0, 2^31), so the difference
 * cannot wrap): one SUB and an ADD with LSR #31 instead of CMP, IT, ADDGT. The clamp has three
 * forms, picked once per call: act_min = -128 and act_max = 127 (no fused activation, every call
 * of the headset network) is SSAT #8 alone; act_max = 127 with -128 <= act_min <= 127 (fused
 * RELU) is SSAT #8 then the act_min test (after SSAT the value is within [-128, 127], so
 * "v > act_max" never holds and "v < act_min" is the reference's first test unchanged, since
 * SSAT only moves values that were below -128 <= act_min or above 127 = act_max); anything else
 * is the reference's two tests in its order. Two rows per loop pass (odd n enters at the second).
 *
 * arg: {s, n, out_zero, act_min, act_max}
 */
#define PN_FC_OUT_HEAD                                                   \
  "ldm     r3, {r3, r4, r10, r11, r12}\n\t" /* s, n, out_zero, act_min, act_max */ \
  "add     lr, r1, r4, lsl #2\n\t"                                       \
  "mov     r9, #1\n\t"                                                   \
  "tst     r4, #1\n\t"                     /* two rows per pass: odd n enters at the second */ \
  "bne     11f\n\t"

/* One row: r5 = requantize(val, mult, shift) + out_zero, pointers advanced. */
#define PN_FC_OUT_ROW                                                    \
  "ldr     r4, [r1], #4\n\t"               /* val */                     \
  "ldr     r5, [r2], #4\n\t"               /* mult */                    \
  "ldr     r6, [r3], #4\n\t"               /* shift */                   \
  "bic     r7, r6, r6, asr #31\n\t"        /* left = max(shift, 0) */    \
  "sub     r6, r7, r6\n\t"                 /* right = left - shift */    \
  "lsl     r4, r4, r7\n\t"                 /* x = val << left */         \
  "mov     r7, #0x40000000\n\t"                                          \
  "mov     r8, #0\n\t"                                                   \
  "smlal   r7, r8, r4, r5\n\t"             /* x * mult + 2^30 */         \
  "lsr     r7, r7, #31\n\t"                                              \
  "orr     r7, r7, r8, lsl #1\n\t"         /* hi: bits 31..62 */         \
  "lsl     r8, r9, r6\n\t"                                               \
  "sub     r8, r8, #1\n\t"                 /* mask */                    \
  "and     r4, r7, r8\n\t"                 /* rem = hi & mask */         \
  "asr     r5, r7, r6\n\t"                 /* res = hi >> right */       \
  "asr     r8, r8, #1\n\t"                                               \
  "add     r8, r8, r7, lsr #31\n\t"        /* threshold (+1 when hi < 0) */ \
  "sub     r8, r8, r4\n\t"                 /* threshold - rem: negative when rem > threshold */ \
  "add     r5, r5, r8, lsr #31\n\t"                                      \
  "add     r5, r5, r10\n\t"                /* + out_zero */

#define PN_FC_OUT_TAIL            \
  "cmp     r1, lr\n\t"            \
  "bne     1b\n\t"                \
  : "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r3) \
  :                               \
  : "r4", "r5", "r6", "r7", "r8", "r9", "r10", "r11", "r12", "lr", "cc", "memory"

#define PN_FC_CLAMP_SSAT "ssat    r5, #8, r5\n\t"
#define PN_FC_CLAMP_RELU  \
  "ssat    r5, #8, r5\n\t" \
  "cmp     r5, r11\n\t"    \
  "it      lt\n\t"         \
  "movlt   r5, r11\n\t"
#define PN_FC_CLAMP_ANY                                                    \
  "cmp     r5, r11\n\t"                                                    \
  "ite     lt\n\t"                                                         \
  "movlt   r5, r11\n\t"                    /* v < act_min: act_min */     \
  "cmpge   r5, r12\n\t"                    /* else compare with act_max (flags stay lt otherwise) */ \
  "it      gt\n\t"                                                         \
  "movgt   r5, r12\n\t"
#define PN_FC_OUT_LOOP(CLAMP)                                       \
  PN_FC_OUT_HEAD                                                    \
  "1:\n\t" PN_FC_OUT_ROW CLAMP "strb    r5, [r0], #1\n\t"           \
  "11:\n\t" PN_FC_OUT_ROW CLAMP "strb    r5, [r0], #1\n\t" PN_FC_OUT_TAIL

__attribute__((noinline)) static void pn_fc_out(int8_t *o, const int32_t *acc, const int32_t *m, const int32_t *arg) {
  register int8_t *r0 __asm__("r0") = o;
  register const int32_t *r1 __asm__("r1") = acc;
  register const int32_t *r2 __asm__("r2") = m;
  register const int32_t *r3 __asm__("r3") = arg;
  const int32_t amin = arg[3], amax = arg[4];
  if (amin == -128 && amax == 127)
    __asm__ volatile(PN_FC_OUT_LOOP(PN_FC_CLAMP_SSAT));
  else if (amax == 127 && amin >= -128 && amin <= 127)
    __asm__ volatile(PN_FC_OUT_LOOP(PN_FC_CLAMP_RELU));
  else
    __asm__ volatile(PN_FC_OUT_LOOP(PN_FC_CLAMP_ANY));
}

/* Σ w over one row, for the folded offset (rare path: |x_zero| > 32640). */
static int32_t pn_row_sum(const int8_t *w, int32_t cols) {
  int32_t s = 0, c;
  for (c = 0; c < cols; c++) s += w[c];
  return s;
}

/* One row's weight word at ADDR: both halves sign-extended, two SMLADs into ACC (C inline asm). */
#define PN_DSP_ROW(ACC, ADDR)                 \
  "ldr     %[wv], " ADDR "\n\t"               \
  "sxtb16  %[wt], %[wv], ror #8\n\t"          \
  "sxtb16  %[wv], %[wv]\n\t"                  \
  "smlad   " ACC ", %[wv], %[xe], " ACC "\n\t" \
  "smlad   " ACC ", %[wt], %[xd], " ACC "\n\t"

/*
 * x, four columns per word, as the two 16-bit pairs the SMLADs take, the offset added: word k of
 * xp becomes xb[2k] = (x[4k] + z, x[4k+2] + z) and xb[2k+1] = (x[4k+1] + z, x[4k+3] + z). Built
 * once per call (per 512 columns), then every row reads it with one LDRD per four columns instead
 * of an LDR and two SXTAB16s, and no register holds the offset.
 */
static void pn_dsp_extend(int32_t *xb, const int8_t *xp, int32_t n, int32_t zz) {
  if (n > 0) {
    int32_t v, e;
    __asm__ volatile(
        "1:\n\t"
        "ldr     %[v], [%[xp]], #4\n\t"
        "sxtab16 %[e], %[zz], %[v]\n\t"
        "sxtab16 %[v], %[zz], %[v], ror #8\n\t"
        "strd    %[e], %[v], [%[xb]], #8\n\t"
        "subs    %[n], %[n], #1\n\t"
        "bne     1b\n\t"
        : [xb] "+r"(xb), [xp] "+r"(xp), [n] "+r"(n), [v] "=&r"(v), [e] "=&r"(e)
        : [zz] "r"(zz)
        : "cc", "memory");
  }
}

/*
 * Four columns of four rows: r10 row 0 (rows 1, 2 at +c, +2c), r11 row 3. The x pair and three
 * weight words are loaded back to back (five LDRs: the M4 pipelines every LDR that follows an
 * LDR, so they cost 6 cycles, where an LDRD and three LDRs between ALU instructions cost 9), then
 * row 3's word after the three rows' arithmetic (one register short of loading it too: r9 is the
 * odd half). 24 cycles per 16 MAC on the M4 (6 + 12 + 2 + 4).
 */
#define PN_DSP_STEP4                          \
  "ldr     r6, [lr], #8\n\t"                  \
  "ldr     r7, [lr, #-4]\n\t"                 \
  "ldr     r4, [r10, r12]\n\t"                \
  "ldr     r5, [r10, r12, lsl #1]\n\t"        \
  "ldr     r8, [r10], #4\n\t"                 \
  "sxtb16  r9, r4, ror #8\n\t"                \
  "sxtb16  r4, r4\n\t"                        \
  "smlad   r1, r4, r6, r1\n\t"                \
  "smlad   r1, r9, r7, r1\n\t"                \
  "sxtb16  r9, r5, ror #8\n\t"                \
  "sxtb16  r5, r5\n\t"                        \
  "smlad   r2, r5, r6, r2\n\t"                \
  "smlad   r2, r9, r7, r2\n\t"                \
  "sxtb16  r9, r8, ror #8\n\t"                \
  "sxtb16  r8, r8\n\t"                        \
  "smlad   r0, r8, r6, r0\n\t"                \
  "smlad   r0, r9, r7, r0\n\t"                \
  "ldr     r8, [r11], #4\n\t"                 \
  "sxtb16  r9, r8, ror #8\n\t"                \
  "sxtb16  r8, r8\n\t"                        \
  "smlad   r3, r8, r6, r3\n\t"                \
  "smlad   r3, r9, r7, r3\n\t"

/*
 * Groups of four rows: dst[k] = src[k] + Σ over the x buffer's words of (x + x_zero)·w for rows
 * from ROW with stride cols (src is the bias or the accumulators of the previous column pass; dst
 * and src advance by the rows done). A function of its own so that the assembly has all 14 usable
 * registers in the inner loop: r0-r3 accumulators, r6/r7 x's pairs, r4/r5/r8 weight words, r9 the
 * odd half, r10/r11 rows 0 and 3 of the group (post-incremented; rows 1, 2 by register offset),
 * r12 = cols, lr the x buffer. No register is left for a step count: the loop runs eight steps per
 * pass, entered where words % 8 steps remain (the entry address is computed once per call), and
 * compares lr with the buffer's end kept in the frame. Between groups the pointers and counts live
 * in a 32-byte frame the assembly pushes. The clobber list makes GCC save r4-r11 and lr, so the
 * stack analysis sees that frame (the assembly's own 32 bytes are not in -fstack-usage).
 *
 * arg: {cols, xbuf, xend, groups of 4 (> 0), words & 7, words}
 */
__attribute__((noinline)) static void pn_dsp_rows(int32_t *dst, const int32_t *src, const int8_t *row, const int32_t *arg) {
  register int32_t *r0 __asm__("r0") = dst;
  register const int32_t *r1 __asm__("r1") = src;
  register const int8_t *r2 __asm__("r2") = row;
  register const int32_t *r3 __asm__("r3") = arg;
  __asm__ volatile(
      "ldr     r12, [r3]\n\t"      /* cols */
      "ldr     lr, [r3, #4]\n\t"   /* xbuf */
      "ldr     r4, [r3, #8]\n\t"   /* xend */
      "ldr     r5, [r3, #12]\n\t"  /* groups of 4 */
      "ldr     r6, [r3, #16]\n\t"  /* words % 8 */
      "ldr     r7, [r3, #20]\n\t"  /* words */
      "cmp     r7, #0\n\t"         /* the entry: eight-step loop where words % 8 steps remain */
      "beq     5f\n\t"
      "tbb     [pc, r6]\n\t"
      "10:\n\t"
      ".byte   (20f - 10b) / 2, (27f - 10b) / 2, (26f - 10b) / 2, (25f - 10b) / 2\n\t"
      ".byte   (24f - 10b) / 2, (23f - 10b) / 2, (22f - 10b) / 2, (21f - 10b) / 2\n\t"
      "5:\n\t"
      "adr     r7, 3f\n\t"
      "b       9f\n\t"
      "20:\n\t"
      "adr     r7, 1f\n\t"
      "b       9f\n\t"
      "21:\n\t"
      "adr     r7, 11f\n\t"
      "b       9f\n\t"
      "22:\n\t"
      "adr     r7, 12f\n\t"
      "b       9f\n\t"
      "23:\n\t"
      "adr     r7, 13f\n\t"
      "b       9f\n\t"
      "24:\n\t"
      "adr     r7, 14f\n\t"
      "b       9f\n\t"
      "25:\n\t"
      "adr     r7, 15f\n\t"
      "b       9f\n\t"
      "26:\n\t"
      "adr     r7, 16f\n\t"
      "b       9f\n\t"
      "27:\n\t"
      "adr     r7, 17f\n\t"
      "9:\n\t"
      "orr     r7, r7, #1\n\t"
      "push    {r0, r1, r2, r4, r5, r6, r7, lr}\n\t" /* [sp]: dst, src, row, xend, n4, -, entry, xbuf */
      "2:\n\t"
      "ldr     r10, [sp, #8]\n\t"
      "add     r11, r10, r12, lsl #1\n\t"
      "add     r11, r11, r12\n\t"
      "add     r9, r11, r12\n\t"
      "str     r9, [sp, #8]\n\t"
      "ldr     r9, [sp, #4]\n\t"
      "ldm     r9!, {r0, r1, r2, r3}\n\t"
      "str     r9, [sp, #4]\n\t"
      "ldr     lr, [sp, #28]\n\t"
      "ldr     r9, [sp, #24]\n\t"
      "bx      r9\n\t"
      ".p2align 2\n\t"
      "1:\n\t" PN_DSP_STEP4
      "11:\n\t" PN_DSP_STEP4
      "12:\n\t" PN_DSP_STEP4
      "13:\n\t" PN_DSP_STEP4
      "14:\n\t" PN_DSP_STEP4
      "15:\n\t" PN_DSP_STEP4
      "16:\n\t" PN_DSP_STEP4
      "17:\n\t" PN_DSP_STEP4
      "ldr     r9, [sp, #12]\n\t"
      "cmp     lr, r9\n\t"
      "bne     1b\n\t"
      "3:\n\t"
      "ldr     r9, [sp]\n\t"
      "stm     r9!, {r0, r1, r2, r3}\n\t"
      "str     r9, [sp]\n\t"
      "ldr     r9, [sp, #16]\n\t"
      "subs    r9, r9, #1\n\t"
      "str     r9, [sp, #16]\n\t"
      "bne     2b\n\t"
      "add     sp, sp, #32\n\t"
      : "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r3)
      :
      : "r4", "r5", "r6", "r7", "r8", "r9", "r10", "r11", "r12", "lr", "cc", "memory");
}

/* Rows handled per pass (a multiple of 4): raw accumulators for this many rows live on the stack. */
#define PN_DSP_CHUNK 48
/* x words (four columns each) per column pass: the extended x buffer is 8 bytes a word. */
#define PN_DSP_XWORDS 128

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
  int32_t xb[2 * PN_DSP_XWORDS];
  int32_t built = -1; /* the first x word in xb */
  int32_t r0;

  for (r0 = 0; r0 < rows; r0 += PN_DSP_CHUNK) {
    const int32_t nr = rows - r0 < PN_DSP_CHUNK ? rows - r0 : PN_DSP_CHUNK;
    const int32_t n4 = nr >> 2, big = 4 * n4;
    const int8_t *rows0 = &w[r0 * cols];
    int32_t k, c0 = 0;
    do {
      const int32_t nw = lanes - c0 < PN_DSP_XWORDS ? lanes - c0 : PN_DSP_XWORDS;
      const int32_t *src = c0 == 0 ? &bias[r0] : acc;
      const int8_t *rc = &rows0[4 * c0];
      int32_t r = big;
      if (built != c0) {
        pn_dsp_extend(xb, &xp0[4 * c0], nw, zz);
        built = c0;
      }
      if (big > 0) {
        const int32_t arg[6] = {cols, (int32_t)(intptr_t)xb, (int32_t)(intptr_t)&xb[2 * nw], n4, nw & 7, nw};
        pn_dsp_rows(acc, src, rc, arg);
      }
      if (r + 2 <= nr) {
        const int8_t *p = &rc[r * cols];
        const int32_t *q = xb;
        int32_t a0 = src[r], a1 = src[r + 1];
        if (nw > 0) {
          int32_t n = nw, xe, xd, wv, wt;
          __asm__ volatile(
              "1:\n\t"
              "ldrd    %[xe], %[xd], [%[q]], #8\n\t"
              PN_DSP_ROW("%[a1]", "[%[p], %[c]]")
              PN_DSP_ROW("%[a0]", "[%[p]], #4")
              "subs    %[n], %[n], #1\n\t"
              "bne     1b\n\t"
              : [a0] "+r"(a0), [a1] "+r"(a1), [p] "+r"(p), [q] "+r"(q), [n] "+r"(n), [xe] "=&r"(xe), [xd] "=&r"(xd),
                [wv] "=&r"(wv), [wt] "=&r"(wt)
              : [c] "r"(cols)
              : "cc", "memory");
        }
        acc[r] = a0;
        acc[r + 1] = a1;
        r += 2;
      }
      if (r < nr) {
        const int8_t *p = &rc[r * cols];
        const int32_t *q = xb;
        int32_t a0 = src[r];
        if (nw > 0) {
          int32_t n = nw, xe, xd, wv, wt;
          __asm__ volatile(
              "1:\n\t"
              "ldrd    %[xe], %[xd], [%[q]], #8\n\t"
              PN_DSP_ROW("%[a0]", "[%[p]], #4")
              "subs    %[n], %[n], #1\n\t"
              "bne     1b\n\t"
              : [a0] "+r"(a0), [p] "+r"(p), [q] "+r"(q), [n] "+r"(n), [xe] "=&r"(xe), [xd] "=&r"(xd), [wv] "=&r"(wv),
                [wt] "=&r"(wt)
              :
              : "cc", "memory");
        }
        acc[r] = a0;
      }
      c0 += PN_DSP_XWORDS;
    } while (c0 < lanes);
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
    {
      const int32_t arg[5] = {(int32_t)(intptr_t)&shift[r0], nr, out_zero, act_min, act_max};
      pn_fc_out(&out[oo + r0], acc, &mult[r0], arg);
    }
  }
}
#endif

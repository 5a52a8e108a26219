/*
 * Fully connected int8 layer (prelude fc_s8) with Advanced SIMD (NEON) on AArch64, for Cortex-A53,
 * which has no dot-product extension (no SDOT): four rows at a time, sixteen columns per step.
 *
 * Per step and row, SMULL/SMULL2 give the sixteen int8·int8 products exactly in int16 (at most
 * 128·128 = 16384) and SADALP adds them pairwise into four int32 lanes; no int16 sum of two
 * products is ever formed (two -128·-128 products would overflow int16). x + x_zero does not fit
 * in int8, so the offset is folded: acc = bias + Σ x·w + x_zero·Σ w. Σ w is SADALP of the weight
 * bytes into eight int16 lanes, which adds at most 2·128 per lane and step, so it is widened into
 * int32 every 128 steps (2048 columns) before it can overflow. The int32 lane sums, the final
 * ADDV, and x_zero·Σ w (C, -fwrapv) all wrap modulo 2^32, as does the reference's per-MAC sum, so
 * the result is the reference's bit for bit, for any x_zero.
 *
 * The last cols % 16 columns: one step of 8 when there are 8 (SMULL, SADDLV for Σ w), then plain C
 * with the offset added per column as the reference does.
 * Loads are LD1 (no alignment needed).
 */
#include "pn_rt.h"

#if defined(__aarch64__) && defined(__ARM_NEON)
#include <arm_neon.h>
#include <string.h>

static inline int8_t pn_fc_out(int32_t acc, int32_t mult, int32_t shift, int32_t out_zero, int32_t act_min, int32_t act_max) {
  int32_t v = pn_requantize(acc, mult, shift) + out_zero;
  v = v < act_min ? act_min : v > act_max ? act_max : v;
  return (int8_t)v;
}

/*
 * Four rows' outputs from their int32 accumulators v (the reference's acc): pn_requantize in
 * CMSIS-NN's vector form, the same arithmetic (as pn_mve_out4 in pn_fc_s8_mve.c):
 *   - x = v << left (SSHL by a register, wraps as the reference's imul by 2^left);
 *   - SQRDMULH(x, m) = sat((2·x·m + 2^31) >> 32) = (x·m + 2^30) >> 31, the reference's hi, except
 *     that x = m = INT32_MIN saturates to INT32_MAX where the reference wraps to INT32_MIN: those
 *     lanes are set back (CMEQ, CMEQ, AND, BSL);
 *   - ties away from zero: hi - 1 when hi < 0 and right > 0 ((hi AND -right) >> 31, added
 *     saturating), then SRSHL by -right, which rounds half up exactly; the saturation (hi =
 *     INT32_MIN only) does not change the shifted result;
 *   - + out_zero (wraps), max(act_min), min(act_max): the reference's clamp when act_min <= act_max
 *     (the caller keeps the scalar path otherwise); XTN keeps the low bytes as the int8 store does.
 */
static inline void pn_neon_out4(int8_t *o, int32x4_t v, const int32_t *mult, const int32_t *shift, int32_t out_zero,
                                int32_t act_min, int32_t act_max) {
  const int32x4_t zero = vdupq_n_s32(0), imin = vdupq_n_s32(INT32_MIN);
  const int32x4_t sh = vld1q_s32(shift), m = vld1q_s32(mult);
  const int32x4_t nright = vminq_s32(sh, zero);
  int32x4_t h;
  uint32x4_t c;
  v = vshlq_s32(v, vmaxq_s32(sh, zero));
  h = vqrdmulhq_s32(v, m);
  c = vandq_u32(vceqq_s32(v, imin), vceqq_s32(m, imin));
  h = vbslq_s32(c, imin, h);
  h = vqaddq_s32(h, vshrq_n_s32(vandq_s32(h, nright), 31));
  h = vrshlq_s32(h, nright);
  h = vaddq_s32(h, vdupq_n_s32(out_zero));
  h = vminq_s32(vmaxq_s32(h, vdupq_n_s32(act_min)), vdupq_n_s32(act_max));
  {
    const int16x4_t n16 = vmovn_s32(h);
    const int8x8_t n8 = vmovn_s16(vcombine_s16(n16, n16));
    const uint32_t b = vget_lane_u32(vreinterpret_u32_s8(n8), 0);
    memcpy(o, &b, 4);
  }
}

/* Σ w in int16 lanes is widened after this many 16-column steps (128 · 2 · 128 = 32768). */
#define PN_NEON_SUMW_BLOCK 128

/* One row's 16 weights at WP: products into A (int32x4), Σ w into S (int16x8). */
#define PN_NEON_ROW16(A, S, WP)                                       \
  do {                                                                \
    const int8x16_t wv_ = vld1q_s8(WP);                               \
    WP += 16;                                                         \
    A = vpadalq_s16(A, vmull_s8(vget_low_s8(xv), vget_low_s8(wv_))); \
    A = vpadalq_s16(A, vmull_high_s8(xv, wv_));                       \
    S = vpadalq_s8(S, wv_);                                           \
  } while (0)

/* One row's 16 weights at WP, fast path: two products per int16 lane (exact, see below), into A. */
#define PN_NEON_ROW16P(A, WP)                                                      \
  do {                                                                             \
    const int8x16_t wv_ = vld1q_s8(WP);                                            \
    WP += 16;                                                                      \
    A = vpadalq_s16(A, vmlal_high_s8(vmull_s8(vget_low_s8(xv), vget_low_s8(wv_)), xv, wv_)); \
  } while (0)

/* One row's 8 weights at WP: products into A, Σ w into the scalar SW. */
#define PN_NEON_ROW8(A, SW, WP)                  \
  do {                                           \
    const int8x8_t wv_ = vld1_s8(WP);            \
    WP += 8;                                     \
    A = vpadalq_s16(A, vmull_s8(xh, wv_));       \
    SW += vaddlv_s8(wv_);                        \
  } while (0)

void pn_fc_s8_neon(const int8_t *x, int32_t xo, const int8_t *w, const int32_t *bias, const int32_t *mult,
                   const int32_t *shift, int32_t rows, int32_t cols, int8_t *out, int32_t oo, int32_t x_zero,
                   int32_t out_zero, int32_t act_min, int32_t act_max) {
  const int8_t *xp = &x[xo];
  const int32_t steps = cols >> 4;
  const int32_t half = (cols & 8) != 0;
  const int32_t done = cols & ~7;
  int32_t r = 0;
  /*
   * Fast path: with x_zero = 0 (every FC input of the headset network has zero point 0) Σ w is not
   * needed. SMULL of the low eight columns and SMLAL2 of the high eight add two products in one
   * int16 lane: each is within [-16256, 16384], 16384 only for x = w = -128, so their sum fits
   * int16 ([-32512, 32767]) unless x is -128 in both columns c and c + 8 of a 16-column step (and
   * both weights are -128): the path is taken only when no step has that x pair. Then one SADALP:
   * three vector instructions per row and step instead of five.
   */
  int32_t fast = x_zero == 0 && steps > 0;
  if (fast) {
    const int8x8_t m128 = vdup_n_s8(-128);
    uint8x8_t both = vdup_n_u8(0);
    int32_t n;
    for (n = 0; n < steps; n++) {
      const int8x16_t xv = vld1q_s8(xp + 16 * n);
      both = vorr_u8(both, vand_u8(vceq_s8(vget_low_s8(xv), m128), vceq_s8(vget_high_s8(xv), m128)));
    }
    fast = vmaxv_u8(both) == 0;
  }

  for (; r + 4 <= rows; r += 4) {
    const int8_t *w0 = &w[r * cols];
    const int8_t *w1 = w0 + cols, *w2 = w1 + cols, *w3 = w2 + cols;
    const int8_t *xq = xp;
    int32x4_t a0 = vdupq_n_s32(0), a1 = a0, a2 = a0, a3 = a0;
    int32x4_t t0 = a0, t1 = a0, t2 = a0, t3 = a0; /* Σ w, widened */
    int32_t sw0 = 0, sw1 = 0, sw2 = 0, sw3 = 0;  /* Σ w of the 8-column step */
    int32_t left = fast ? 0 : steps, k;
    if (fast) {
      int32_t n;
      for (n = 0; n < steps; n++) {
        const int8x16_t xv = vld1q_s8(xq);
        xq += 16;
        PN_NEON_ROW16P(a0, w0);
        PN_NEON_ROW16P(a1, w1);
        PN_NEON_ROW16P(a2, w2);
        PN_NEON_ROW16P(a3, w3);
      }
    }
    while (left > 0) {
      const int32_t blk = left < PN_NEON_SUMW_BLOCK ? left : PN_NEON_SUMW_BLOCK;
      int16x8_t s0 = vdupq_n_s16(0), s1 = s0, s2 = s0, s3 = s0;
      int32_t n;
      for (n = 0; n < blk; n++) {
        const int8x16_t xv = vld1q_s8(xq);
        xq += 16;
        PN_NEON_ROW16(a0, s0, w0);
        PN_NEON_ROW16(a1, s1, w1);
        PN_NEON_ROW16(a2, s2, w2);
        PN_NEON_ROW16(a3, s3, w3);
      }
      t0 = vpadalq_s16(t0, s0);
      t1 = vpadalq_s16(t1, s1);
      t2 = vpadalq_s16(t2, s2);
      t3 = vpadalq_s16(t3, s3);
      left -= blk;
    }
    if (half) {
      const int8x8_t xh = vld1_s8(xq);
      PN_NEON_ROW8(a0, sw0, w0);
      PN_NEON_ROW8(a1, sw1, w1);
      PN_NEON_ROW8(a2, sw2, w2);
      PN_NEON_ROW8(a3, sw3, w3);
    }
    {
      const int8_t *row = &w[r * cols];
      /* Σ x·w and Σ w of the four rows as one vector each (pairwise adds, wrapping). */
      const int32x4_t pa = vpaddq_s32(vpaddq_s32(a0, a1), vpaddq_s32(a2, a3));
      int32x4_t pt = vpaddq_s32(vpaddq_s32(t0, t1), vpaddq_s32(t2, t3));
      int32_t acc0 = 0, acc1 = 0, acc2 = 0, acc3 = 0;
      if (half) {
        const int32_t swv[4] = {sw0, sw1, sw2, sw3};
        pt = vaddq_s32(pt, vld1q_s32(swv));
      }
      for (k = done; k < cols; k++) {
        const int32_t xv = xp[k] + x_zero;
        acc0 += xv * row[k];
        acc1 += xv * row[cols + k];
        acc2 += xv * row[2 * cols + k];
        acc3 += xv * row[3 * cols + k];
      }
      if (act_min <= act_max) {
        int32x4_t v = vmlaq_n_s32(vaddq_s32(vld1q_s32(&bias[r]), pa), pt, x_zero);
        if (done < cols) {
          const int32_t tv[4] = {acc0, acc1, acc2, acc3};
          v = vaddq_s32(v, vld1q_s32(tv));
        }
        pn_neon_out4(&out[oo + r], v, &mult[r], &shift[r], out_zero, act_min, act_max);
      } else {
        int32_t sa[4], st[4];
        vst1q_s32(sa, pa);
        vst1q_s32(st, pt);
        acc0 += bias[r] + sa[0] + x_zero * st[0];
        acc1 += bias[r + 1] + sa[1] + x_zero * st[1];
        acc2 += bias[r + 2] + sa[2] + x_zero * st[2];
        acc3 += bias[r + 3] + sa[3] + x_zero * st[3];
        out[oo + r] = pn_fc_out(acc0, mult[r], shift[r], out_zero, act_min, act_max);
        out[oo + r + 1] = pn_fc_out(acc1, mult[r + 1], shift[r + 1], out_zero, act_min, act_max);
        out[oo + r + 2] = pn_fc_out(acc2, mult[r + 2], shift[r + 2], out_zero, act_min, act_max);
        out[oo + r + 3] = pn_fc_out(acc3, mult[r + 3], shift[r + 3], out_zero, act_min, act_max);
      }
    }
  }

  for (; r < rows; r++) {
    const int8_t *w0 = &w[r * cols];
    const int8_t *xq = xp;
    int32x4_t a0 = vdupq_n_s32(0), t0 = a0;
    int32_t sw0 = 0, acc0, left = steps, k;
    while (left > 0) {
      const int32_t blk = left < PN_NEON_SUMW_BLOCK ? left : PN_NEON_SUMW_BLOCK;
      int16x8_t s0 = vdupq_n_s16(0);
      int32_t n;
      for (n = 0; n < blk; n++) {
        const int8x16_t xv = vld1q_s8(xq);
        xq += 16;
        PN_NEON_ROW16(a0, s0, w0);
      }
      t0 = vpadalq_s16(t0, s0);
      left -= blk;
    }
    if (half) {
      const int8x8_t xh = vld1_s8(xq);
      PN_NEON_ROW8(a0, sw0, w0);
    }
    acc0 = bias[r] + vaddvq_s32(a0) + x_zero * (vaddvq_s32(t0) + sw0);
    for (k = done; k < cols; k++) acc0 += (xp[k] + x_zero) * w[r * cols + k];
    out[oo + r] = pn_fc_out(acc0, mult[r], shift[r], out_zero, act_min, act_max);
  }
}
#endif

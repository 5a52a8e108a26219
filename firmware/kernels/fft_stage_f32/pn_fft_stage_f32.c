/*
 * One Stockham FFT stage of radix 2, 3, 4 or 5 (prelude fft_stage_f32): for p < m = n/r and
 * q < s, the r inputs in[q + s(p + j m)] go through the r-point DFT and output k goes to
 * out[q + s(r p + k)], times the twiddle W^(k t) = twr[k t] + i sg twi[k t], t = 2 p s, except
 * at p = 0, which stores the butterfly's outputs as they are.
 *
 * Every output is the reference's sequence of float operations (the BF* macros are its
 * arithmetic, operation for operation); what changes is the code around them: one function per
 * radix, p = 0 in its own loop without twiddles, the twiddles of a p loaded once for its s
 * butterflies, and pointers walked instead of indices recomputed. s = 1 (the first stage of a
 * transform: one butterfly per p, outputs contiguous) has a loop of its own that walks the
 * twiddle table too. Integer state is kept to the four walking pointers, the two strides and a
 * counter, so the butterfly and its twiddles stay in registers.
 */
#include "pn_rt.h"

/* one function per radix, so that each has the registers to itself */
#if defined(__GNUC__)
#define PN_NOINLINE __attribute__((noinline))
#else
#define PN_NOINLINE
#endif

/* Make the strides look new in every iteration, so that the compiler computes each of the 4r
 * addresses of a butterfly from its array's walking pointer (one add) instead of giving every
 * address stream its own register, which spills from radix 4 on. */
#if defined(__GNUC__)
#define PN_OPAQUE(x) __asm__("" : "+r"(x))
#else
#define PN_OPAQUE(x) ((void)0)
#endif

/* A complex product, as the reference: (vr wr - vi wi, vr wi + vi wr). */
#define CMUL_STORE(ur, ui, vr, vi, wr, wi)                                                                  \
  do {                                                                                                     \
    float vr_ = (vr), vi_ = (vi);                                                                          \
    (ur) = vr_ * (wr) - vi_ * (wi);                                                                        \
    (ui) = vr_ * (wi) + vi_ * (wr);                                                                        \
  } while (0)

/* ------------------------------------------------------------------ radix 2 */

#define BF2(a, b, d)                                                                                       \
  float x0r = (a)[0], x1r = (a)[d], x0i = (b)[0], x1i = (b)[d];                                            \
  float y0r = x0r + x1r, y0i = x0i + x1i;                                                                  \
  float y1r = x0r - x1r, y1i = x0i - x1i

PN_NOINLINE static void stage2(const float *twr, const float *twi, const float *inr, const float *ini, float *outr, float *outi,
                   int32_t m, int32_t s, float sg) {
  int32_t d = s * m;
  const float *a = inr, *b = ini;
  float *u = outr, *v = outi;
  for (int32_t q = s; q > 0; q--, a++, b++, u++, v++) {
      PN_OPAQUE(d); PN_OPAQUE(s);
    BF2(a, b, d);
    u[0] = y0r; v[0] = y0i;
    u[s] = y1r; v[s] = y1i;
  }
  for (int32_t p = 1; p < m; p++) {
    const int32_t t = 2 * p * s;
    const float w1r = twr[t], w1i = sg * twi[t];
    a = inr + s * p; b = ini + s * p;
    u = outr + 2 * s * p; v = outi + 2 * s * p;
    for (int32_t q = s; q > 0; q--, a++, b++, u++, v++) {
      PN_OPAQUE(d); PN_OPAQUE(s);
      BF2(a, b, d);
      u[0] = y0r; v[0] = y0i;
      CMUL_STORE(u[s], v[s], y1r, y1i, w1r, w1i);
    }
  }
}

/* ------------------------------------------------------------------ radix 3 */

#define BF3(a, b, d)                                                                                       \
  float x0r = (a)[0], x1r = (a)[d], x2r = (a)[2 * (d)];                                                    \
  float x0i = (b)[0], x1i = (b)[d], x2i = (b)[2 * (d)];                                                    \
  float sr = x1r + x2r, si = x1i + x2i;                                                                    \
  float dr = h * (x1r - x2r), di = h * (x1i - x2i);                                                        \
  float mr = x0r - 0.5f * sr, mi = x0i - 0.5f * si;                                                        \
  float y0r = x0r + sr, y0i = x0i + si;                                                                    \
  float y1r = mr + di, y1i = mi - dr;                                                                      \
  float y2r = mr - di, y2i = mi + dr

PN_NOINLINE static void stage3(const float *twr, const float *twi, const float *inr, const float *ini, float *outr, float *outi,
                   int32_t m, int32_t s, float sg) {
  int32_t d = s * m;
  const float h = sg * 0.8660254f; /* sg sin(2 pi/3) */
  const float *a = inr, *b = ini;
  float *u = outr, *v = outi;
  for (int32_t q = s; q > 0; q--, a++, b++, u++, v++) {
      PN_OPAQUE(d); PN_OPAQUE(s);
    BF3(a, b, d);
    u[0] = y0r; v[0] = y0i;
    u[s] = y1r; v[s] = y1i;
    u[2 * s] = y2r; v[2 * s] = y2i;
  }
  for (int32_t p = 1; p < m; p++) {
    const int32_t t = 2 * p * s;
    const float w1r = twr[t], w1i = sg * twi[t];
    const float w2r = twr[2 * t], w2i = sg * twi[2 * t];
    a = inr + s * p; b = ini + s * p;
    u = outr + 3 * s * p; v = outi + 3 * s * p;
    for (int32_t q = s; q > 0; q--, a++, b++, u++, v++) {
      PN_OPAQUE(d); PN_OPAQUE(s);
      BF3(a, b, d);
      u[0] = y0r; v[0] = y0i;
      CMUL_STORE(u[s], v[s], y1r, y1i, w1r, w1i);
      CMUL_STORE(u[2 * s], v[2 * s], y2r, y2i, w2r, w2i);
    }
  }
}

/* ------------------------------------------------------------------ radix 4 */

#define BF4(a, b, d)                                                                                       \
  float x0r = (a)[0], x1r = (a)[d], x2r = (a)[2 * (d)], x3r = (a)[3 * (d)];                                \
  float x0i = (b)[0], x1i = (b)[d], x2i = (b)[2 * (d)], x3i = (b)[3 * (d)];                                \
  float t0r = x0r + x2r, t0i = x0i + x2i;                                                                  \
  float t1r = x0r - x2r, t1i = x0i - x2i;                                                                  \
  float t2r = x1r + x3r, t2i = x1i + x3i;                                                                  \
  float t3r = sg * (x1r - x3r), t3i = sg * (x1i - x3i);                                                    \
  float y0r = t0r + t2r, y0i = t0i + t2i;                                                                  \
  float y1r = t1r + t3i, y1i = t1i - t3r;                                                                  \
  float y2r = t0r - t2r, y2i = t0i - t2i;                                                                  \
  float y3r = t1r - t3i, y3i = t1i + t3r

PN_NOINLINE static void stage4(const float *twr, const float *twi, const float *inr, const float *ini, float *outr, float *outi,
                   int32_t m, int32_t s, float sg) {
  int32_t d = s * m;
  const float *a = inr, *b = ini;
  float *u = outr, *v = outi;
  for (int32_t q = s; q > 0; q--, a++, b++, u++, v++) {
      PN_OPAQUE(d); PN_OPAQUE(s);
    BF4(a, b, d);
    u[0] = y0r; v[0] = y0i;
    u[s] = y1r; v[s] = y1i;
    u[2 * s] = y2r; v[2 * s] = y2i;
    u[3 * s] = y3r; v[3 * s] = y3i;
  }
  if (s == 1) {
    /* one butterfly per p, outputs contiguous (a, b are at in + p already) */
    u = outr + 4; v = outi + 4;
    for (int32_t p = 1; p < m; p++, a++, b++, u += 4, v += 4) {
      PN_OPAQUE(d);
      const int32_t t = 2 * p;
      const float w1r = twr[t], w1i = sg * twi[t];
      const float w2r = twr[2 * t], w2i = sg * twi[2 * t];
      const float w3r = twr[3 * t], w3i = sg * twi[3 * t];
      BF4(a, b, d);
      u[0] = y0r; v[0] = y0i;
      CMUL_STORE(u[1], v[1], y1r, y1i, w1r, w1i);
      CMUL_STORE(u[2], v[2], y2r, y2i, w2r, w2i);
      CMUL_STORE(u[3], v[3], y3r, y3i, w3r, w3i);
    }
    return;
  }
  for (int32_t p = 1; p < m; p++) {
    const int32_t t = 2 * p * s;
    const float w1r = twr[t], w1i = sg * twi[t];
    const float w2r = twr[2 * t], w2i = sg * twi[2 * t];
    const float w3r = twr[3 * t], w3i = sg * twi[3 * t];
    a = inr + s * p; b = ini + s * p;
    u = outr + 4 * s * p; v = outi + 4 * s * p;
    for (int32_t q = s; q > 0; q--, a++, b++, u++, v++) {
      PN_OPAQUE(d); PN_OPAQUE(s);
      BF4(a, b, d);
      u[0] = y0r; v[0] = y0i;
      CMUL_STORE(u[s], v[s], y1r, y1i, w1r, w1i);
      CMUL_STORE(u[2 * s], v[2 * s], y2r, y2i, w2r, w2i);
      CMUL_STORE(u[3 * s], v[3 * s], y3r, y3i, w3r, w3i);
    }
  }
}

/* ------------------------------------------------------------------ radix 5 */

#define BF5(a, b, d)                                                                                       \
  float x0r = (a)[0], x1r = (a)[d], x2r = (a)[2 * (d)], x3r = (a)[3 * (d)], x4r = (a)[4 * (d)];            \
  float x0i = (b)[0], x1i = (b)[d], x2i = (b)[2 * (d)], x3i = (b)[3 * (d)], x4i = (b)[4 * (d)];            \
  float s14r = x1r + x4r, s14i = x1i + x4i, d14r = x1r - x4r, d14i = x1i - x4i;                            \
  float s23r = x2r + x3r, s23i = x2i + x3i, d23r = x2r - x3r, d23i = x2i - x3i;                            \
  float m1r = x0r + c1 * s14r + c2 * s23r, m1i = x0i + c1 * s14i + c2 * s23i;                              \
  float m2r = x0r + c2 * s14r + c1 * s23r, m2i = x0i + c2 * s14i + c1 * s23i;                              \
  float n1r = sg * (s1 * d14r + s2 * d23r), n1i = sg * (s1 * d14i + s2 * d23i);                            \
  float n2r = sg * (s2 * d14r - s1 * d23r), n2i = sg * (s2 * d14i - s1 * d23i);                            \
  float y0r = x0r + s14r + s23r, y0i = x0i + s14i + s23i;                                                  \
  float y1r = m1r + n1i, y1i = m1i - n1r;                                                                  \
  float y2r = m2r + n2i, y2i = m2i - n2r;                                                                  \
  float y3r = m2r - n2i, y3i = m2i + n2r;                                                                  \
  float y4r = m1r - n1i, y4i = m1i + n1r

PN_NOINLINE static void stage5(const float *twr, const float *twi, const float *inr, const float *ini, float *outr, float *outi,
                   int32_t m, int32_t s, float sg) {
  int32_t d = s * m;
  /* cos(2 pi/5), cos(4 pi/5), sin(2 pi/5), sin(4 pi/5) */
  const float c1 = 0.309017f, c2 = -0.809017f, s1 = 0.95105654f, s2 = 0.58778524f;
  const float *a = inr, *b = ini;
  float *u = outr, *v = outi;
  for (int32_t q = s; q > 0; q--, a++, b++, u++, v++) {
      PN_OPAQUE(d); PN_OPAQUE(s);
    BF5(a, b, d);
    u[0] = y0r; v[0] = y0i;
    u[s] = y1r; v[s] = y1i;
    u[2 * s] = y2r; v[2 * s] = y2i;
    u[3 * s] = y3r; v[3 * s] = y3i;
    u[4 * s] = y4r; v[4 * s] = y4i;
  }
  for (int32_t p = 1; p < m; p++) {
    const int32_t t = 2 * p * s;
    a = inr + s * p; b = ini + s * p;
    u = outr + 5 * s * p; v = outi + 5 * s * p;
    for (int32_t q = s; q > 0; q--, a++, b++, u++, v++) {
      PN_OPAQUE(d); PN_OPAQUE(s);
      BF5(a, b, d);
      u[0] = y0r; v[0] = y0i;
      /* eight twiddles do not fit beside the butterfly: read them per butterfly (unused by cfft480,
       * whose radix-5 stage is the last, m = 1) */
      CMUL_STORE(u[s], v[s], y1r, y1i, twr[t], sg * twi[t]);
      CMUL_STORE(u[2 * s], v[2 * s], y2r, y2i, twr[2 * t], sg * twi[2 * t]);
      CMUL_STORE(u[3 * s], v[3 * s], y3r, y3i, twr[3 * t], sg * twi[3 * t]);
      CMUL_STORE(u[4 * s], v[4 * s], y4r, y4i, twr[4 * t], sg * twi[4 * t]);
    }
  }
}

/* ------------------------------------------------ the shapes of cfft480, sign folded
 *
 * cfft480 calls radix 4 on (n, s) = (480, 1) and (120, 4) and radix 5 on (5, 96), with sg = 1 or
 * -1. For those the loops below are compiled with m, s and the sign as constants: every address is
 * a walking pointer plus an immediate offset (no stride arithmetic), and the multiplications by sg
 * are folded into the additions that consume them. Folding is exact in IEEE 754 arithmetic, signed
 * zeros included: sg = 1 multiplies by one (the operand itself); for sg = -1, a + (-1)·b = a - b
 * and a - (-1)·b = a + b (subtraction is the addition of the negation), and a product with a
 * negated factor is the negated product (rounding is symmetric), so with T = twi[k t]
 *   vr·(sg T) + vi·wr = vr·T + vi·wr (sg = 1), vi·wr - vr·T (sg = -1: addition commutes),
 *   vr·wr - vi·(sg T) = vr·wr - vi·T (sg = 1), vr·wr + vi·T (sg = -1).
 * Same float operations on the same values otherwise, so the same bits. */

#if defined(__GNUC__)
#define PN_INLINE static inline __attribute__((always_inline))
#else
#define PN_INLINE static inline
#endif

/* the q loop of s = 4 unrolled: no loop control between a p's four butterflies */
#if defined(__GNUC__)
#define PN_UNROLL4 _Pragma("GCC unroll 4")
#else
#define PN_UNROLL4
#endif

/* a + sg·b and a - sg·b, SG = +1 or -1 a constant */
#define PADD(a, b) ((SG) > 0 ? (a) + (b) : (a) - (b))
#define PSUB(a, b) ((SG) > 0 ? (a) - (b) : (a) + (b))

/* (ur, ui) = (vr, vi)·(wr, sg·T), as CMUL_STORE */
#define CMUL_SG(ur, ui, vr, vi, wr, T)                                                                    \
  do {                                                                                                     \
    float vr_ = (vr), vi_ = (vi);                                                                          \
    (ur) = PSUB(vr_ * (wr), vi_ * (T));                                                                    \
    (ui) = (SG) > 0 ? vr_ * (T) + vi_ * (wr) : vi_ * (wr) - vr_ * (T);                                     \
  } while (0)

/* BF4 with t3 = sg·(x1 - x3) folded into y1 and y3 */
#define BF4_SG(a, b, d)                                                                                    \
  float x0r = (a)[0], x1r = (a)[d], x2r = (a)[2 * (d)], x3r = (a)[3 * (d)];                                \
  float x0i = (b)[0], x1i = (b)[d], x2i = (b)[2 * (d)], x3i = (b)[3 * (d)];                                \
  float t0r = x0r + x2r, t0i = x0i + x2i;                                                                  \
  float t1r = x0r - x2r, t1i = x0i - x2i;                                                                  \
  float t2r = x1r + x3r, t2i = x1i + x3i;                                                                  \
  float e3r = x1r - x3r, e3i = x1i - x3i;                                                                  \
  float y0r = t0r + t2r, y0i = t0i + t2i;                                                                  \
  float y1r = PADD(t1r, e3i), y1i = PSUB(t1i, e3r);                                                        \
  float y2r = t0r - t2r, y2i = t0i - t2i;                                                                  \
  float y3r = PSUB(t1r, e3i), y3i = PADD(t1i, e3r)

PN_INLINE void stage4_k(const float *twr, const float *twi, const float *inr, const float *ini, float *outr, float *outi,
                        const int32_t m, const int32_t s, const int SG) {
  const int32_t d = s * m;
  for (int32_t q = 0; q < s; q++) {
    const float *a = inr + q, *b = ini + q;
    float *u = outr + q, *v = outi + q;
    BF4_SG(a, b, d);
    u[0] = y0r; v[0] = y0i;
    u[s] = y1r; v[s] = y1i;
    u[2 * s] = y2r; v[2 * s] = y2i;
    u[3 * s] = y3r; v[3 * s] = y3i;
  }
  for (int32_t p = 1; p < m; p++) {
    const int32_t t = 2 * p * s;
    const float w1r = twr[t], T1 = twi[t];
    const float w2r = twr[2 * t], T2 = twi[2 * t];
    const float w3r = twr[3 * t], T3 = twi[3 * t];
    PN_UNROLL4
    for (int32_t q = 0; q < s; q++) {
      const float *a = inr + s * p + q, *b = ini + s * p + q;
      float *u = outr + 4 * s * p + q, *v = outi + 4 * s * p + q;
      BF4_SG(a, b, d);
      u[0] = y0r; v[0] = y0i;
      CMUL_SG(u[s], v[s], y1r, y1i, w1r, T1);
      CMUL_SG(u[2 * s], v[2 * s], y2r, y2i, w2r, T2);
      CMUL_SG(u[3 * s], v[3 * s], y3r, y3i, w3r, T3);
    }
  }
}

/* BF5 with n1, n2 = sg·(...) folded into y1..y4 */
#define BF5_SG(a, b, d)                                                                                    \
  float x0r = (a)[0], x1r = (a)[d], x2r = (a)[2 * (d)], x3r = (a)[3 * (d)], x4r = (a)[4 * (d)];            \
  float x0i = (b)[0], x1i = (b)[d], x2i = (b)[2 * (d)], x3i = (b)[3 * (d)], x4i = (b)[4 * (d)];            \
  float s14r = x1r + x4r, s14i = x1i + x4i, d14r = x1r - x4r, d14i = x1i - x4i;                            \
  float s23r = x2r + x3r, s23i = x2i + x3i, d23r = x2r - x3r, d23i = x2i - x3i;                            \
  float m1r = x0r + c1 * s14r + c2 * s23r, m1i = x0i + c1 * s14i + c2 * s23i;                              \
  float m2r = x0r + c2 * s14r + c1 * s23r, m2i = x0i + c2 * s14i + c1 * s23i;                              \
  float e1r = s1 * d14r + s2 * d23r, e1i = s1 * d14i + s2 * d23i;                                          \
  float e2r = s2 * d14r - s1 * d23r, e2i = s2 * d14i - s1 * d23i;                                          \
  float y0r = x0r + s14r + s23r, y0i = x0i + s14i + s23i;                                                  \
  float y1r = PADD(m1r, e1i), y1i = PSUB(m1i, e1r);                                                        \
  float y2r = PADD(m2r, e2i), y2i = PSUB(m2i, e2r);                                                        \
  float y3r = PSUB(m2r, e2i), y3i = PADD(m2i, e2r);                                                        \
  float y4r = PSUB(m1r, e1i), y4i = PADD(m1i, e1r)

/* radix 5 with m = 1 (the last stage: p = 0 only, no twiddles) */
PN_INLINE void stage5_m1_k(const float *inr, const float *ini, float *outr, float *outi, const int32_t s, const int SG) {
  const float c1 = 0.309017f, c2 = -0.809017f, s1 = 0.95105654f, s2 = 0.58778524f;
  const int32_t d = s;
  for (int32_t q = 0; q < s; q++) {
    const float *a = inr + q, *b = ini + q;
    float *u = outr + q, *v = outi + q;
    BF5_SG(a, b, d);
    u[0] = y0r; v[0] = y0i;
    u[s] = y1r; v[s] = y1i;
    u[2 * s] = y2r; v[2 * s] = y2i;
    u[3 * s] = y3r; v[3 * s] = y3i;
    u[4 * s] = y4r; v[4 * s] = y4i;
  }
}

#define PN_STAGE_ARGS const float *twr, const float *twi, const float *inr, const float *ini, float *outr, float *outi
PN_NOINLINE static void stage4_480_fwd(PN_STAGE_ARGS) { stage4_k(twr, twi, inr, ini, outr, outi, 120, 1, 1); }
PN_NOINLINE static void stage4_480_inv(PN_STAGE_ARGS) { stage4_k(twr, twi, inr, ini, outr, outi, 120, 1, -1); }
PN_NOINLINE static void stage4_120_fwd(PN_STAGE_ARGS) { stage4_k(twr, twi, inr, ini, outr, outi, 30, 4, 1); }
PN_NOINLINE static void stage4_120_inv(PN_STAGE_ARGS) { stage4_k(twr, twi, inr, ini, outr, outi, 30, 4, -1); }
PN_NOINLINE static void stage5_5_fwd(const float *inr, const float *ini, float *outr, float *outi) { stage5_m1_k(inr, ini, outr, outi, 96, 1); }
PN_NOINLINE static void stage5_5_inv(const float *inr, const float *ini, float *outr, float *outi) { stage5_m1_k(inr, ini, outr, outi, 96, -1); }

/* the shape-and-sign specialized stage for (r, m, s, sg), or 0 when there is none */
static int stage_special(PN_STAGE_ARGS, int32_t r, int32_t m, int32_t s, float sg) {
  const int fwd = sg == 1.0f;
  if (!fwd && sg != -1.0f) return 0;
  if (r == 4 && m == 120 && s == 1) {
    if (fwd) stage4_480_fwd(twr, twi, inr, ini, outr, outi); else stage4_480_inv(twr, twi, inr, ini, outr, outi);
  } else if (r == 4 && m == 30 && s == 4) {
    if (fwd) stage4_120_fwd(twr, twi, inr, ini, outr, outi); else stage4_120_inv(twr, twi, inr, ini, outr, outi);
  } else if (r == 5 && m == 1 && s == 96) {
    if (fwd) stage5_5_fwd(inr, ini, outr, outi); else stage5_5_inv(inr, ini, outr, outi);
  } else {
    return 0;
  }
  return 1;
}

void pn_fft_stage_f32(const float *twr, const float *twi, const float *inr, const float *ini, float *outr, float *outi,
                      int32_t r, int32_t n, int32_t s, float sg) {
  if (r < 2 || r > 5 || s <= 0) return;
  const int32_t m = n / r;
  if (m <= 0) return;
  if (stage_special(twr, twi, inr, ini, outr, outi, r, m, s, sg)) return;
  if (r == 4) {
    stage4(twr, twi, inr, ini, outr, outi, m, s, sg);
  } else if (r == 2) {
    stage2(twr, twi, inr, ini, outr, outi, m, s, sg);
  } else if (r == 3) {
    stage3(twr, twi, inr, ini, outr, outi, m, s, sg);
  } else {
    stage5(twr, twi, inr, ini, outr, outi, m, s, sg);
  }
}

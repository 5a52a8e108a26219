/*
 * A radix-2 Stockham stage on (n, s) followed by a radix-3 stage on (n/2, 2s), in one pass
 * (prelude fft_stage23_f32): the same float operations as two pn_fft_stage_f32 calls through a
 * scratch buffer, without the scratch buffer.
 *
 * With m = n/6: the radix-2 butterfly (p, q), p < 3m, writes its outputs k = 0, 1 to
 * t[q + s k + 2s p]; the radix-3 butterfly (p', q'), p' < m, q' < 2s, reads t[q' + 2s (p' + j m)],
 * j < 3. So for p' < m and q < s, the three radix-2 butterflies p = p' + j m at q give the inputs
 * of the two radix-3 butterflies q' = q (their outputs k = 0) and q' = q + s (k = 1), whose
 * outputs k' go to out[q' + 2s (3p' + k')]. The six values in between stay in registers.
 * Twiddles as in pn_fft_stage_f32: radix-2 butterfly p takes W^(2ps) on its output 1 (none at
 * p = 0), radix-3 butterfly p' takes W^(4 k' p' s) on its output k' (none at p' = 0).
 */
#include "pn_rt.h"

#if defined(__GNUC__)
#define PN_NOINLINE __attribute__((noinline))
#define PN_INLINE static inline __attribute__((always_inline))
#define PN_OPAQUE(x) __asm__("" : "+r"(x)) /* see pn_fft_stage_f32.c */
#else
#define PN_NOINLINE
#define PN_INLINE static inline
#define PN_OPAQUE(x) ((void)0)
#endif

/* radix-2 butterfly j (p = p' + j m): legs a[j d] and a[j d + 3d]; outputs (pr, pi) = x0 + x1,
 * (qr, qi) = x0 - x1 before its twiddle */
#define R2(j, pr, pi, qr, qi)                                                                              \
  float pr, pi, qr, qi;                                                                                    \
  {                                                                                                        \
    float x0r = a[(j) * d], x1r = a[(j) * d + 3 * d], x0i = b[(j) * d], x1i = b[(j) * d + 3 * d];           \
    pr = x0r + x1r; pi = x0i + x1i;                                                                        \
    qr = x0r - x1r; qi = x0i - x1i;                                                                        \
  }

/* (vr, vi) = (vr, vi) * (wr, wi), as the reference: (vr wr - vi wi, vr wi + vi wr) */
#define CMUL(vr, vi, wr, wi)                                                                               \
  do {                                                                                                     \
    float r_ = (vr) * (wr) - (vi) * (wi);                                                                  \
    (vi) = (vr) * (wi) + (vi) * (wr);                                                                      \
    (vr) = r_;                                                                                             \
  } while (0)

/* radix-3 butterfly on (x0, x1, x2), outputs y0, y1, y2 before their twiddles */
#define R3(x0r, x0i, x1r, x1i, x2r, x2i)                                                                   \
  float sr = x1r + x2r, si = x1i + x2i;                                                                    \
  float dr = h * (x1r - x2r), di = h * (x1i - x2i);                                                        \
  float mr = x0r - 0.5f * sr, mi = x0i - 0.5f * si;                                                        \
  float y0r = x0r + sr, y0i = x0i + si;                                                                    \
  float y1r = mr + di, y1i = mi - dr;                                                                      \
  float y2r = mr - di, y2i = mi + dr

/* one (p', q) of the pass; tw = 0 at p' = 0, where only the radix-2 butterflies p' + m and p' + 2m
 * take twiddles */
#define BODY23(tw)                                                                                         \
  do {                                                                                                     \
    R2(0, e0r, e0i, f0r, f0i);                                                                             \
    R2(1, e1r, e1i, f1r, f1i);                                                                             \
    R2(2, e2r, e2i, f2r, f2i);                                                                             \
    if (tw) CMUL(f0r, f0i, a0r, a0i);                                                                      \
    CMUL(f1r, f1i, a1r, a1i);                                                                              \
    CMUL(f2r, f2i, a2r, a2i);                                                                              \
    { /* q' = q: the radix-2 outputs 0 */                                                                  \
      R3(e0r, e0i, e1r, e1i, e2r, e2i);                                                                    \
      u[0] = y0r; v[0] = y0i;                                                                              \
      if (tw) {                                                                                            \
        CMUL(y1r, y1i, w1r, w1i);                                                                          \
        CMUL(y2r, y2i, w2r, w2i);                                                                          \
      }                                                                                                    \
      u[2 * s] = y1r; v[2 * s] = y1i;                                                                      \
      u[4 * s] = y2r; v[4 * s] = y2i;                                                                      \
    }                                                                                                      \
    { /* q' = q + s: the radix-2 outputs 1 */                                                              \
      R3(f0r, f0i, f1r, f1i, f2r, f2i);                                                                    \
      u[s] = y0r; v[s] = y0i;                                                                              \
      if (tw) {                                                                                            \
        CMUL(y1r, y1i, w1r, w1i);                                                                          \
        CMUL(y2r, y2i, w2r, w2i);                                                                          \
      }                                                                                                    \
      u[3 * s] = y1r; v[3 * s] = y1i;                                                                      \
      u[5 * s] = y2r; v[5 * s] = y2i;                                                                      \
    }                                                                                                      \
  } while (0)

PN_INLINE void stage23_k(const float *twr, const float *twi, const float *inr, const float *ini, float *outr,
                         float *outi, int32_t m, int32_t s, float sg, const int opaque) {
  int32_t d = s * m; /* in: from radix-2 butterfly p to p + m */
  const int32_t tm = 2 * m * s; /* twiddle index: from radix-2 butterfly p to p + m */
  const float h = sg * 0.8660254f; /* sg sin(2 pi/3) */
  for (int32_t p = 0; p < m; p++) {
    /* radix-2 twiddles of p, p + m and p + 2m, radix-3 twiddles of p */
    const int32_t t = 2 * p * s;
    const float a0r = twr[t], a0i = sg * twi[t];
    const float a1r = twr[t + tm], a1i = sg * twi[t + tm];
    const float a2r = twr[t + 2 * tm], a2i = sg * twi[t + 2 * tm];
    const float w1r = twr[2 * t], w1i = sg * twi[2 * t];
    const float w2r = twr[4 * t], w2i = sg * twi[4 * t];
    const float *a = inr + s * p, *b = ini + s * p;
    float *u = outr + 6 * s * p, *v = outi + 6 * s * p;
    if (p == 0) {
      for (int32_t q = s; q > 0; q--, a++, b++, u++, v++) {
        if (opaque) { PN_OPAQUE(d); PN_OPAQUE(s); }
        BODY23(0);
      }
    } else {
      for (int32_t q = s; q > 0; q--, a++, b++, u++, v++) {
        if (opaque) { PN_OPAQUE(d); PN_OPAQUE(s); }
        BODY23(1);
      }
    }
  }
}

PN_NOINLINE static void stage23(const float *twr, const float *twi, const float *inr, const float *ini, float *outr,
                                float *outi, int32_t m, int32_t s, float sg) {
  stage23_k(twr, twi, inr, ini, outr, outi, m, s, sg, 1);
}

/* cfft480's shape (n = 30, s = 16) with m and s constants: every address a walking pointer plus an
 * immediate offset, no stride arithmetic (the same float operations) */
PN_NOINLINE static void stage23_30_16(const float *twr, const float *twi, const float *inr, const float *ini,
                                      float *outr, float *outi, float sg) {
  stage23_k(twr, twi, inr, ini, outr, outi, 5, 16, sg, 0);
}

void pn_fft_stage23_f32(const float *twr, const float *twi, const float *inr, const float *ini, float *outr,
                        float *outi, int32_t n, int32_t s, float sg) {
  if (n <= 0 || s <= 0 || n % 6 != 0) return;
  if (n == 30 && s == 16) {
    stage23_30_16(twr, twi, inr, ini, outr, outi, sg);
    return;
  }
  stage23(twr, twi, inr, ini, outr, outi, n / 6, s, sg);
}

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

void pn_fft_stage_f32(const float *twr, const float *twi, const float *inr, const float *ini, float *outr, float *outi,
                      int32_t r, int32_t n, int32_t s, float sg) {
  if (r < 2 || r > 5 || s <= 0) return;
  const int32_t m = n / r;
  if (m <= 0) return;
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

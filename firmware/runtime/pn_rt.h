/*
 * pn_rt.h: the C side of spec/prelude.ts. Every function here has its exact reference in the
 * prelude (same name without the pn_ prefix); generated code includes this header only.
 *
 * Build contract (see docs/subset.md): -std=c99 -ffp-contract=off -fwrapv -fno-math-errno, no
 * fast-math, FLT_EVAL_METHOD 0 (single-precision FPU or SSE), 32-bit int. -fwrapv makes i32
 * arithmetic wrap as the reference does; -fno-math-errno lets sqrt be the FPU instruction alone.
 */
#ifndef PN_RT_H
#define PN_RT_H

#include <float.h>
#include <stdbool.h>
#include <stdint.h>

#if defined(FLT_EVAL_METHOD) && FLT_EVAL_METHOD != 0
#error "percepnet-fw needs FLT_EVAL_METHOD == 0: float operations rounded to float"
#endif
#if INT32_MAX != __INT_MAX__
#error "percepnet-fw needs a 32-bit int"
#endif

#if defined(__GNUC__)
#define PN_UNUSED __attribute__((unused))
#else
#define PN_UNUSED
#endif

#define PN_NAN (__builtin_nanf(""))
#define PN_INF (__builtin_inff())

#if defined(__ARM_FEATURE_SAT) && __ARM_FEATURE_SAT
/* ARMv7E-M / v8-M / v7-A: one SSAT (GCC does not form it from the comparisons); same values. */
#include <arm_acle.h>
static inline int16_t pn_sat_i16(int32_t x) { return (int16_t)__ssat(x, 16); }
static inline int8_t pn_sat_i8(int32_t x) { return (int8_t)__ssat(x, 8); }
#else
static inline int16_t pn_sat_i16(int32_t x) { return (int16_t)(x > 32767 ? 32767 : x < -32768 ? -32768 : x); }
static inline int8_t pn_sat_i8(int32_t x) { return (int8_t)(x > 127 ? 127 : x < -128 ? -128 : x); }
#endif
static inline uint8_t pn_sat_u8(int32_t x) { return (uint8_t)(x > 255 ? 255 : x < 0 ? 0 : x); }

/* f32 -> i32 toward zero, saturating, NaN -> 0 (C's own cast is undefined out of range). */
static inline int32_t pn_trunc_i32(float x) {
  if (x != x) return 0;
  if (x >= 2147483648.0f) return INT32_MAX;
  if (x <= -2147483648.0f) return INT32_MIN;
  return (int32_t)x;
}
/* Nearest, ties away from zero. For |x| < 2^30, t2 = trunc(2x) (2x is exact and in range) and the
 * result is floor((t2 + 1) / 2) for t2 >= 0 and -floor((1 - t2) / 2) below: both are
 * (t2 ± 1) / 2 with C's division toward zero. From 2^30 on (and for NaN) x is already an integer
 * (or NaN): trunc, saturating. One range test, one conversion and integer steps instead of three
 * range tests, two conversions and two fraction tests; the same result for every float
 * (test/sim/round-i32.test.ts checks all 2^32 of them against the earlier definition). */
static inline int32_t pn_round_i32(float x) {
#if defined(__GNUC__)
  if (__builtin_fabsf(x) < 1073741824.0f) {
#else
  if (x < 1073741824.0f && x > -1073741824.0f) {
#endif
    int32_t t2 = (int32_t)(x * 2.0f);
    return t2 >= 0 ? (t2 + 1) / 2 : (t2 - 1) / 2;
  }
  return pn_trunc_i32(x);
}
/* An int16 sample as float, s / 32768 (exact). One fixed-point conversion (VCVT #15, SCVTF #15)
 * where the FPU has it: written as (float)s * 0x1p-15f in a loop, GCC hoists the constant into a
 * register before it could fuse it into the conversion, and keeps a multiply per sample. */
static inline float pn_q15_f32(int32_t s) {
  float f;
#if defined(__ARM_FP) && (__ARM_FP & 4) && !defined(__aarch64__)
  __asm__("vmov %0, %1\n\tvcvt.f32.s32 %0, %0, #15" : "=t"(f) : "r"(s));
#elif defined(__aarch64__)
  __asm__("scvtf %s0, %w1, #15" : "=w"(f) : "r"(s));
#else
  f = (float)s * 0x1p-15f;
#endif
  return f;
}
static inline int32_t pn_floor_i32(float x) {
  int32_t t = pn_trunc_i32(x);
  if (x != x || x >= 2147483648.0f || x <= -2147483648.0f) return t;
  return x < (float)t ? t - 1 : t;
}

typedef union { float f; int32_t i; } pn_f32_bits;
/* NaN gives the canonical quiet NaN: payloads differ between x86 and Arm. */
static inline int32_t pn_bits_f32(float x) {
  pn_f32_bits u;
  if (x != x) return 0x7fc00000;
  u.f = x;
  return u.i;
}
static inline float pn_f32_from_bits(int32_t b) {
  pn_f32_bits u;
  u.i = b;
  return u.f;
}

static inline float pn_sqrt_f32(float x) { return __builtin_sqrtf(x); }
static inline float pn_abs_f32(float x) { return pn_f32_from_bits(pn_bits_f32(x) & 0x7fffffff) ; }
static inline float pn_min_f32(float a, float b) { return a < b ? a : b; }
static inline float pn_max_f32(float a, float b) { return a > b ? a : b; }
static inline int32_t pn_min_i32(int32_t a, int32_t b) { return a < b ? a : b; }
static inline int32_t pn_max_i32(int32_t a, int32_t b) { return a > b ? a : b; }
static inline int32_t pn_abs_i32(int32_t a) { return a < 0 ? -a : a; }
static inline int32_t pn_clamp_i32(int32_t a, int32_t lo, int32_t hi) { return a < lo ? lo : a > hi ? hi : a; }
static inline float pn_clamp_f32(float a, float lo, float hi) { return a < lo ? lo : a > hi ? hi : a; }

/* Wrapping conversions to a signed type that may not hold the value (i32(u), i16(x), i8(x)): a
   call, not a cast, because GCC's front end folds a cast of an expression that folds to a constant
   (e.g. (int32_t)u | (int32_t)~u) and reports the wrap as an integer overflow under -Werror.
   Inlined, they are the same instructions as the cast. */
static inline int32_t pn_wrap_i32_u32(uint32_t x) { return (int32_t)x; }
static inline int16_t pn_wrap_i16_i32(int32_t x) { return (int16_t)x; }
static inline int16_t pn_wrap_i16_u32(uint32_t x) { return (int16_t)x; }
static inline int8_t pn_wrap_i8_i32(int32_t x) { return (int8_t)x; }
static inline int8_t pn_wrap_i8_u32(uint32_t x) { return (int8_t)x; }

/* Integer division with x/0 and INT32_MIN/-1 defined, as in the prelude. */
static inline int32_t pn_div_i32(int32_t a, int32_t b) { return b == 0 ? 0 : (b == -1 ? -a : a / b); }
static inline int32_t pn_rem_i32(int32_t a, int32_t b) { return (b == 0 || b == -1) ? 0 : a % b; }
static inline uint32_t pn_div_u32(uint32_t a, uint32_t b) { return b == 0 ? 0u : a / b; }
static inline uint32_t pn_rem_u32(uint32_t a, uint32_t b) { return b == 0 ? 0u : a % b; }

/* arm_nn_requantize: doubling high multiply with rounding, then rounding right shift. */
static inline int32_t pn_requantize(int32_t val, int32_t mult, int32_t shift) {
  int32_t left = shift > 0 ? shift : 0;
  int32_t right = shift > 0 ? 0 : -shift;
  int32_t x = (int32_t)((uint32_t)val << left);
  int32_t hi = (int32_t)(((int64_t)x * mult + ((int64_t)1 << 30)) >> 31);
  int32_t mask = (int32_t)((1u << right) - 1u);
  int32_t rem = hi & mask;
  int32_t res = hi >> right;
  int32_t threshold = mask >> 1;
  if (res < 0) threshold++;
  if (rem > threshold) res++;
  return res;
}

#include "pn_kernels.h"

#endif /* PN_RT_H */

// The spec's own transcendental functions: no libm, so that the exact-JS reference and every C
// target compute the same bits. Each one is range reduction (exact or Cody-Waite) followed by a
// truncated Taylor polynomial in Horner form whose truncation error is far below one f32 ulp on
// the reduced range, so the error is that of the f32 arithmetic itself.
//
// Accuracy against float64, exact-JS reference (documented bound / measured worst case on a dense
// grid; test/dsp/math-accuracy.test.ts checks the documented bounds):
//   sinpi_f32, cospi_f32   all finite x         abs <= 1.2e-7   (8.3e-8)
//   sin_f32, cos_f32       |x| <= 100           abs <= 1.2e-7   (8.2e-8)
//                          |x| <= 1e5           abs <= 2e-6     (9.6e-7; Cody-Waite reduction,
//                                               exact n*P1 for |n| < 2^16)
//   exp_f32                -87.3 <= x <= 88.7   rel <= 2e-7     (9.4e-8); below FLT_MIN it
//                                               returns 0 (no denormals), above 88.72 +Inf
//   log_f32                0.5 <= x <= 2        abs <= 1e-7     (5.4e-8)
//                          other x > 0          rel <= 1.5e-7   (1.03e-7, denormals included);
//                                               log(0) = -Inf, log(x < 0) = NaN
//   tanh_f32               all x                abs <= 1.2e-7   (8.7e-8)
//   sigmoid_f32            all x                abs <= 1.2e-7   (8.9e-8); rel <= 3e-7 for
//                                               x >= -80 (1.5e-7)
// One f32 ulp at 1 is 1.19e-7: every function is within about one ulp.
import { f32, i32, bits_f32, f32_from_bits, round_i32, abs_f32, F32_NAN, F32_INF } from "../prelude.ts";

/** 2^-126, the smallest normal f32. */
export const F32_MIN_NORMAL: f32 = 1.1754943508222875e-38;
export const PI_F32: f32 = 3.141592653589793;

/** sin(pi*r) for |r| <= 0.25. */
function sinpi_core(r: f32): f32 {
  const z: f32 = r * r;
  let p: f32 = 0.00737043094571435;
  p = p * z - 0.08214588661112819;
  p = p * z + 0.5992645293207919;
  p = p * z - 2.550164039877345;
  p = p * z + 5.167712780049969;
  p = p * z - 3.141592653589793;
  // p = -(pi - pi^3 r^2/6 + ...): written with the sign folded so the last step is a subtraction
  return -(r * p);
}

/** cos(pi*r) for |r| <= 0.25. */
function cospi_core(r: f32): f32 {
  const z: f32 = r * r;
  let p: f32 = 0.0019295743094039223;
  p = p * z - 0.02580689139001405;
  p = p * z + 0.23533063035889312;
  p = p * z - 1.3352627688545893;
  p = p * z + 4.058712126416768;
  p = p * z - 4.934802200544679;
  return 1 + z * p;
}

/** sin(pi*x) or cos(pi*x) by quadrant: q = 0 gives sin, q = 1 gives cos. */
function sincospi(x: f32, q: i32): f32 {
  if (x !== x) {
    return F32_NAN;
  }
  if (abs_f32(x) >= 16777216) {
    // every f32 this large is an even integer (and Inf has no sine)
    if (abs_f32(x) === F32_INF) {
      return F32_NAN;
    }
    if (q === 0) {
      return 0;
    }
    return 1;
  }
  const n: i32 = round_i32(x * 2);
  const r: f32 = x - f32(n) * 0.5; // exact: x and n/2 are within 1/4 of each other
  const quad: i32 = (n + q) & 3;
  if (quad === 0) {
    return sinpi_core(r);
  }
  if (quad === 1) {
    return cospi_core(r);
  }
  if (quad === 2) {
    return -sinpi_core(r);
  }
  return -cospi_core(r);
}

/** sin(pi*x). */
export function sinpi_f32(x: f32): f32 {
  return sincospi(x, 0);
}

/** cos(pi*x). */
export function cospi_f32(x: f32): f32 {
  return sincospi(x, 1);
}

/** sin(r) for |r| <= pi/4. */
function sin_core(r: f32): f32 {
  const z: f32 = r * r;
  let p: f32 = 2.505210838544172e-8;
  p = p * z - 0.0000027557319223985893;
  p = p * z + 0.0001984126984126984;
  p = p * z - 0.008333333333333333;
  p = p * z + 0.16666666666666666;
  return r - r * z * p;
}

/** cos(r) for |r| <= pi/4. */
function cos_core(r: f32): f32 {
  const z: f32 = r * r;
  let p: f32 = 2.08767569878681e-9;
  p = p * z - 2.755731922398589e-7;
  p = p * z + 0.0000248015873015873;
  p = p * z - 0.001388888888888889;
  p = p * z + 0.041666666666666664;
  p = p * z - 0.5;
  return 1 + z * p;
}

/** sin or cos by quadrant (q = 0: sin, q = 1: cos), Cody-Waite reduction by pi/2. */
function sincos(x: f32, q: i32): f32 {
  if (x !== x) {
    return F32_NAN;
  }
  if (abs_f32(x) === F32_INF) {
    return F32_NAN;
  }
  const n: i32 = round_i32(x * 0.6366197723675814);
  const fn: f32 = f32(n);
  // pi/2 = P1 + P2 + P3; P1 and P2 have few significant bits so n*P1, n*P2 are exact
  let r: f32 = x - fn * 1.5703125;
  r = r - fn * 4.837512969970703125e-4;
  r = r - fn * 7.549789954891882e-8;
  const quad: i32 = (n + q) & 3;
  if (quad === 0) {
    return sin_core(r);
  }
  if (quad === 1) {
    return cos_core(r);
  }
  if (quad === 2) {
    return -sin_core(r);
  }
  return -cos_core(r);
}

/** sin(x), for |x| <= 1e5 (see the accuracy table above). */
export function sin_f32(x: f32): f32 {
  return sincos(x, 0);
}

/** cos(x), for |x| <= 1e5. */
export function cos_f32(x: f32): f32 {
  return sincos(x, 1);
}

/** 2^n for -126 <= n <= 127, exact. */
function pow2i(n: i32): f32 {
  return f32_from_bits((n + 127) << 23);
}

/** e^x. Results below FLT_MIN are flushed to 0 (the spec never makes denormals). */
export function exp_f32(x: f32): f32 {
  if (x !== x) {
    return F32_NAN;
  }
  if (x > 88.72283) {
    return F32_INF;
  }
  if (x < -87.33654) {
    return 0;
  }
  const n: i32 = round_i32(x * 1.4426950408889634);
  const fn: f32 = f32(n);
  // ln 2 = C1 + C2, C1 with few significant bits so n*C1 is exact
  let r: f32 = x - fn * 0.693145751953125;
  r = r - fn * 1.428606765330187e-6;
  // |r| <= 0.3466: Taylor to r^7, truncation error < 5e-9
  let p: f32 = 0.0001984126984126984;
  p = p * r + 0.001388888888888889;
  p = p * r + 0.008333333333333333;
  p = p * r + 0.041666666666666664;
  p = p * r + 0.16666666666666666;
  p = p * r + 0.5;
  p = p * r + 1;
  p = p * r + 1;
  // scale by 2^n in two exact steps so that n = 128 and n = -126 stay in range
  const n1: i32 = n >> 1;
  const y: f32 = p * pow2i(n1) * pow2i(n - n1);
  if (y < F32_MIN_NORMAL) {
    return 0;
  }
  return y;
}

/** Natural logarithm. log(0) = -Inf, log(x < 0) = NaN, log(+Inf) = +Inf. */
export function log_f32(x: f32): f32 {
  if (x !== x) {
    return F32_NAN;
  }
  if (x < 0) {
    return F32_NAN;
  }
  if (x === 0) {
    return -F32_INF;
  }
  if (x === F32_INF) {
    return F32_INF;
  }
  let xx: f32 = x;
  let e: i32 = 0;
  if (xx < F32_MIN_NORMAL) {
    xx = xx * 8388608; // 2^23, exact: brings a denormal into the normal range
    e = -23;
  }
  const b: i32 = bits_f32(xx);
  e = e + ((b >> 23) & 255) - 127;
  let m: f32 = f32_from_bits((b & 8388607) | 1065353216); // mantissa in [1, 2)
  if (m > 1.4142135623730951) {
    m = m * 0.5;
    e = e + 1;
  }
  // log(m) = 2 atanh(f), f = (m-1)/(m+1), |f| <= 0.1716
  const f: f32 = (m - 1) / (m + 1);
  const z: f32 = f * f;
  let p: f32 = 0.09090909090909091;
  p = p * z + 0.1111111111111111;
  p = p * z + 0.14285714285714285;
  p = p * z + 0.2;
  p = p * z + 0.3333333333333333;
  const lm: f32 = 2 * f + 2 * f * z * p;
  const fe: f32 = f32(e);
  // ln 2 = C1 + C2 as in exp_f32
  return fe * 0.693145751953125 + (lm + fe * 1.428606765330187e-6);
}

/** tanh(x). */
export function tanh_f32(x: f32): f32 {
  if (x !== x) {
    return F32_NAN;
  }
  const a: f32 = abs_f32(x);
  if (a < 0.125) {
    // odd Taylor series to x^9: truncation error < 2e-12
    const z: f32 = x * x;
    let p: f32 = 0.021869488536155203;
    p = p * z - 0.05396825396825397;
    p = p * z + 0.13333333333333333;
    p = p * z - 0.3333333333333333;
    return x + x * z * p;
  }
  if (a > 9.1) {
    if (x > 0) {
      return 1;
    }
    return -1;
  }
  const t: f32 = 1 - 2 / (exp_f32(2 * a) + 1);
  if (x < 0) {
    return -t;
  }
  return t;
}

/** 1 / (1 + e^-x). */
export function sigmoid_f32(x: f32): f32 {
  if (x !== x) {
    return F32_NAN;
  }
  if (x < -87) {
    return 0;
  }
  return 1 / (1 + exp_f32(-x));
}

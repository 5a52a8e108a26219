// gemmlowp-style Q-format fixed-point arithmetic on i32, as TFLM's int8 LOGISTIC and TANH use it.
// A value with k integer bits is an i32 raw r meaning r / 2^(31-k). Products go through the
// prelude's requantize with shift 0, which is the rounding doubling high multiply
// ((a·b + 2^30) >> 31 in 64 bits); that equals gemmlowp's SaturatingRoundingDoublingHighMul
// except for I32_MIN·I32_MIN, handled here.
import { I32_MAX, I32_MIN, i32, requantize } from "../prelude.ts";

/** Rounding doubling high multiply: round(a·b / 2^31), saturating I32_MIN·I32_MIN to I32_MAX. */
export function fp_mul(a: i32, b: i32): i32 {
  if (a === I32_MIN && b === I32_MIN) return I32_MAX;
  return requantize(a, b, 0);
}

/** x / 2^e rounded to nearest, ties away from zero (gemmlowp RoundingDivideByPOT), 0 <= e <= 30. */
export function fp_rdiv_pot(x: i32, e: i32): i32 {
  const mask: i32 = (1 << e) - 1;
  const rem: i32 = x & mask;
  let threshold: i32 = mask >> 1;
  if (x < 0) threshold = threshold + 1;
  let res: i32 = x >> e;
  if (rem > threshold) res = res + 1;
  return res;
}

/** x · 2^e saturated to i32 (gemmlowp SaturatingRoundingMultiplyByPOT, e > 0), 1 <= e <= 30. */
export function fp_sat_shl(x: i32, e: i32): i32 {
  const threshold: i32 = (1 << (31 - e)) - 1;
  if (x > threshold) return I32_MAX;
  if (x < -threshold) return I32_MIN;
  return i32(x << e);
}

/** (a + b) / 2 rounded away from zero, for b = I32_MAX (gemmlowp RoundingHalfSum(a, One)). */
export function fp_half_sum_one(a: i32): i32 {
  if (a === I32_MIN) return -1;
  // (a + 2^31 - 1 + 1) / 2 with a + 2^31 - 1 >= 0: floor((a + 2^31) / 2).
  return (a >> 1) + 1073741824;
}

/** exp(a) for a in [-1/4, 0), raw Q0.31 in and out. */
export function fp_exp_quarter(a: i32): i32 {
  const constantTerm: i32 = 1895147668; // exp(-1/8)
  const oneThird: i32 = 715827883;
  const x: i32 = i32(a + 268435456); // a + 1/8
  const x2: i32 = fp_mul(x, x);
  const x3: i32 = fp_mul(x2, x);
  const x4: i32 = fp_mul(x2, x2);
  const x4Over4: i32 = fp_rdiv_pot(x4, 2);
  const poly: i32 = fp_rdiv_pot(i32(fp_mul(i32(x4Over4 + x3), oneThird) + x2), 1);
  return i32(constantTerm + fp_mul(constantTerm, i32(x + poly)));
}

/** exp(a) for a <= 0 with intBits integer bits (4 or 5), result raw Q0.31. */
export function fp_exp_neg(a: i32, intBits: i32): i32 {
  const fracBits: i32 = 31 - intBits;
  const oneQuarter: i32 = 1 << (fracBits - 2);
  const mask: i32 = oneQuarter - 1;
  const aModMinusQuarter: i32 = i32((a & mask) - oneQuarter);
  let result: i32 = fp_exp_quarter(fp_sat_shl(aModMinusQuarter, intBits));
  const remainder: i32 = i32(aModMinusQuarter - a);
  // Barrel shifter: multiply by exp(-2^k) for every set bit k of the remainder, k = -2..4.
  if ((remainder & (1 << (fracBits - 2))) !== 0) result = fp_mul(result, 1672461947);
  if ((remainder & (1 << (fracBits - 1))) !== 0) result = fp_mul(result, 1302514674);
  if ((remainder & (1 << fracBits)) !== 0) result = fp_mul(result, 790015084);
  if ((remainder & (1 << (fracBits + 1))) !== 0) result = fp_mul(result, 290630308);
  if ((remainder & (1 << (fracBits + 2))) !== 0) result = fp_mul(result, 39332535);
  if ((remainder & (1 << (fracBits + 3))) !== 0) result = fp_mul(result, 720401);
  if (intBits > 4) {
    if ((remainder & (1 << (fracBits + 4))) !== 0) result = fp_mul(result, 242);
  }
  if (a === 0) result = I32_MAX;
  return result;
}

/** Newton-Raphson 1/(1+a) for a in [0, 1]: the Q2.29 raw estimate of 1/(half denominator)/2... */
function fp_newton(halfDen: i32): i32 {
  let x: i32 = i32(1515870810 + fp_mul(halfDen, -1010580540)); // 48/17 - 32/17·d, Q2.29
  for (let i: i32 = 0; i < 3; i++) {
    const hdx: i32 = fp_mul(halfDen, x);
    const oneMinus: i32 = i32(536870912 - hdx); // 1 - d·x, Q2.29
    x = i32(x + fp_sat_shl(fp_mul(x, oneMinus), 2));
  }
  return x;
}

/** 1 / (1 + a) for a in [0, 1], raw Q0.31. */
export function fp_one_over_one_plus(a: i32): i32 {
  const x: i32 = fp_newton(fp_half_sum_one(a));
  return fp_sat_shl(x, 1);
}

/** (1 - a) / (1 + a) for a in [0, 1], raw Q0.31. */
export function fp_one_minus_over_one_plus(a: i32): i32 {
  const x: i32 = fp_newton(fp_half_sum_one(a));
  return fp_sat_shl(i32(x - 536870912), 2);
}

/** logistic(a), a raw Q4.27, result raw Q0.31. */
export function fp_logistic_q4(a: i32): i32 {
  if (a === 0) return 1073741824;
  let absA: i32 = i32(-a);
  if (a > 0) absA = a;
  const pos: i32 = fp_one_over_one_plus(fp_exp_neg(i32(-absA), 4));
  if (a > 0) return pos;
  return i32(I32_MAX - pos);
}

/** tanh(a), a raw Q4.27, result raw Q0.31. */
export function fp_tanh_q4(a: i32): i32 {
  if (a === 0) return 0;
  let n: i32 = i32(-a);
  if (a < 0) n = a;
  // exp(2n): the same raw read with 5 integer bits.
  const t: i32 = fp_one_minus_over_one_plus(fp_exp_neg(n, 5));
  if (a < 0) return i32(-t);
  return t;
}

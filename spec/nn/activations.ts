// TFLM's quantized LOGISTIC and TANH, bit for bit (reference_integer_ops).
//
// int8: the input is rescaled to Q4.27 by requantize and run through gemmlowp's fixed-point
// logistic / tanh (spec/nn/fixedpoint.ts). Parameters, from TFLM's Prepare (models/nn/quant.py
// act8_params), the activation block at p[po] (params.ts ACT_*): input zero point, input range
// radius, Q31 multiplier, left shift. Output: logistic scale 1/256 zero point -128; tanh scale
// 1/128 zero point 0.
//
// int16: a 256-entry table of the sigmoid with linear interpolation, as TFLM's int16 kernels and
// CMSIS-NN's arm_nn_activation_s16. mult/shift from models/nn/quant.py act16_params (mult 0 means
// the power-of-two input scale case). Output scale 1/32768, zero point 0.
import { i16, i32, i8, requantize } from "../prelude.ts";
import { fp_logistic_q4, fp_rdiv_pot, fp_tanh_q4 } from "./fixedpoint.ts";
import { ACT_IN_MULT, ACT_IN_RADIUS, ACT_IN_SHIFT, ACT_IN_ZERO } from "./params.ts";
import { SIGMOID_TABLE } from "./sigmoid_table.ts";

export const ACT_NONE: i32 = 0;
export const ACT_TANH: i32 = 1;
export const ACT_LOGISTIC: i32 = 2;

/** int8 LOGISTIC of one int8 value v (activation block at p[po]). */
export function logistic_s8_value(v: i32, p: Int32Array, po: i32): i32 {
  const x: i32 = v - p[po + ACT_IN_ZERO];
  if (x <= -p[po + ACT_IN_RADIUS]) return -128;
  if (x >= p[po + ACT_IN_RADIUS]) return 127;
  const o: i32 = fp_rdiv_pot(fp_logistic_q4(requantize(x, p[po + ACT_IN_MULT], p[po + ACT_IN_SHIFT])), 23) - 128;
  if (o < -128) return -128;
  if (o > 127) return 127;
  return o;
}

/** int8 TANH of one int8 value v (activation block at p[po]). */
export function tanh_s8_value(v: i32, p: Int32Array, po: i32): i32 {
  const x: i32 = v - p[po + ACT_IN_ZERO];
  if (x <= -p[po + ACT_IN_RADIUS]) return -128;
  if (x >= p[po + ACT_IN_RADIUS]) return 127;
  const o: i32 = fp_rdiv_pot(fp_tanh_q4(requantize(x, p[po + ACT_IN_MULT], p[po + ACT_IN_SHIFT])), 24);
  if (o < -128) return -128;
  if (o > 127) return 127;
  return o;
}

/** int8 LOGISTIC of n values: out[oo+k] = σ(x[xo+k]). */
export function logistic_s8(x: Int8Array, xo: i32, out: Int8Array, oo: i32, n: i32, p: Int32Array, po: i32): void {
  for (let k: i32 = 0; k < n; k++) out[oo + k] = i8(logistic_s8_value(x[xo + k], p, po));
}

/** int8 TANH of n values: out[oo+k] = tanh(x[xo+k]). */
export function tanh_s8(x: Int8Array, xo: i32, out: Int8Array, oo: i32, n: i32, p: Int32Array, po: i32): void {
  for (let k: i32 = 0; k < n; k++) out[oo + k] = i8(tanh_s8_value(x[xo + k], p, po));
}

/**
 * The whole int8 activation as a 256-entry table: lut[lo + v + 128] = act(v) for every int8 v
 * (act: ACT_TANH, ACT_LOGISTIC, else identity). Built once per layer at init; a lookup then costs
 * what a load costs, and the values are those of the functions above by construction.
 */
export function act_lut_s8(act: i32, p: Int32Array, po: i32, lut: Int8Array, lo: i32): void {
  for (let v: i32 = -128; v < 128; v++) {
    let o: i32 = v;
    if (act === ACT_TANH) o = tanh_s8_value(v, p, po);
    if (act === ACT_LOGISTIC) o = logistic_s8_value(v, p, po);
    lut[lo + v + 128] = i8(o);
  }
}

/** out[oo+k] = lut[lo + x[xo+k] + 128]. */
export function lut_s8(x: Int8Array, xo: i32, out: Int8Array, oo: i32, n: i32, lut: Int8Array, lo: i32): void {
  for (let k: i32 = 0; k < n; k++) out[oo + k] = lut[lo + x[xo + k] + 128];
}

/** The input of the int16 table lookup: x·mult rescaled, rounded half up. */
function lut_input(x: i32, mult: i32, shift: i32): i32 {
  let m: i32 = mult;
  let s: i32 = shift;
  if (m === 0) {
    m = 3 << s;
    s = 0;
  }
  let round: i32 = 0;
  if (s > 0) round = 1 << (s - 1);
  return (x * m + round) >> s;
}

/** int16 LOGISTIC of n values (input zero point 0, output scale 1/32768). */
export function logistic_s16(x: Int16Array, xo: i32, out: Int16Array, oo: i32, n: i32, mult: i32, shift: i32): void {
  for (let k: i32 = 0; k < n; k++) {
    const v: i32 = lut_input(x[xo + k], mult, shift);
    let a: i32 = v;
    if (v < 0) a = -v;
    const uh: i32 = a >> 9;
    let r: i32 = 0;
    if (uh >= 255) {
      r = 32767 << 10;
    } else {
      const ua: i32 = i32(SIGMOID_TABLE[uh]);
      const ub: i32 = i32(SIGMOID_TABLE[uh + 1]);
      r = (ua << 9) + (a & 511) * (ub - ua);
    }
    if (v >= 0) {
      r = r + 512;
    } else {
      r = (1 << 25) - r + 511;
    }
    out[oo + k] = i16(r >> 10);
  }
}

/** int16 TANH of n values (input zero point 0, output scale 1/32768). */
export function tanh_s16(x: Int16Array, xo: i32, out: Int16Array, oo: i32, n: i32, mult: i32, shift: i32): void {
  for (let k: i32 = 0; k < n; k++) {
    const v: i32 = lut_input(x[xo + k], mult, shift);
    let a: i32 = v;
    if (v < 0) a = -v;
    const uh: i32 = a >> 8;
    let r: i32 = 0;
    if (uh >= 255) {
      r = 65535 << 8;
    } else {
      const ua: i32 = i32(SIGMOID_TABLE[uh]);
      const ub: i32 = i32(SIGMOID_TABLE[uh + 1]);
      r = (ua << 8) + (a & 255) * (ub - ua);
    }
    if (v >= 0) {
      r = r - 8388608 + 128;
    } else {
      r = 8388608 - r + 127;
    }
    out[oo + k] = i16(r >> 8);
  }
}

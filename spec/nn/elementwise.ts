// TFLM's int8 element-wise ADD, SUB and MUL (reference_integer_ops), and a copy.
//
// ADD/SUB parameter block, 12 values at p[po..] (models/nn/quant.py add_params):
//   0 -zero point of a, 1 -zero point of b, 2 left shift (20 for int8),
//   3,4 multiplier and shift of a, 5,6 of b, 7,8 of the output,
//   9 output zero point, 10,11 activation min and max.
// MUL parameter block, 7 values (quant.py mul_params):
//   0 -zero point of a, 1 -zero point of b, 2,3 output multiplier and shift,
//   4 output zero point, 5,6 activation min and max.
import { type i32, clamp_i32, i8, requantize } from "../prelude.ts";

/** The rescaled operand of ADD/SUB: requantize((v + offset)·2^leftShift). */
function add_operand(v: i32, offset: i32, leftShift: i32, mult: i32, shift: i32): i32 {
  return requantize((v + offset) << leftShift, mult, shift);
}

/** out = a + b, element-wise, int8 with TFLM's rescaling. */
export function add_s8(a: Int8Array, ao: i32, b: Int8Array, bo: i32, out: Int8Array, oo: i32, n: i32, p: Int32Array, po: i32): void {
  for (let k: i32 = 0; k < n; k++) {
    const sa: i32 = add_operand(a[ao + k], p[po], p[po + 2], p[po + 3], p[po + 4]);
    const sb: i32 = add_operand(b[bo + k], p[po + 1], p[po + 2], p[po + 5], p[po + 6]);
    const raw: i32 = requantize(sa + sb, p[po + 7], p[po + 8]) + p[po + 9];
    out[oo + k] = i8(clamp_i32(raw, p[po + 10], p[po + 11]));
  }
}

/** out = a - b, element-wise, int8 with TFLM's rescaling. */
export function sub_s8(a: Int8Array, ao: i32, b: Int8Array, bo: i32, out: Int8Array, oo: i32, n: i32, p: Int32Array, po: i32): void {
  for (let k: i32 = 0; k < n; k++) {
    const sa: i32 = add_operand(a[ao + k], p[po], p[po + 2], p[po + 3], p[po + 4]);
    const sb: i32 = add_operand(b[bo + k], p[po + 1], p[po + 2], p[po + 5], p[po + 6]);
    const raw: i32 = requantize(sa - sb, p[po + 7], p[po + 8]) + p[po + 9];
    out[oo + k] = i8(clamp_i32(raw, p[po + 10], p[po + 11]));
  }
}

/** out = a · b, element-wise, int8 with TFLM's rescaling. */
export function mul_s8(a: Int8Array, ao: i32, b: Int8Array, bo: i32, out: Int8Array, oo: i32, n: i32, p: Int32Array, po: i32): void {
  for (let k: i32 = 0; k < n; k++) {
    const prod: i32 = (a[ao + k] + p[po]) * (b[bo + k] + p[po + 1]);
    const raw: i32 = requantize(prod, p[po + 2], p[po + 3]) + p[po + 4];
    out[oo + k] = i8(clamp_i32(raw, p[po + 5], p[po + 6]));
  }
}

/** dst[dso+k] = src[so+k] for k = 0..n-1. */
export function copy_s8(src: Int8Array, so: i32, dst: Int8Array, dso: i32, n: i32): void {
  for (let k: i32 = 0; k < n; k++) dst[dso + k] = src[so + k];
}

// TFLM's int8 element-wise ADD, SUB and MUL (reference_integer_ops), and a copy.
//
// ADD/SUB parameter block at p[po..] (models/nn/quant.py add_params; its values' offsets are
// params.ts ADD_*, from the description schema): -zero points of a and b, left shift (20 for int8),
// multiplier and shift of a, of b, of the output, output zero point, activation min and max.
// MUL parameter block (quant.py mul_params; params.ts MUL_*): -zero points of a and b, output
// multiplier and shift, output zero point, activation min and max.
//
// Every loop reads its parameters into locals first: the C output array is int8_t, which may
// alias anything, so a p[po + i] in the loop body is a load per element per use, and the
// compiler cannot hoist requantize's shift-dependent set-up (left/right shift, mask) out of it.
//
// Fast path. When the parameters are those TFLM's Prepare gives int8 ADD/SUB/MUL (zero points in
// int8, left shift 20, every shift in -29..0), each requantize is computed in fewer operations
// with exactly the same value (checked per call; any other parameters take the plain loop):
// - rq_round: requantize(x, m, -r) = RDIV(hi, r) with hi = requantize(x, m, 0) (the doubling high
//   multiply alone) and RDIV, the rounding right shift with ties away from zero, written as
//   (2·hi + 2^r + (hi < 0 ? -1 : 0)) >> (r + 1). For hi >= 0 that is floor((hi + 2^(r-1)) / 2^r);
//   for hi < 0 it is floor((2·hi + 2^r - 1) / 2^(r+1)) = floor((hi + 2^(r-1) - 1) / 2^r) (the
//   numerator is odd, never a multiple of 2^(r+1), so dropping its last 1 changes no floor), which
//   is gemmlowp's rem > mask/2 + 1 rule; r = 0 gives hi in both cases. Needs |2·hi| + 2^r < 2^31.
// - add_operand_hi: the high multiply of an ADD/SUB operand, requantize((v + off)·2^20, m, 0) =
//   floor(((v + off)·m·2^20 + 2^30) / 2^31) = floor(((v + off)·m + 2^10) / 2^11), and with
//   m = mh·2^11 + ml (mh = m >> 11, ml = m & 2047) that is (v + off)·mh + (((v + off)·ml + 2^10) >> 11),
//   all in i32: |v + off| <= 256, so |(v + off)·mh| <= 2^28.
// Bounds: |v + off| <= 256 gives operand |hi| <= 2^28 + 1, so |sa ± sb| <= 2^29 + 2 and the
// output's |hi| <= 2^29 + 3; with r <= 29, |2·hi| + 2^r < 2^31 everywhere. MUL: |prod| <= 2^16.
//
// The GRU's five element-wise operators also run fused in one loop (gru_gates_fast, called by
// layers.ts gru_s8) when gru_gates_fast_ok. Both the fast paths and the fusion were checked
// against the plain formulas on ~59 M random cases (parameters at the guards' edges included), and
// test/nn checks them against TFLM.
import { type bool, type i32, clamp_i32, i8, requantize, sat_i8 } from "../prelude.ts";
import {
  ADD_A_MULT, ADD_A_OFFSET, ADD_A_SHIFT, ADD_ACT_MAX, ADD_ACT_MIN, ADD_B_MULT, ADD_B_OFFSET, ADD_B_SHIFT, ADD_LEFT_SHIFT,
  ADD_OUT_MULT, ADD_OUT_SHIFT, ADD_OUT_ZERO, GRU_D_SUB, GRU_H_ADD, GRU_NPRE_ADD, GRU_RN_MUL, GRU_ZD_MUL, MUL_A_OFFSET,
  MUL_ACT_MAX, MUL_ACT_MIN, MUL_B_OFFSET, MUL_OUT_MULT, MUL_OUT_SHIFT, MUL_OUT_ZERO,
} from "./params.ts";

/** requantize(x, mult, -(rp1 - 1)) for 0 <= rp1 - 1 <= 29, given c = 2^(rp1-1), when |2·hi| + c < 2^31 (see above). */
function rq_round(x: i32, mult: i32, c: i32, rp1: i32): i32 {
  return rdiv(requantize(x, mult, 0), c, rp1);
}

/** requantize((v + off)·2^20, m, 0) with k1 = off·mh, k2 = off·ml + 2^10 (see above). */
function add_operand_hi(v: i32, mh: i32, ml: i32, k1: i32, k2: i32): i32 {
  return v * mh + k1 + ((v * ml + k2) >> 11);
}

/** RDIV(hi, rp1 - 1): hi / 2^(rp1-1) rounded, ties away from zero, given c = 2^(rp1-1) (see above). */
function rdiv(hi: i32, c: i32, rp1: i32): i32 {
  return ((hi << 1) + c + (hi >> 31)) >> rp1;
}

/** A shift the fast path takes: -29..0. */
function fast_shift(shift: i32): bool {
  return shift <= 0 && shift >= -29;
}

/** A zero-point offset (-zero point) the fast path takes: -128..128. */
function fast_offset(off: i32): bool {
  return off >= -128 && off <= 128;
}

/** The ADD/SUB block at p[po] takes the fast path. */
function add_fast(p: Int32Array, po: i32): bool {
  return fast_offset(p[po + ADD_A_OFFSET]) && fast_offset(p[po + ADD_B_OFFSET]) && p[po + ADD_LEFT_SHIFT] === 20 &&
    fast_shift(p[po + ADD_A_SHIFT]) && fast_shift(p[po + ADD_B_SHIFT]) && fast_shift(p[po + ADD_OUT_SHIFT]);
}

/** The MUL block at p[po] takes the fast path. */
function mul_fast(p: Int32Array, po: i32): bool {
  return fast_offset(p[po + MUL_A_OFFSET]) && fast_offset(p[po + MUL_B_OFFSET]) && fast_shift(p[po + MUL_OUT_SHIFT]);
}

/**
 * out = a ± b (sign 1 or -1) on the fast path (add_fast): per element two table-free operand
 * rescalings and one output requantize, each the same value as add_s8's.
 */
function addsub_fast(a: Int8Array, ao: i32, b: Int8Array, bo: i32, out: Int8Array, oo: i32, n: i32, p: Int32Array, po: i32, sign: i32): void {
  const aOff: i32 = p[po + ADD_A_OFFSET];
  const bOff: i32 = p[po + ADD_B_OFFSET];
  const amh: i32 = p[po + ADD_A_MULT] >> 11;
  const aml: i32 = p[po + ADD_A_MULT] & 2047;
  const ak1: i32 = aOff * amh;
  const ak2: i32 = aOff * aml + 1024;
  const ac: i32 = 1 << -p[po + ADD_A_SHIFT];
  const aRp1: i32 = 1 - p[po + ADD_A_SHIFT];
  const bmh: i32 = p[po + ADD_B_MULT] >> 11;
  const bml: i32 = p[po + ADD_B_MULT] & 2047;
  const bk1: i32 = bOff * bmh;
  const bk2: i32 = bOff * bml + 1024;
  const bc: i32 = 1 << -p[po + ADD_B_SHIFT];
  const bRp1: i32 = 1 - p[po + ADD_B_SHIFT];
  const oMult: i32 = p[po + ADD_OUT_MULT];
  const oc: i32 = 1 << -p[po + ADD_OUT_SHIFT];
  const oRp1: i32 = 1 - p[po + ADD_OUT_SHIFT];
  const oZero: i32 = p[po + ADD_OUT_ZERO];
  const lo: i32 = p[po + ADD_ACT_MIN];
  const hi: i32 = p[po + ADD_ACT_MAX];
  if (sign > 0) {
    for (let k: i32 = 0; k < n; k++) {
      const sa: i32 = rdiv(add_operand_hi(a[ao + k], amh, aml, ak1, ak2), ac, aRp1);
      const sb: i32 = rdiv(add_operand_hi(b[bo + k], bmh, bml, bk1, bk2), bc, bRp1);
      out[oo + k] = i8(clamp_i32(rq_round(sa + sb, oMult, oc, oRp1) + oZero, lo, hi));
    }
  } else {
    for (let k: i32 = 0; k < n; k++) {
      const sa: i32 = rdiv(add_operand_hi(a[ao + k], amh, aml, ak1, ak2), ac, aRp1);
      const sb: i32 = rdiv(add_operand_hi(b[bo + k], bmh, bml, bk1, bk2), bc, bRp1);
      out[oo + k] = i8(clamp_i32(rq_round(sa - sb, oMult, oc, oRp1) + oZero, lo, hi));
    }
  }
}

/** out = a + b, element-wise, int8 with TFLM's rescaling. */
export function add_s8(a: Int8Array, ao: i32, b: Int8Array, bo: i32, out: Int8Array, oo: i32, n: i32, p: Int32Array, po: i32): void {
  if (add_fast(p, po)) {
    addsub_fast(a, ao, b, bo, out, oo, n, p, po, 1);
    return;
  }
  const aOff: i32 = p[po + ADD_A_OFFSET];
  const bOff: i32 = p[po + ADD_B_OFFSET];
  const ls: i32 = p[po + ADD_LEFT_SHIFT];
  const aMult: i32 = p[po + ADD_A_MULT];
  const aShift: i32 = p[po + ADD_A_SHIFT];
  const bMult: i32 = p[po + ADD_B_MULT];
  const bShift: i32 = p[po + ADD_B_SHIFT];
  const oMult: i32 = p[po + ADD_OUT_MULT];
  const oShift: i32 = p[po + ADD_OUT_SHIFT];
  const oZero: i32 = p[po + ADD_OUT_ZERO];
  const lo: i32 = p[po + ADD_ACT_MIN];
  const hi: i32 = p[po + ADD_ACT_MAX];
  for (let k: i32 = 0; k < n; k++) {
    const sa: i32 = requantize((a[ao + k] + aOff) << ls, aMult, aShift);
    const sb: i32 = requantize((b[bo + k] + bOff) << ls, bMult, bShift);
    out[oo + k] = i8(clamp_i32(requantize(sa + sb, oMult, oShift) + oZero, lo, hi));
  }
}

/** out = a - b, element-wise, int8 with TFLM's rescaling. */
export function sub_s8(a: Int8Array, ao: i32, b: Int8Array, bo: i32, out: Int8Array, oo: i32, n: i32, p: Int32Array, po: i32): void {
  if (add_fast(p, po)) {
    addsub_fast(a, ao, b, bo, out, oo, n, p, po, -1);
    return;
  }
  const aOff: i32 = p[po + ADD_A_OFFSET];
  const bOff: i32 = p[po + ADD_B_OFFSET];
  const ls: i32 = p[po + ADD_LEFT_SHIFT];
  const aMult: i32 = p[po + ADD_A_MULT];
  const aShift: i32 = p[po + ADD_A_SHIFT];
  const bMult: i32 = p[po + ADD_B_MULT];
  const bShift: i32 = p[po + ADD_B_SHIFT];
  const oMult: i32 = p[po + ADD_OUT_MULT];
  const oShift: i32 = p[po + ADD_OUT_SHIFT];
  const oZero: i32 = p[po + ADD_OUT_ZERO];
  const lo: i32 = p[po + ADD_ACT_MIN];
  const hi: i32 = p[po + ADD_ACT_MAX];
  for (let k: i32 = 0; k < n; k++) {
    const sa: i32 = requantize((a[ao + k] + aOff) << ls, aMult, aShift);
    const sb: i32 = requantize((b[bo + k] + bOff) << ls, bMult, bShift);
    out[oo + k] = i8(clamp_i32(requantize(sa - sb, oMult, oShift) + oZero, lo, hi));
  }
}

/** out = a · b, element-wise, int8 with TFLM's rescaling. */
export function mul_s8(a: Int8Array, ao: i32, b: Int8Array, bo: i32, out: Int8Array, oo: i32, n: i32, p: Int32Array, po: i32): void {
  const aOff: i32 = p[po + MUL_A_OFFSET];
  const bOff: i32 = p[po + MUL_B_OFFSET];
  const oMult: i32 = p[po + MUL_OUT_MULT];
  const oShift: i32 = p[po + MUL_OUT_SHIFT];
  const oZero: i32 = p[po + MUL_OUT_ZERO];
  const lo: i32 = p[po + MUL_ACT_MIN];
  const hi: i32 = p[po + MUL_ACT_MAX];
  if (mul_fast(p, po)) {
    const oc: i32 = 1 << -oShift;
    const oRp1: i32 = 1 - oShift;
    for (let k: i32 = 0; k < n; k++) {
      const prod: i32 = (a[ao + k] + aOff) * (b[bo + k] + bOff);
      out[oo + k] = i8(clamp_i32(rq_round(prod, oMult, oc, oRp1) + oZero, lo, hi));
    }
    return;
  }
  for (let k: i32 = 0; k < n; k++) {
    const prod: i32 = (a[ao + k] + aOff) * (b[bo + k] + bOff);
    out[oo + k] = i8(clamp_i32(requantize(prod, oMult, oShift) + oZero, lo, hi));
  }
}

/** The five element-wise operators of the GRU block at p[po] all take the fast path. */
export function gru_gates_fast_ok(p: Int32Array, po: i32): bool {
  const rnm: i32 = po + GRU_RN_MUL;
  const npa: i32 = po + GRU_NPRE_ADD;
  const dsb: i32 = po + GRU_D_SUB;
  const zdm: i32 = po + GRU_ZD_MUL;
  const hda: i32 = po + GRU_H_ADD;
  return add_fast(p, npa) && add_fast(p, dsb) && add_fast(p, hda) && mul_fast(p, rnm) && mul_fast(p, zdm) &&
    full_range(p, rnm + MUL_ACT_MIN) && full_range(p, npa + ADD_ACT_MIN) && full_range(p, dsb + ADD_ACT_MIN) &&
    full_range(p, zdm + MUL_ACT_MIN) && full_range(p, hda + ADD_ACT_MIN) &&
    fold_shift(p[rnm + MUL_OUT_SHIFT]) && fold_shift(p[npa + ADD_OUT_SHIFT]) && fold_shift(p[dsb + ADD_OUT_SHIFT]) &&
    fold_shift(p[zdm + MUL_OUT_SHIFT]) && fold_shift(p[hda + ADD_OUT_SHIFT]) &&
    fast_offset(p[rnm + MUL_OUT_ZERO]) && fast_offset(p[npa + ADD_OUT_ZERO]) && fast_offset(p[dsb + ADD_OUT_ZERO]) &&
    fast_offset(p[zdm + MUL_OUT_ZERO]) && fast_offset(p[hda + ADD_OUT_ZERO]);
}

/**
 * An output shift for which gru_gates_fast adds the zero point inside the rounding shift:
 * requantize(x, m, -r) + zero = rq_round(x, m, 2^r + zero·2^(r+1), r + 1), since adding zero·2^(r+1)
 * before an arithmetic shift by r + 1 adds zero after it. The sum stays in i32 for r <= 21 and
 * |zero| <= 128: |2·hi| <= 2^30 + 8, plus 2^21, plus 2^29, is below 2^31.
 */
function fold_shift(shift: i32): bool {
  return shift <= 0 && shift >= -21;
}

/** The activation range (min, max) at p[po], p[po+1] is the whole int8 range: i8(clamp_i32(x, lo, hi)) is sat_i8(x). */
function full_range(p: Int32Array, po: i32): bool {
  return p[po] === -128 && p[po + 1] === 127;
}

/**
 * An ADD/SUB operand on the fast path, rdiv(add_operand_hi(...)), with t = v·mh + k1 shared:
 * when triv (multiplier 2^30, shift 0, which TFLM gives the operand of the larger scale) it is
 * (v + off)·2^19 = t exactly (ml = 0 and the rounding divide by 2^0 is the identity).
 */
function operand(v: i32, mh: i32, ml: i32, k1: i32, k2: i32, c: i32, rp1: i32, triv: bool): i32 {
  const t: i32 = v * mh + k1;
  if (triv) return t;
  return rdiv(t + ((v * ml + k2) >> 11), c, rp1);
}

/**
 * The GRU's element-wise part after its four FCs (spec/nn/layers.ts gru_s8, parameter block p at po,
 * activation tables luts[lo..lo+768)) in one pass over the hidden units, when gru_gates_fast_ok:
 * for each k,
 *   z = σ(zpre), r = σ(rpre) (tables), rn = MUL(r, nh), npre = ADD(nx, rn), n = tanh(npre)
 *   (table), d = SUB(h, n), zd = MUL(z, d), h = ADD(n, zd),
 * each value exactly what lut_s8 (activations.ts), mul_s8, add_s8 and sub_s8 give, kept in
 * registers instead of scratch arrays, with the operator parameters read once per call, the
 * clamps as sat_i8 (full_range) and the output zero points inside the rounding (fold_shift).
 */
export function gru_gates_fast(
  s: Int8Array, zpre: i32, rpre: i32, nx: i32, nh: i32, h: Int8Array, H: i32,
  p: Int32Array, po: i32, luts: Int8Array, lo: i32,
): void {
  // the element-wise operators' blocks (params.ts GRU_*)
  const rnm: i32 = po + GRU_RN_MUL;
  const npa: i32 = po + GRU_NPRE_ADD;
  const dsb: i32 = po + GRU_D_SUB;
  const zdm: i32 = po + GRU_ZD_MUL;
  const hda: i32 = po + GRU_H_ADD;
  const zl: i32 = lo + 128;
  const rl: i32 = lo + 256 + 128;
  const nl: i32 = lo + 512 + 128;
  // MUL rn = r · nh (block rnm)
  const m1a: i32 = p[rnm + MUL_A_OFFSET];
  const m1b: i32 = p[rnm + MUL_B_OFFSET];
  const m1m: i32 = p[rnm + MUL_OUT_MULT];
  const m1c: i32 = (1 << -p[rnm + MUL_OUT_SHIFT]) + (p[rnm + MUL_OUT_ZERO] << (1 - p[rnm + MUL_OUT_SHIFT]));
  const m1r: i32 = 1 - p[rnm + MUL_OUT_SHIFT];
  // ADD npre = nx + rn (block npa)
  const a1amh: i32 = p[npa + ADD_A_MULT] >> 11;
  const a1aml: i32 = p[npa + ADD_A_MULT] & 2047;
  const a1ak1: i32 = p[npa + ADD_A_OFFSET] * a1amh;
  const a1ak2: i32 = p[npa + ADD_A_OFFSET] * a1aml + 1024;
  const a1ac: i32 = 1 << -p[npa + ADD_A_SHIFT];
  const a1ar: i32 = 1 - p[npa + ADD_A_SHIFT];
  const a1bmh: i32 = p[npa + ADD_B_MULT] >> 11;
  const a1bml: i32 = p[npa + ADD_B_MULT] & 2047;
  const a1bk1: i32 = p[npa + ADD_B_OFFSET] * a1bmh;
  const a1bk2: i32 = p[npa + ADD_B_OFFSET] * a1bml + 1024;
  const a1bc: i32 = 1 << -p[npa + ADD_B_SHIFT];
  const a1br: i32 = 1 - p[npa + ADD_B_SHIFT];
  const a1m: i32 = p[npa + ADD_OUT_MULT];
  const a1c: i32 = (1 << -p[npa + ADD_OUT_SHIFT]) + (p[npa + ADD_OUT_ZERO] << (1 - p[npa + ADD_OUT_SHIFT]));
  const a1r: i32 = 1 - p[npa + ADD_OUT_SHIFT];
  // SUB d = h - n (block dsb)
  const samh: i32 = p[dsb + ADD_A_MULT] >> 11;
  const saml: i32 = p[dsb + ADD_A_MULT] & 2047;
  const sak1: i32 = p[dsb + ADD_A_OFFSET] * samh;
  const sak2: i32 = p[dsb + ADD_A_OFFSET] * saml + 1024;
  const sac: i32 = 1 << -p[dsb + ADD_A_SHIFT];
  const sar: i32 = 1 - p[dsb + ADD_A_SHIFT];
  const sbmh: i32 = p[dsb + ADD_B_MULT] >> 11;
  const sbml: i32 = p[dsb + ADD_B_MULT] & 2047;
  const sbk1: i32 = p[dsb + ADD_B_OFFSET] * sbmh;
  const sbk2: i32 = p[dsb + ADD_B_OFFSET] * sbml + 1024;
  const sbc: i32 = 1 << -p[dsb + ADD_B_SHIFT];
  const sbr: i32 = 1 - p[dsb + ADD_B_SHIFT];
  const sm: i32 = p[dsb + ADD_OUT_MULT];
  const sc: i32 = (1 << -p[dsb + ADD_OUT_SHIFT]) + (p[dsb + ADD_OUT_ZERO] << (1 - p[dsb + ADD_OUT_SHIFT]));
  const sr: i32 = 1 - p[dsb + ADD_OUT_SHIFT];
  // MUL zd = z · d (block zdm)
  const m2a: i32 = p[zdm + MUL_A_OFFSET];
  const m2b: i32 = p[zdm + MUL_B_OFFSET];
  const m2m: i32 = p[zdm + MUL_OUT_MULT];
  const m2c: i32 = (1 << -p[zdm + MUL_OUT_SHIFT]) + (p[zdm + MUL_OUT_ZERO] << (1 - p[zdm + MUL_OUT_SHIFT]));
  const m2r: i32 = 1 - p[zdm + MUL_OUT_SHIFT];
  // ADD h' = n + zd (block hda)
  const a2amh: i32 = p[hda + ADD_A_MULT] >> 11;
  const a2aml: i32 = p[hda + ADD_A_MULT] & 2047;
  const a2ak1: i32 = p[hda + ADD_A_OFFSET] * a2amh;
  const a2ak2: i32 = p[hda + ADD_A_OFFSET] * a2aml + 1024;
  const a2ac: i32 = 1 << -p[hda + ADD_A_SHIFT];
  const a2ar: i32 = 1 - p[hda + ADD_A_SHIFT];
  const a2bmh: i32 = p[hda + ADD_B_MULT] >> 11;
  const a2bml: i32 = p[hda + ADD_B_MULT] & 2047;
  const a2bk1: i32 = p[hda + ADD_B_OFFSET] * a2bmh;
  const a2bk2: i32 = p[hda + ADD_B_OFFSET] * a2bml + 1024;
  const a2bc: i32 = 1 << -p[hda + ADD_B_SHIFT];
  const a2br: i32 = 1 - p[hda + ADD_B_SHIFT];
  const a2m: i32 = p[hda + ADD_OUT_MULT];
  const a2c: i32 = (1 << -p[hda + ADD_OUT_SHIFT]) + (p[hda + ADD_OUT_ZERO] << (1 - p[hda + ADD_OUT_SHIFT]));
  const a2r: i32 = 1 - p[hda + ADD_OUT_SHIFT];
  const a1aTriv: bool = p[npa + ADD_A_MULT] === 1073741824 && p[npa + ADD_A_SHIFT] === 0;
  const a1bTriv: bool = p[npa + ADD_B_MULT] === 1073741824 && p[npa + ADD_B_SHIFT] === 0;
  const saTriv: bool = p[dsb + ADD_A_MULT] === 1073741824 && p[dsb + ADD_A_SHIFT] === 0;
  const sbTriv: bool = p[dsb + ADD_B_MULT] === 1073741824 && p[dsb + ADD_B_SHIFT] === 0;
  const a2aTriv: bool = p[hda + ADD_A_MULT] === 1073741824 && p[hda + ADD_A_SHIFT] === 0;
  const a2bTriv: bool = p[hda + ADD_B_MULT] === 1073741824 && p[hda + ADD_B_SHIFT] === 0;
  for (let k: i32 = 0; k < H; k++) {
    const z: i32 = luts[zl + s[zpre + k]];
    const r: i32 = luts[rl + s[rpre + k]];
    const rn: i32 = sat_i8(rq_round((r + m1a) * (s[nh + k] + m1b), m1m, m1c, m1r));
    const x1: i32 = operand(s[nx + k], a1amh, a1aml, a1ak1, a1ak2, a1ac, a1ar, a1aTriv);
    const y1: i32 = operand(rn, a1bmh, a1bml, a1bk1, a1bk2, a1bc, a1br, a1bTriv);
    const npre: i32 = sat_i8(rq_round(x1 + y1, a1m, a1c, a1r));
    const n: i32 = luts[nl + npre];
    const x2: i32 = operand(h[k], samh, saml, sak1, sak2, sac, sar, saTriv);
    const y2: i32 = operand(n, sbmh, sbml, sbk1, sbk2, sbc, sbr, sbTriv);
    const d: i32 = sat_i8(rq_round(x2 - y2, sm, sc, sr));
    const zd: i32 = sat_i8(rq_round((z + m2a) * (d + m2b), m2m, m2c, m2r));
    const x3: i32 = operand(n, a2amh, a2aml, a2ak1, a2ak2, a2ac, a2ar, a2aTriv);
    const y3: i32 = operand(zd, a2bmh, a2bml, a2bk1, a2bk2, a2bc, a2br, a2bTriv);
    h[k] = sat_i8(rq_round(x3 + y3, a2m, a2c, a2r));
  }
}

/** dst[dso+k] = src[so+k] for k = 0..n-1 (four at a time, then the rest). */
export function copy_s8(src: Int8Array, so: i32, dst: Int8Array, dso: i32, n: i32): void {
  let k: i32 = 0;
  for (; k + 4 <= n; k += 4) {
    const v0: i32 = src[so + k];
    const v1: i32 = src[so + k + 1];
    const v2: i32 = src[so + k + 2];
    const v3: i32 = src[so + k + 3];
    dst[dso + k] = i8(v0);
    dst[dso + k + 1] = i8(v1);
    dst[dso + k + 2] = i8(v2);
    dst[dso + k + 3] = i8(v3);
  }
  for (; k < n; k++) dst[dso + k] = src[so + k];
}

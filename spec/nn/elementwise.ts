// TFLM's int8 element-wise ADD, SUB and MUL (reference_integer_ops), and a copy.
//
// ADD/SUB parameter block, 12 values at p[po..] (models/nn/quant.py add_params):
//   0 -zero point of a, 1 -zero point of b, 2 left shift (20 for int8),
//   3,4 multiplier and shift of a, 5,6 of b, 7,8 of the output,
//   9 output zero point, 10,11 activation min and max.
// MUL parameter block, 7 values (quant.py mul_params):
//   0 -zero point of a, 1 -zero point of b, 2,3 output multiplier and shift,
//   4 output zero point, 5,6 activation min and max.
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
  return fast_offset(p[po]) && fast_offset(p[po + 1]) && p[po + 2] === 20 && fast_shift(p[po + 4]) && fast_shift(p[po + 6]) && fast_shift(p[po + 8]);
}

/** The MUL block at p[po] takes the fast path. */
function mul_fast(p: Int32Array, po: i32): bool {
  return fast_offset(p[po]) && fast_offset(p[po + 1]) && fast_shift(p[po + 3]);
}

/**
 * out = a ± b (sign 1 or -1) on the fast path (add_fast): per element two table-free operand
 * rescalings and one output requantize, each the same value as add_s8's.
 */
function addsub_fast(a: Int8Array, ao: i32, b: Int8Array, bo: i32, out: Int8Array, oo: i32, n: i32, p: Int32Array, po: i32, sign: i32): void {
  const aOff: i32 = p[po];
  const bOff: i32 = p[po + 1];
  const amh: i32 = p[po + 3] >> 11;
  const aml: i32 = p[po + 3] & 2047;
  const ak1: i32 = aOff * amh;
  const ak2: i32 = aOff * aml + 1024;
  const ac: i32 = 1 << -p[po + 4];
  const aRp1: i32 = 1 - p[po + 4];
  const bmh: i32 = p[po + 5] >> 11;
  const bml: i32 = p[po + 5] & 2047;
  const bk1: i32 = bOff * bmh;
  const bk2: i32 = bOff * bml + 1024;
  const bc: i32 = 1 << -p[po + 6];
  const bRp1: i32 = 1 - p[po + 6];
  const oMult: i32 = p[po + 7];
  const oc: i32 = 1 << -p[po + 8];
  const oRp1: i32 = 1 - p[po + 8];
  const oZero: i32 = p[po + 9];
  const lo: i32 = p[po + 10];
  const hi: i32 = p[po + 11];
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
  const aOff: i32 = p[po];
  const bOff: i32 = p[po + 1];
  const ls: i32 = p[po + 2];
  const aMult: i32 = p[po + 3];
  const aShift: i32 = p[po + 4];
  const bMult: i32 = p[po + 5];
  const bShift: i32 = p[po + 6];
  const oMult: i32 = p[po + 7];
  const oShift: i32 = p[po + 8];
  const oZero: i32 = p[po + 9];
  const lo: i32 = p[po + 10];
  const hi: i32 = p[po + 11];
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
  const aOff: i32 = p[po];
  const bOff: i32 = p[po + 1];
  const ls: i32 = p[po + 2];
  const aMult: i32 = p[po + 3];
  const aShift: i32 = p[po + 4];
  const bMult: i32 = p[po + 5];
  const bShift: i32 = p[po + 6];
  const oMult: i32 = p[po + 7];
  const oShift: i32 = p[po + 8];
  const oZero: i32 = p[po + 9];
  const lo: i32 = p[po + 10];
  const hi: i32 = p[po + 11];
  for (let k: i32 = 0; k < n; k++) {
    const sa: i32 = requantize((a[ao + k] + aOff) << ls, aMult, aShift);
    const sb: i32 = requantize((b[bo + k] + bOff) << ls, bMult, bShift);
    out[oo + k] = i8(clamp_i32(requantize(sa - sb, oMult, oShift) + oZero, lo, hi));
  }
}

/** out = a · b, element-wise, int8 with TFLM's rescaling. */
export function mul_s8(a: Int8Array, ao: i32, b: Int8Array, bo: i32, out: Int8Array, oo: i32, n: i32, p: Int32Array, po: i32): void {
  const aOff: i32 = p[po];
  const bOff: i32 = p[po + 1];
  const oMult: i32 = p[po + 2];
  const oShift: i32 = p[po + 3];
  const oZero: i32 = p[po + 4];
  const lo: i32 = p[po + 5];
  const hi: i32 = p[po + 6];
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
  return add_fast(p, po + 31) && add_fast(p, po + 47) && add_fast(p, po + 66) && mul_fast(p, po + 24) && mul_fast(p, po + 59) &&
    full_range(p, po + 29) && full_range(p, po + 41) && full_range(p, po + 57) && full_range(p, po + 64) && full_range(p, po + 76) &&
    fold_shift(p[po + 27]) && fold_shift(p[po + 39]) && fold_shift(p[po + 55]) && fold_shift(p[po + 62]) && fold_shift(p[po + 74]) &&
    fast_offset(p[po + 28]) && fast_offset(p[po + 40]) && fast_offset(p[po + 56]) && fast_offset(p[po + 63]) && fast_offset(p[po + 75]);
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

/** The activation range at p[po], p[po+1] is the whole int8 range: i8(clamp_i32(x, lo, hi)) is sat_i8(x). */
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
  const zl: i32 = lo + 128;
  const rl: i32 = lo + 256 + 128;
  const nl: i32 = lo + 512 + 128;
  // MUL rn = r · nh (block at po + 24)
  const m1a: i32 = p[po + 24];
  const m1b: i32 = p[po + 25];
  const m1m: i32 = p[po + 26];
  const m1c: i32 = (1 << -p[po + 27]) + (p[po + 28] << (1 - p[po + 27]));
  const m1r: i32 = 1 - p[po + 27];
  // ADD npre = nx + rn (block at po + 31)
  const a1amh: i32 = p[po + 34] >> 11;
  const a1aml: i32 = p[po + 34] & 2047;
  const a1ak1: i32 = p[po + 31] * a1amh;
  const a1ak2: i32 = p[po + 31] * a1aml + 1024;
  const a1ac: i32 = 1 << -p[po + 35];
  const a1ar: i32 = 1 - p[po + 35];
  const a1bmh: i32 = p[po + 36] >> 11;
  const a1bml: i32 = p[po + 36] & 2047;
  const a1bk1: i32 = p[po + 32] * a1bmh;
  const a1bk2: i32 = p[po + 32] * a1bml + 1024;
  const a1bc: i32 = 1 << -p[po + 37];
  const a1br: i32 = 1 - p[po + 37];
  const a1m: i32 = p[po + 38];
  const a1c: i32 = (1 << -p[po + 39]) + (p[po + 40] << (1 - p[po + 39]));
  const a1r: i32 = 1 - p[po + 39];
  // SUB d = h - n (block at po + 47)
  const samh: i32 = p[po + 50] >> 11;
  const saml: i32 = p[po + 50] & 2047;
  const sak1: i32 = p[po + 47] * samh;
  const sak2: i32 = p[po + 47] * saml + 1024;
  const sac: i32 = 1 << -p[po + 51];
  const sar: i32 = 1 - p[po + 51];
  const sbmh: i32 = p[po + 52] >> 11;
  const sbml: i32 = p[po + 52] & 2047;
  const sbk1: i32 = p[po + 48] * sbmh;
  const sbk2: i32 = p[po + 48] * sbml + 1024;
  const sbc: i32 = 1 << -p[po + 53];
  const sbr: i32 = 1 - p[po + 53];
  const sm: i32 = p[po + 54];
  const sc: i32 = (1 << -p[po + 55]) + (p[po + 56] << (1 - p[po + 55]));
  const sr: i32 = 1 - p[po + 55];
  // MUL zd = z · d (block at po + 59)
  const m2a: i32 = p[po + 59];
  const m2b: i32 = p[po + 60];
  const m2m: i32 = p[po + 61];
  const m2c: i32 = (1 << -p[po + 62]) + (p[po + 63] << (1 - p[po + 62]));
  const m2r: i32 = 1 - p[po + 62];
  // ADD h' = n + zd (block at po + 66)
  const a2amh: i32 = p[po + 69] >> 11;
  const a2aml: i32 = p[po + 69] & 2047;
  const a2ak1: i32 = p[po + 66] * a2amh;
  const a2ak2: i32 = p[po + 66] * a2aml + 1024;
  const a2ac: i32 = 1 << -p[po + 70];
  const a2ar: i32 = 1 - p[po + 70];
  const a2bmh: i32 = p[po + 71] >> 11;
  const a2bml: i32 = p[po + 71] & 2047;
  const a2bk1: i32 = p[po + 67] * a2bmh;
  const a2bk2: i32 = p[po + 67] * a2bml + 1024;
  const a2bc: i32 = 1 << -p[po + 72];
  const a2br: i32 = 1 - p[po + 72];
  const a2m: i32 = p[po + 73];
  const a2c: i32 = (1 << -p[po + 74]) + (p[po + 75] << (1 - p[po + 74]));
  const a2r: i32 = 1 - p[po + 74];
  const a1aTriv: bool = p[po + 34] === 1073741824 && p[po + 35] === 0;
  const a1bTriv: bool = p[po + 36] === 1073741824 && p[po + 37] === 0;
  const saTriv: bool = p[po + 50] === 1073741824 && p[po + 51] === 0;
  const sbTriv: bool = p[po + 52] === 1073741824 && p[po + 53] === 0;
  const a2aTriv: bool = p[po + 69] === 1073741824 && p[po + 70] === 0;
  const a2bTriv: bool = p[po + 71] === 1073741824 && p[po + 72] === 0;
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

// The PercepNet network layers in int8, each one a composition of TFLM operators (see docs/nn.md):
// dense (FULLY_CONNECTED + activation), convolution over time (CONCATENATION of the past frames
// with the current one, FULLY_CONNECTED, activation, STRIDED_SLICE for the next state) and the
// GRU cell (FULLY_CONNECTED, LOGISTIC, TANH, MUL, ADD, SUB).
//
// Parameter blocks are Int32Array values at an offset po, laid out by the description schema
// (models/nn/description.schema.json; the offsets of their values are params.ts's constants): an FC
// block (FC_*: input offset = -zero point, output zero point, activation min, max); a dense or
// conv1d layer's block (LAYER_*: its FC block, then its activation's, ACT_*); a GRU's (GRU_*: four
// FC blocks, then its activations' and element-wise operators'). Activations run as
// 256-entry tables (act_lut_s8) that the *_init_lut functions build from the activation blocks,
// once; the tables hold exactly the values of TFLM's arithmetic.
import { type i32, fc_s8 } from "../prelude.ts";
import { ACT_LOGISTIC, ACT_TANH, act_lut_s8, lut_s8 } from "./activations.ts";
import { add_s8, copy_s8, gru_gates_fast, gru_gates_fast_ok, mul_s8, sub_s8 } from "./elementwise.ts";
import {
  FC_ACT_MAX, FC_ACT_MIN, FC_IN_ZERO, FC_OUT_ZERO, GRU_D_SUB, GRU_FNH, GRU_FNX, GRU_FR, GRU_FZ, GRU_H_ADD, GRU_N_ACT,
  GRU_NPRE_ADD, GRU_R_ACT, GRU_RN_MUL, GRU_Z_ACT, GRU_ZD_MUL, LAYER_ACT, LAYER_FC,
} from "./params.ts";

/** FULLY_CONNECTED with the FC block at p[po]: out[oo..oo+rows) from x[xo..xo+cols). */
export function fc_block(
  x: Int8Array, xo: i32, w: Int8Array, bias: Int32Array, mult: Int32Array, shift: Int32Array,
  rows: i32, cols: i32, out: Int8Array, oo: i32, p: Int32Array, po: i32,
): void {
  fc_s8(x, xo, w, bias, mult, shift, rows, cols, out, oo, p[po + FC_IN_ZERO], p[po + FC_OUT_ZERO], p[po + FC_ACT_MIN], p[po + FC_ACT_MAX]);
}

/** The activation table of a dense or conv1d layer (act: ACT_TANH or ACT_LOGISTIC): 256 values at lut[lo]. */
export function layer_init_lut(act: i32, p: Int32Array, po: i32, lut: Int8Array, lo: i32): void {
  act_lut_s8(act, p, po + LAYER_ACT, lut, lo);
}

/**
 * Dense layer: out = act(W·x + b). p[po..]: the layer block (LAYER_*); lut[lo..lo+256): its
 * activation table (layer_init_lut). pre: scratch of rows values (the FC output).
 */
export function dense_s8(
  x: Int8Array, xo: i32, w: Int8Array, bias: Int32Array, mult: Int32Array, shift: Int32Array,
  rows: i32, cols: i32, pre: Int8Array, out: Int8Array, oo: i32, p: Int32Array, po: i32, lut: Int8Array, lo: i32,
): void {
  fc_block(x, xo, w, bias, mult, shift, rows, cols, pre, 0, p, po + LAYER_FC);
  lut_s8(pre, 0, out, oo, rows, lut, lo);
}

/**
 * Causal convolution over time of width `kernel` at frame rate:
 * out_t = act(W·[x_{t-kernel+1}, …, x_t] + b), W of rows × (kernel·channels).
 * state: the kernel-1 past input frames, oldest first ((kernel-1)·channels values), updated.
 * cat: scratch of kernel·channels values; pre: scratch of rows values.
 * p[po..]: the layer block (LAYER_*); lut[lo..lo+256): the activation table.
 */
export function conv1d_s8(
  x: Int8Array, xo: i32, state: Int8Array, channels: i32, kernel: i32,
  w: Int8Array, bias: Int32Array, mult: Int32Array, shift: Int32Array, rows: i32,
  cat: Int8Array, pre: Int8Array, out: Int8Array, oo: i32, p: Int32Array, po: i32, lut: Int8Array, lo: i32,
): void {
  const past: i32 = (kernel - 1) * channels;
  copy_s8(state, 0, cat, 0, past);
  copy_s8(x, xo, cat, past, channels);
  fc_block(cat, 0, w, bias, mult, shift, rows, kernel * channels, pre, 0, p, po + LAYER_FC);
  lut_s8(pre, 0, out, oo, rows, lut, lo);
  copy_s8(cat, channels, state, 0, past);
}

/** Size of the GRU scratch: (nIn + hidden) + 11·hidden (the fast path, gru_gates_fast, uses only (nIn + hidden) + 4·hidden). */
export function gru_scratch_size(nIn: i32, hidden: i32): i32 {
  return nIn + 12 * hidden;
}

/** The GRU's three activation tables at luts[lo..lo+768): z (logistic), r (logistic), n (tanh). */
export function gru_init_luts(p: Int32Array, po: i32, luts: Int8Array, lo: i32): void {
  act_lut_s8(ACT_LOGISTIC, p, po + GRU_Z_ACT, luts, lo);
  act_lut_s8(ACT_LOGISTIC, p, po + GRU_R_ACT, luts, lo + 256);
  act_lut_s8(ACT_TANH, p, po + GRU_N_ACT, luts, lo + 512);
}

/**
 * One GRU step (reset gate applied after the recurrent product):
 *   z = σ(Wz·[x,h] + bz), r = σ(Wr·[x,h] + br),
 *   n = tanh(Wn·x + bn + r ⊙ (Un·h + bu)), h' = n + z ⊙ (h − n).
 * x: nIn values at xo; h: the hidden state (hidden values), replaced by h'.
 * p[po..]: the GRU block (GRU_SIZE values; its FC, activation and element-wise blocks at the
 * GRU_* offsets).
 * s: scratch of gru_scratch_size(nIn, hidden) values; luts[lo..lo+768): gru_init_luts.
 * After the four FCs, the element-wise part runs fused in one pass (elementwise.ts gru_gates_fast)
 * when TFLM's usual parameters allow it (gru_gates_fast_ok), else operator by operator; both give
 * the same bits.
 */
export function gru_s8(
  x: Int8Array, xo: i32, nIn: i32, h: Int8Array, hidden: i32,
  wz: Int8Array, bz: Int32Array, mz: Int32Array, sz: Int32Array,
  wr: Int8Array, br: Int32Array, mr: Int32Array, sr: Int32Array,
  wnx: Int8Array, bnx: Int32Array, mnx: Int32Array, snx: Int32Array,
  wnh: Int8Array, bnh: Int32Array, mnh: Int32Array, snh: Int32Array,
  p: Int32Array, po: i32, s: Int8Array, luts: Int8Array, lo: i32,
): void {
  const H: i32 = hidden;
  const xh: i32 = 0;
  const zpre: i32 = nIn + H;
  const rpre: i32 = zpre + H;
  const nx: i32 = rpre + H;
  const nh: i32 = nx + H;
  copy_s8(x, xo, s, xh, nIn);
  copy_s8(h, 0, s, xh + nIn, H);
  fc_block(s, xh, wz, bz, mz, sz, H, nIn + H, s, zpre, p, po + GRU_FZ);
  fc_block(s, xh, wr, br, mr, sr, H, nIn + H, s, rpre, p, po + GRU_FR);
  fc_block(s, xh, wnx, bnx, mnx, snx, H, nIn, s, nx, p, po + GRU_FNX);
  fc_block(s, xh + nIn, wnh, bnh, mnh, snh, H, H, s, nh, p, po + GRU_FNH);
  if (gru_gates_fast_ok(p, po)) {
    gru_gates_fast(s, zpre, rpre, nx, nh, h, H, p, po, luts, lo);
    return;
  }
  const z: i32 = nh + H;
  const r: i32 = z + H;
  const rn: i32 = r + H;
  const npre: i32 = rn + H;
  const n: i32 = npre + H;
  const d: i32 = n + H;
  const zd: i32 = d + H;
  lut_s8(s, zpre, s, z, H, luts, lo);
  lut_s8(s, rpre, s, r, H, luts, lo + 256);
  mul_s8(s, r, s, nh, s, rn, H, p, po + GRU_RN_MUL);
  add_s8(s, nx, s, rn, s, npre, H, p, po + GRU_NPRE_ADD);
  lut_s8(s, npre, s, n, H, luts, lo + 512);
  sub_s8(h, 0, s, n, s, d, H, p, po + GRU_D_SUB);
  mul_s8(s, z, s, d, s, zd, H, p, po + GRU_ZD_MUL);
  add_s8(s, n, s, zd, h, 0, H, p, po + GRU_H_ADD);
}

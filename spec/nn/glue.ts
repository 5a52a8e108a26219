// The glue between the signal path's float features / gains and the int8 network
// (docs/training.md): per-feature normalization and quantization of the 70 features to the
// network's int8 input tensor, and the logistic outputs (scale 1/256, zero point -128) back to
// gains and strengths in [0, 1). Written in the subset so the firmware and the reference run the
// same bits.
import { f32, i32, bool, sat_i8, round_i32 } from "../prelude.ts";
import { NB_BANDS, NB_FEATURES } from "../config.ts";

/**
 * q[i] = sat_i8(round((feat[i] - mean[i]) * gain[i]) + zp), where gain[i] = 1 / (std[i] * scale)
 * (scale: the network's input tensor scale).
 */
export function glue_features_s8(feat: Float32Array, mean: Float32Array, gain: Float32Array, zp: i32, out: Int8Array): void {
  for (let i: i32 = 0; i < NB_FEATURES; i++) {
    out[i] = sat_i8(round_i32((feat[i] - mean[i]) * gain[i]) + zp);
  }
}

/**
 * The network's 70 float inputs: frame B's features, with the 34 log band energies taken from the
 * newest window instead when the model was trained with the look-ahead (NET_ENERGY_LOOKAHEAD).
 */
export function glue_select_features(feat: Float32Array, lfeat: Float32Array, lookahead: bool, out: Float32Array): void {
  for (let b: i32 = 0; b < NB_BANDS; b++) {
    out[b] = lookahead ? lfeat[b] : feat[b];
  }
  for (let i: i32 = NB_BANDS; i < NB_FEATURES; i++) {
    out[i] = feat[i];
  }
}

/** Logistic outputs (int8, scale 1/256, zero point -128) to values in [0, 1). */
export function glue_unit_f32(q: Int8Array, out: Float32Array): void {
  for (let b: i32 = 0; b < NB_BANDS; b++) {
    out[b] = f32(i32(q[b]) + 128) * 0.00390625;
  }
}

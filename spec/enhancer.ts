// The enhancer's PCM frame: 480 int16 samples in, 480 int16 samples out, 30 ms later. This is the
// layer the firmware's frame API calls and the reference runs, so the int16 <-> f32 conversions
// are part of the bit-exact contract too.
//
// Scaling: x / 32768 is exact in f32 (a power of two). Output: round to nearest (ties away from
// zero) of y * 32768, saturated to int16. Band gains and strengths come from the oracle (the clean
// reference), from the trained int8 network (./model/: generated per build from the --model folder), from the
// baseline noise-floor rule, or from the caller (a test).
import { f32, i32, bool, round_i32, sat_i16 } from "./prelude.ts";
import { FRAME_SIZE, NB_BANDS, NB_FEATURES } from "./config.ts";
import { DenoiserState, OracleState, denoiser_init, oracle_init, denoiser_set_options, denoiser_set_feature_floor, denoiser_set_atten_limit, denoiser_set_bypass, denoiser_analyze_s16, denoiser_synthesize_s16, denoiser_process_frame_oracle } from "./dsp/denoiser.ts";
import { BaselineState, baseline_init, baseline_gains } from "./dsp/baseline.ts";
import { NetState, net_init, net_step } from "./model/net.ts";
import { NET_FEAT_MEAN, NET_FEAT_GAIN, NET_IN_ZERO, NET_ENERGY_LOOKAHEAD, NET_ENERGY_FLOOR } from "./model/norm.ts";
import { glue_select_features, glue_features_s8, glue_unit_f32 } from "./nn/glue.ts";



/** The firmware's whole state (the oracle's clean-side state is separate: only hosts use it). */
export class EnhancerState {
  dn: DenoiserState = new DenoiserState();
  base: BaselineState = new BaselineState();
  g: Float32Array = new Float32Array(NB_BANDS);
  r: Float32Array = new Float32Array(NB_BANDS);
  net: NetState = new NetState();
  /** The network's float input (features, look-ahead energies where the model uses them), int8 input and outputs. */
  fin: Float32Array = new Float32Array(NB_FEATURES);
  q: Int8Array = new Int8Array(NB_FEATURES);
  qg: Int8Array = new Int8Array(NB_BANDS);
  qr: Int8Array = new Int8Array(NB_BANDS);
}

/** Reset the whole state: a new stream starts. */
export function enhancer_init(st: EnhancerState, comb: bool, postfilter: bool): void {
  denoiser_init(st.dn);
  baseline_init(st.base);
  net_init(st.net);
  denoiser_set_options(st.dn, comb, postfilter);
  denoiser_set_feature_floor(st.dn, NET_ENERGY_FLOOR);
}

/** Runtime control: no band loses more than max_atten_db (0 or less: no limit, the default). */
export function enhancer_set_atten_limit(st: EnhancerState, max_atten_db: f32): void {
  denoiser_set_atten_limit(st.dn, max_atten_db);
}

/** Runtime control: pass the input through (30 ms later) while the state keeps running. */
export function enhancer_set_bypass(st: EnhancerState, on: bool): void {
  denoiser_set_bypass(st.dn, on);
}

/** The last frame's energy-weighted gain in [0, 1]: near 1 when the frame was kept (speech), low when suppressed. */
export function enhancer_frame_gain(st: EnhancerState): f32 {
  return st.dn.frame_gain;
}

/** The clean-reference side of oracle mode (hosts only: the firmware never holds it). */
export class EnhancerOracle {
  os: OracleState = new OracleState();
  /** The noisy frame as f32 (then the output) and the clean one: oracle mode takes f32 frames. */
  x: Float32Array = new Float32Array(FRAME_SIZE);
  c: Float32Array = new Float32Array(FRAME_SIZE);
}

export function enhancer_oracle_init(eo: EnhancerOracle): void {
  oracle_init(eo.os);
}

function s16_to_f32(input: Int16Array, out: Float32Array): void {
  for (let i: i32 = 0; i < FRAME_SIZE; i++) {
    out[i] = f32(input[i]) * 0.000030517578125;
  }
}

function f32_to_s16(input: Float32Array, out: Int16Array): void {
  for (let i: i32 = 0; i < FRAME_SIZE; i++) {
    out[i] = sat_i16(round_i32(input[i] * 32768));
  }
}

/** One frame with the ideal gains and strengths computed from the clean reference frame. */
export function enhancer_frame_oracle_s16(st: EnhancerState, eo: EnhancerOracle, input: Int16Array, clean: Int16Array, output: Int16Array): void {
  s16_to_f32(input, eo.x);
  s16_to_f32(clean, eo.c);
  denoiser_process_frame_oracle(st.dn, eo.os, eo.x, eo.c, eo.x);
  f32_to_s16(eo.x, output);
}

/** One frame with the baseline noise-floor gains: the firmware's mode when no network is built in. */
export function enhancer_frame_baseline_s16(st: EnhancerState, input: Int16Array, output: Int16Array): void {
  denoiser_analyze_s16(st.dn, input);
  baseline_gains(st.base, st.dn.ey, st.g, st.r);
  denoiser_synthesize_s16(st.dn, st.g, st.r, output);
}

/** Analysis half of a frame: afterwards st.dn.feat holds the 70 features of the frame to synthesize. */
export function enhancer_analyze_s16(st: EnhancerState, input: Int16Array): void {
  denoiser_analyze_s16(st.dn, input);
}

/** Synthesis half of a frame, with 34 band gains and 34 comb strengths in [0, 1]. */
export function enhancer_synthesize_s16(st: EnhancerState, gains: Float32Array, strengths: Float32Array, output: Int16Array): void {
  denoiser_synthesize_s16(st.dn, gains, strengths, output);
}

/** One frame with the trained network's gains and strengths: the firmware's default. */
export function enhancer_frame_net_s16(st: EnhancerState, input: Int16Array, output: Int16Array): void {
  denoiser_analyze_s16(st.dn, input);
  glue_select_features(st.dn.feat, st.dn.lfeat, NET_ENERGY_LOOKAHEAD, st.fin);
  glue_features_s8(st.fin, NET_FEAT_MEAN, NET_FEAT_GAIN, NET_IN_ZERO, st.q);
  net_step(st.net, st.q, st.qg, st.qr);
  glue_unit_f32(st.qg, st.g);
  glue_unit_f32(st.qr, st.r);
  denoiser_synthesize_s16(st.dn, st.g, st.r, output);
}

// The PercepNet frame pipeline and its state (docs/signal-path.md).
//
// Each call takes 480 new samples (10 ms at 48 kHz, scaled to +-1) and returns 480 samples of
// output delayed by exactly 1440 samples (30 ms): 480 of overlap plus 960 (2 frames) of look-ahead.
// The frame it synthesizes ("frame B") is the 960-sample window that ends 960 samples before the
// newest input sample; the look-ahead feeds the comb filter's future taps, the pitch track's
// delayed Viterbi decision and the network's look-ahead features (the band energies of the newest
// window, which becomes frame B two frames later: its spectrum is kept, so one FFT per frame still
// serves both).
//
// Residual synthesis: the output is the delayed input plus the overlap-add of the windowed inverse
// FFT of the spectral change D = g (mix of Y and P) - Y. This is the same signal as overlap-adding
// the modified spectrum (the window is power-complementary), but with unity gains and no comb
// filter D is exactly 0, so the output is exactly the input delayed by 1440 samples, in f32.
//
// Use (network): denoiser_analyze_s16 (features in st.feat), then denoiser_synthesize_s16 with the
// 34 band gains and 34 strengths for frame B. The enhancer's input is int16, so its history
// (st.xh) is int16, half the bytes of f32, and every reader takes it as s / 32768, exactly the f32
// the sample stands for. The f32 API (denoiser_analyze, denoiser_synthesize,
// denoiser_process_frame: tests, training features, oracle mode) keeps its f32 history in a
// HistoryF32 that only hosts hold. Use (oracle): denoiser_process_frame_oracle with the clean frame
// as well.
import { f32, i32, bool, sqrt_f32, abs_f32, min_f32, max_f32, min_i32, round_i32, sat_i16, q15_f32 } from "../prelude.ts";
import { log_f32, exp_f32, F32_MIN_NORMAL } from "./math.ts";
import { FftState, rfft960_windowed, rfft960_windowed_s16, rfft960_windowed_scratch, irfft960_unscaled, IRFFT_SCALE } from "./fft.ts";
import { band_energy, band_energy_cross, band_coherence, mix_bands, apply_band_gains } from "./bands.ts";
import { PitchState, PITCH_MAX, LAG_CHUNK, pitch_init, pitch_push, pitch_push_s16, pitch_refine, pitch_refine_s16 } from "./pitch.ts";
import { CombState, COMB_K, comb_init, comb_setup, comb_apply, comb_apply_s16 } from "./comb.ts";
import { unit_sanitize } from "./gains.ts";
import { postfilter } from "./postfilter.ts";
import { oracle_gains, oracle_strengths } from "./oracle.ts";
import { VORBIS_WINDOW } from "./tables.ts";
import { FRAME_SIZE, WINDOW_SIZE, NB_BINS, NB_BANDS, NB_FEATURES, LOOKAHEAD } from "../config.ts";

/** Start of frame B's window in the history: room for COMB_K (5) past periods of at most PITCH_MAX (800). */
const XB: i32 = COMB_K * PITCH_MAX;
/**
 * Input history: 5 past periods of at most 800 samples before frame B's window, the window (960)
 * and the look-ahead (960).
 */
const HIST: i32 = XB + WINDOW_SIZE + LOOKAHEAD;
/**
 * A history is a ring of HIST samples whose first HMIRROR are stored again after it (at p + HIST),
 * so that every read of up to HMIRROR consecutive samples is contiguous: the longest is a window
 * at LAG_CHUNK consecutive lags (best_lag in pitch.ts); the comb's taps and the windows are 960.
 * A frame writes 480 samples (some twice) and moves nothing. (A buffer that slid and was moved
 * back every 4th frame cost that frame a 5440-sample memmove; the whole ring stored twice cost
 * 23.7 kB of state.)
 */
const HMIRROR: i32 = WINDOW_SIZE + LAG_CHUNK;
const HBUF: i32 = HIST + HMIRROR;
/** Energy floor added to band energies in ratios (below 16-bit quantization noise). */
const E_FLOOR: f32 = 1e-9;
/** Input samples are clamped to +-IN_MAX so that energies stay finite. */
const IN_MAX: f32 = 65536;

export class DenoiserState {
  /**
   * The FFT's work arrays; between transforms fft.br and fft.bi (481 each) are this frame's
   * scratch: the comb-filtered window during analysis (samples 0..479 in br, 480..959 in bi), the
   * per-bin values during synthesis (the scale of P, then the gain, in br; the strength in bi).
   * (A separate 962-float work array cost 3,848 bytes of state.)
   */
  fft: FftState = new FftState();
  pitch: PitchState = new PitchState();
  comb: CombState = new CombState();
  /**
   * Noisy input history of the int16 API (denoiser_analyze_s16): sample j (0..5919, the newest
   * 5919) of the window is xh[hist_at(xb, j)] / 32768. (As f32 it cost 27,552 bytes of state.)
   */
  xh: Int16Array = new Int16Array(HBUF);
  xb: i32 = 0;
  ola: Float32Array = new Float32Array(FRAME_SIZE);
  /** Frame B's noisy spectrum Y. */
  yr: Float32Array = new Float32Array(NB_BINS);
  yi: Float32Array = new Float32Array(NB_BINS);
  /**
   * Frame B's comb-filtered spectrum P, mixed in place into Z and then into the spectral change D
   * by denoiser_synthesize.
   */
  zr: Float32Array = new Float32Array(NB_BINS);
  zi: Float32Array = new Float32Array(NB_BINS);
  /** Band energies of Y, P and Z, the cross-energy of Y and P, and the coherence q_y. */
  ey: Float32Array = new Float32Array(NB_BANDS);
  ep: Float32Array = new Float32Array(NB_BANDS);
  ez: Float32Array = new Float32Array(NB_BANDS);
  cross: Float32Array = new Float32Array(NB_BANDS);
  qy: Float32Array = new Float32Array(NB_BANDS);
  /** The gains and strengths used for the last frame (after sanitizing and the postfilter). */
  g: Float32Array = new Float32Array(NB_BANDS);
  r: Float32Array = new Float32Array(NB_BANDS);
  gb: Float32Array = new Float32Array(NB_BANDS);
  sb: Float32Array = new Float32Array(NB_BANDS);
  /** Features of frame B: 34 log band energies, 34 coherences, period, pitch correlation. */
  feat: Float32Array = new Float32Array(NB_FEATURES);
  /** The look-ahead: 34 log band energies of the newest window (frame B + 2, as the paper's features). */
  lfeat: Float32Array = new Float32Array(NB_BANDS);
  /** Spectra and band energies of the two newest windows of the previous two frames (slot la: two frames ago, frame B now). */
  lr: Float32Array = new Float32Array(2 * NB_BINS);
  li: Float32Array = new Float32Array(2 * NB_BINS);
  le: Float32Array = new Float32Array(2 * NB_BANDS);
  la: i32 = 0;
  /** Band energies of the newest window. */
  en: Float32Array = new Float32Array(NB_BANDS);
  use_comb: bool = true;
  use_postfilter: bool = true;
  /**
   * Added to band energies before the log features: 1e-2 (RNNoise's, sized for int16 samples; the
   * models trained before issue 15's floor keep it) or the model's own (manifest input.energy_floor).
   */
  feat_floor: f32 = 1e-2;
  /** Runtime controls: the smallest band gain (the attenuation limit; 0 = none) and the bypass. */
  min_gain: f32 = 0;
  bypass: bool = false;
  /** The last frame's energy-weighted band gain (sqrt of kept / input energy of frame B, in [0, 1]). */
  frame_gain: f32 = 1;
  frames: i32 = 0;
}

/**
 * The f32 API's noisy input history (denoiser_analyze, denoiser_synthesize), laid out as
 * DenoiserState.xh: sample j is x[hist_at(xb, j)]. Hosts only (tests, training features, oracle
 * mode): f32 input is not int16-exact, so it cannot share the enhancer's int16 history.
 */
export class HistoryF32 {
  x: Float32Array = new Float32Array(HBUF);
}

/** The clean-reference side of the oracle. */
export class OracleState {
  /** The noisy frames' history: oracle mode takes f32 frames. */
  noisy: HistoryF32 = new HistoryF32();
  /** Clean history, laid out as DenoiserState.xh: sample j is ch[hist_at(cb, j)]. */
  ch: Float32Array = new Float32Array(HBUF);
  cb: i32 = 0;
  sr: Float32Array = new Float32Array(NB_BINS);
  si: Float32Array = new Float32Array(NB_BINS);
  pr: Float32Array = new Float32Array(NB_BINS);
  pi: Float32Array = new Float32Array(NB_BINS);
  ex: Float32Array = new Float32Array(NB_BANDS);
  ep: Float32Array = new Float32Array(NB_BANDS);
  cross: Float32Array = new Float32Array(NB_BANDS);
  qx: Float32Array = new Float32Array(NB_BANDS);
  /** The ideal gains and strengths of the last frame (the training targets). */
  g: Float32Array = new Float32Array(NB_BANDS);
  r: Float32Array = new Float32Array(NB_BANDS);
}

export function denoiser_init(st: DenoiserState): void {
  pitch_init(st.pitch);
  comb_init(st.comb);
  for (let i: i32 = 0; i < HBUF; i++) {
    st.xh[i] = 0;
  }
  st.xb = 0;
  for (let i: i32 = 0; i < FRAME_SIZE; i++) {
    st.ola[i] = 0;
  }
  // the windows before the first input are silence: their spectra and energies are zero
  for (let k: i32 = 0; k < 962; k++) {
    st.lr[k] = 0;
    st.li[k] = 0;
  }
  for (let b: i32 = 0; b < 68; b++) {
    st.le[b] = 0;
  }
  st.la = 0;
  for (let b: i32 = 0; b < NB_BANDS; b++) {
    st.g[b] = 1;
    st.r[b] = 0;
  }
  st.use_comb = true;
  st.use_postfilter = true;
  st.feat_floor = 1e-2;
  st.min_gain = 0;
  st.bypass = false;
  st.frame_gain = 1;
  st.frames = 0;
}

export function history_f32_init(hf: HistoryF32): void {
  for (let i: i32 = 0; i < HBUF; i++) {
    hf.x[i] = 0;
  }
}

export function oracle_init(os: OracleState): void {
  history_f32_init(os.noisy);
  for (let i: i32 = 0; i < HBUF; i++) {
    os.ch[i] = 0;
  }
  os.cb = 0;
  for (let b: i32 = 0; b < NB_BANDS; b++) {
    os.g[b] = 1;
    os.r[b] = 0;
  }
}

/** Switches the comb filter and the postfilter. */
export function denoiser_set_options(st: DenoiserState, comb: bool, pf: bool): void {
  st.use_comb = comb;
  st.use_postfilter = pf;
}

/**
 * The energy floor of the log band-energy features, the model's (manifest input.energy_floor): samples
 * are +-1, so RNNoise's 1e-2 hides bands more than ~50 dB under full scale; a model trained with a lower
 * floor sees quiet bands. Not a runtime control: the network only knows the floor it was trained with.
 */
export function denoiser_set_feature_floor(st: DenoiserState, floor: f32): void {
  st.feat_floor = floor;
}

/**
 * The attenuation limit: no band loses more than max_atten_db of its energy (DeepFilterNet's
 * --atten-lim). 0, a negative value or NaN removes the limit (the default after denoiser_init).
 */
export function denoiser_set_atten_limit(st: DenoiserState, max_atten_db: f32): void {
  if (max_atten_db > 0) {
    // 10^(-dB / 20) = e^(-dB ln(10) / 20); beyond 870 dB this is 0: no limit
    st.min_gain = exp_f32(max_atten_db * -0.11512925464970229);
  } else {
    st.min_gain = 0;
  }
}

/**
 * The bypass: analysis (and the caller's network) keep running so the state stays warm, but the
 * frame is synthesized with unity gains and no comb, so the output is the input delayed by 30 ms.
 * Switching either way is click-free: the overlap-add tail of the previous frame still fades out.
 */
export function denoiser_set_bypass(st: DenoiserState, on: bool): void {
  st.bypass = on;
}

/** A finite, bounded sample: NaN gives 0, magnitudes clamp to IN_MAX (Inf too), denormals flush to 0. */
function clean_sample(x: f32): f32 {
  if (x !== x) {
    return 0;
  }
  const a: f32 = abs_f32(x);
  if (a < F32_MIN_NORMAL) {
    return 0;
  }
  if (x > IN_MAX) {
    return IN_MAX;
  }
  if (x < -IN_MAX) {
    return -IN_MAX;
  }
  return x;
}

/** Where sample j (0 .. HIST - 1) of a history's window starting at ring position base is. */
function hist_at(base: i32, j: i32): i32 {
  const p: i32 = base + j;
  if (p >= HIST) {
    return p - HIST;
  }
  return p;
}

/**
 * Slides a history (window at ring position base, 0 .. HIST - 1) by one frame: the 480 new samples,
 * sanitized, overwrite the oldest 480 of the ring (and their copies in the mirror). Returns the
 * window's new start.
 */
function push_history(h: Float32Array, base: i32, input: Float32Array): i32 {
  // ring positions base .. base + 479, wrapping once at HIST
  let n: i32 = HIST - base;
  if (n > FRAME_SIZE) {
    n = FRAME_SIZE;
  }
  for (let i: i32 = 0; i < n; i++) {
    h[base + i] = clean_sample(input[i]);
  }
  for (let i: i32 = n; i < FRAME_SIZE; i++) {
    h[base + i - HIST] = clean_sample(input[i]);
  }
  return mirror_history(h, base, n);
}

/**
 * push_history for int16 input (the enhancer's PCM) into the int16 history: no conversion (readers
 * take s / 32768) and no sanitizing (every int16 sample is a clean one as f32: |s / 32768| <= 1, the
 * smallest nonzero 2^-15 is normal).
 */
function push_history_s16(h: Int16Array, base: i32, input: Int16Array): i32 {
  // ring positions base .. base + n - 1, then 0 .. 479 - n
  const n: i32 = min_i32(HIST - base, FRAME_SIZE);
  copy_i16(input, 0, h, base, n);
  copy_i16(input, n, h, 0, FRAME_SIZE - n);
  // Those below HMIRROR are one run (0 .. 479 - n after a wrap, else from base), at most 480 long:
  // the mirror gets the 480 ring positions from s = min(its start, HMIRROR - 480), a run holding
  // it. The others in it already equal their ring samples (the mirror is always the ring's first
  // HMIRROR), so every frame copies 480 wherever the ring wraps: no frame costs more for it (issue
  // 18; it was 0 to 480 more copies, in 9 frames of every 37).
  let lo: i32 = 0;
  if (n === FRAME_SIZE) {
    lo = base;
  }
  const s: i32 = min_i32(lo, HMIRROR - FRAME_SIZE);
  copy_i16(h, s, h, s + HIST, FRAME_SIZE);
  return hist_at(base, FRAME_SIZE);
}

/** dst[dso + k] = src[so + k] for k = 0..n-1 (nothing when n <= 0). */
function copy_i16(src: Int16Array, so: i32, dst: Int16Array, dso: i32, n: i32): void {
  for (let k: i32 = 0; k < n; k++) {
    dst[dso + k] = src[so + k];
  }
}

/**
 * After a push wrote ring positions base .. base + n - 1 and 0 .. 479 - n: copies those below
 * HMIRROR to the mirror (+ HIST). Returns the window's new start.
 */
function mirror_history(h: Float32Array, base: i32, n: i32): i32 {
  for (let p: i32 = base; p < min_i32(base + n, HMIRROR); p++) {
    h[p + HIST] = h[p];
  }
  for (let p: i32 = 0; p < min_i32(FRAME_SIZE - n, HMIRROR); p++) {
    h[p + HIST] = h[p];
  }
  let b: i32 = base + FRAME_SIZE;
  if (b >= HIST) {
    b = b - HIST;
  }
  return b;
}

/**
 * The comb-filtered window around frame B (window at h[hb ..]) into the FFT's scratch, for
 * rfft960_windowed_scratch: samples 0..479 to fft.br, 480..959 to fft.bi (each output sample is
 * its own sum of taps, so two calls give the bits of one).
 */
function comb_window(st: DenoiserState, h: Float32Array, hb: i32): void {
  comb_apply(st.comb, h, hb, HIST, XB, st.fft.br, 0, FRAME_SIZE);
  comb_apply(st.comb, h, hb, HIST, XB + FRAME_SIZE, st.fft.bi, 0, FRAME_SIZE);
}

/** comb_window of the int16 history. */
function comb_window_s16(st: DenoiserState, h: Int16Array, hb: i32): void {
  comb_apply_s16(st.comb, h, hb, HIST, XB, st.fft.br, 0, FRAME_SIZE);
  comb_apply_s16(st.comb, h, hb, HIST, XB + FRAME_SIZE, st.fft.bi, 0, FRAME_SIZE);
}

/**
 * Takes 480 new input samples: updates the pitch track, and analyzes frame B (spectrum, band
 * energies, comb-filtered spectrum, coherence, features). Call denoiser_synthesize next.
 */
export function denoiser_analyze(st: DenoiserState, hf: HistoryF32, input: Float32Array): void {
  st.xb = push_history(hf.x, st.xb, input);
  frame_b_spectrum(st);
  // pitch_push reads the new samples and the one before them: 481 contiguous from there
  pitch_push(st.pitch, hf.x, hist_at(st.xb, HIST - FRAME_SIZE - 1) + 1);
  pitch_refine(st.pitch, hf.x, st.xb, HIST, XB);
  comb_setup(st.comb, st.pitch.period);
  rfft960_windowed(st.fft, hf.x, hist_at(st.xb, XB + LOOKAHEAD), VORBIS_WINDOW, st.lr, st.li, st.la * NB_BINS);
  if (st.use_comb) {
    comb_window(st, hf.x, st.xb);
  }
  analyze_spectra(st);
}

/**
 * denoiser_analyze for int16 input into the int16 history, sample s taken as s / 32768 by every
 * reader: the same bits as converting first.
 */
export function denoiser_analyze_s16(st: DenoiserState, input: Int16Array): void {
  st.xb = push_history_s16(st.xh, st.xb, input);
  frame_b_spectrum(st);
  pitch_push_s16(st.pitch, st.xh, hist_at(st.xb, HIST - FRAME_SIZE - 1) + 1);
  pitch_refine_s16(st.pitch, st.xh, st.xb, HIST, XB);
  comb_setup(st.comb, st.pitch.period);
  rfft960_windowed_s16(st.fft, st.xh, hist_at(st.xb, XB + LOOKAHEAD), VORBIS_WINDOW, st.lr, st.li, st.la * NB_BINS);
  if (st.use_comb) {
    comb_window_s16(st, st.xh, st.xb);
  }
  analyze_spectra(st);
}

/**
 * Frame B is the newest window of two frames ago: its spectrum comes out of slot la into Y, and
 * the newest window's spectrum is then computed straight into that slot.
 */
function frame_b_spectrum(st: DenoiserState): void {
  const o: i32 = st.la * NB_BINS;
  for (let k: i32 = 0; k < NB_BINS; k++) {
    st.yr[k] = st.lr[o + k];
    st.yi[k] = st.li[o + k];
  }
}

/**
 * The analysis after the history's readers: the newest window's spectrum is in slot la and, with
 * the comb on, frame B's comb-filtered window in the FFT's scratch. Band energies (frame B's come
 * out of slot la), the comb-filtered spectrum P, coherences and features.
 */
function analyze_spectra(st: DenoiserState): void {
  band_energy(st.lr, st.li, st.la * NB_BINS, st.en);
  const oe: i32 = st.la * NB_BANDS;
  for (let b: i32 = 0; b < NB_BANDS; b++) {
    st.ey[b] = st.le[oe + b];
    st.le[oe + b] = st.en[b];
  }
  st.la = 1 - st.la;
  if (st.use_comb) {
    // (zr, zi) takes frame B's comb-filtered spectrum P
    rfft960_windowed_scratch(st.fft, VORBIS_WINDOW, st.zr, st.zi, 0);
    band_energy_cross(st.yr, st.yi, st.zr, st.zi, st.ep, st.cross);
    band_coherence(st.cross, st.ey, st.ep, E_FLOOR, st.qy);
  } else {
    for (let b: i32 = 0; b < NB_BANDS; b++) {
      st.qy[b] = 0;
    }
  }
  // features (provisional; docs/signal-path.md): log10 band energies, coherences, pitch
  for (let b: i32 = 0; b < NB_BANDS; b++) {
    st.feat[b] = 0.4342944819032518 * log_f32(st.ey[b] + st.feat_floor);
    st.feat[NB_BANDS + b] = st.qy[b];
    st.lfeat[b] = 0.4342944819032518 * log_f32(st.en[b] + st.feat_floor);
  }
  st.feat[2 * NB_BANDS] = f32(st.pitch.period - 80) * 0.001388888888888889;
  st.feat[2 * NB_BANDS + 1] = st.pitch.corr;
  st.frames = st.frames + 1;
}

/**
 * Applies band gains and comb strengths (34 each, for frame B) and writes 480 output samples.
 * Gains and strengths are clamped to [0, 1] (NaN gives 0).
 */
export function denoiser_synthesize(st: DenoiserState, hf: HistoryF32, gains: Float32Array, strengths: Float32Array, output: Float32Array): void {
  synthesize_change(st, gains, strengths);
  // 1/960, window and overlap-add straight from the inverse: sample 2k of the inverse is
  // fft.ar[k] * IRFFT_SCALE, sample 2k + 1 is fft.ai[k] * IRFFT_SCALE (the products and sums of
  // storing the inverse, windowing it and adding it, without the stores)
  const xo: i32 = hist_at(st.xb, XB);
  for (let k: i32 = 0; k < FRAME_SIZE / 2; k++) {
    const i: i32 = 2 * k;
    const d0: f32 = (st.fft.ar[k] * IRFFT_SCALE) * VORBIS_WINDOW[i];
    const d1: f32 = (st.fft.ai[k] * IRFFT_SCALE) * VORBIS_WINDOW[i + 1];
    output[i] = hf.x[xo + i] + (st.ola[i] + d0);
    output[i + 1] = hf.x[xo + i + 1] + (st.ola[i + 1] + d1);
  }
  keep_ola_tail(st);
}

/**
 * denoiser_synthesize with int16 output (the enhancer's PCM): each sample y as
 * sat_i16(round_i32(y * 32768)), the same bits as converting denoiser_synthesize's output.
 */
export function denoiser_synthesize_s16(st: DenoiserState, gains: Float32Array, strengths: Float32Array, output: Int16Array): void {
  synthesize_change(st, gains, strengths);
  const xo: i32 = hist_at(st.xb, XB);
  for (let k: i32 = 0; k < FRAME_SIZE / 2; k++) {
    const i: i32 = 2 * k;
    const d0: f32 = (st.fft.ar[k] * IRFFT_SCALE) * VORBIS_WINDOW[i];
    const d1: f32 = (st.fft.ai[k] * IRFFT_SCALE) * VORBIS_WINDOW[i + 1];
    const y0: f32 = q15_f32(st.xh[xo + i]) + (st.ola[i] + d0);
    const y1: f32 = q15_f32(st.xh[xo + i + 1]) + (st.ola[i + 1] + d1);
    output[i] = sat_i16(round_i32(y0 * 32768));
    output[i + 1] = sat_i16(round_i32(y1 * 32768));
  }
  keep_ola_tail(st);
}

/** The second half of the windowed inverse (in fft.ar/ai, before 1/960) becomes the next overlap. */
function keep_ola_tail(st: DenoiserState): void {
  for (let k: i32 = FRAME_SIZE / 2; k < FRAME_SIZE; k++) {
    const i: i32 = 2 * k;
    st.ola[i - FRAME_SIZE] = (st.fft.ar[k] * IRFFT_SCALE) * VORBIS_WINDOW[i];
    st.ola[i + 1 - FRAME_SIZE] = (st.fft.ai[k] * IRFFT_SCALE) * VORBIS_WINDOW[i + 1];
  }
}

/**
 * The synthesis up to the inverse FFT: sanitized gains and strengths, the mix Z, the spectral
 * change D = g Z - Y and its inverse, left in st.fft's work arrays (irfft960_unscaled).
 */
function synthesize_change(st: DenoiserState, gains: Float32Array, strengths: Float32Array): void {
  unit_sanitize(gains, st.g, NB_BANDS);
  unit_sanitize(strengths, st.r, NB_BANDS);
  if (st.bypass) {
    for (let b: i32 = 0; b < NB_BANDS; b++) {
      st.g[b] = 1;
      st.r[b] = 0;
    }
  }
  let any_r: bool = false;
  if (st.use_comb) {
    for (let b: i32 = 0; b < NB_BANDS; b++) {
      if (st.r[b] > 0) {
        any_r = true;
      }
    }
  }
  if (any_r) {
    // P scaled to Y's band energy, mixed by r, and the mix scaled back to Y's band energy
    for (let b: i32 = 0; b < NB_BANDS; b++) {
      st.sb[b] = sqrt_f32((st.ey[b] + E_FLOOR) / (st.ep[b] + E_FLOOR));
    }
    // per bin: the scale s_k and the strength r_k interpolated from the bands; Z replaces P, and
    // its band energies go to ez
    mix_bands(st.sb, st.r, st.yr, st.yi, st.zr, st.zi, st.ez);
    for (let b: i32 = 0; b < NB_BANDS; b++) {
      st.sb[b] = sqrt_f32((st.ey[b] + E_FLOOR) / (st.ez[b] + E_FLOOR));
    }
  } else {
    for (let k: i32 = 0; k < NB_BINS; k++) {
      st.zr[k] = st.yr[k];
      st.zi[k] = st.yi[k];
    }
    for (let b: i32 = 0; b < NB_BANDS; b++) {
      st.sb[b] = 1;
    }
  }
  if (st.use_postfilter && !st.bypass) {
    postfilter(st.g, st.ey, st.gb);
    for (let b: i32 = 0; b < NB_BANDS; b++) {
      st.g[b] = st.gb[b];
    }
  }
  if (st.min_gain > 0) {
    // Z has Y's band energies (sb above), so a floor on g bounds each band's energy loss
    for (let b: i32 = 0; b < NB_BANDS; b++) {
      st.g[b] = max_f32(st.g[b], st.min_gain);
    }
  }
  st.frame_gain = frame_gain_of(st.g, st.ey);
  for (let b: i32 = 0; b < NB_BANDS; b++) {
    st.gb[b] = st.g[b] * st.sb[b];
  }
  // the per-bin gain g_k interpolated from the bands; the spectral change D = g Z - Y, in place in (zr, zi)
  apply_band_gains(st.gb, st.yr, st.yi, st.zr, st.zi);
  irfft960_unscaled(st.fft, st.zr, st.zi);
}

/** sqrt(sum g_b^2 E_b / sum E_b): how much of the frame's energy the gains keep (1 for silence). */
function frame_gain_of(g: Float32Array, e: Float32Array): f32 {
  let kept: f32 = 0;
  let total: f32 = 0;
  for (let b: i32 = 0; b < NB_BANDS; b++) {
    kept = kept + g[b] * g[b] * e[b];
    total = total + e[b];
  }
  if (total > 0) {
    return sqrt_f32(min_f32(kept / total, 1));
  }
  return 1;
}

/** One frame with network (or any external) gains and strengths for frame B. */
export function denoiser_process_frame(
  st: DenoiserState, hf: HistoryF32, input: Float32Array, output: Float32Array, gains: Float32Array, strengths: Float32Array,
): void {
  denoiser_analyze(st, hf, input);
  denoiser_synthesize(st, hf, gains, strengths, output);
}

/**
 * One frame in oracle mode: the ideal gains and strengths of frame B from the clean reference
 * (written to os.g and os.r before they are applied).
 */
export function denoiser_process_frame_oracle(
  st: DenoiserState, os: OracleState, input: Float32Array, clean: Float32Array, output: Float32Array,
): void {
  denoiser_analyze(st, os.noisy, input);
  os.cb = push_history(os.ch, os.cb, clean);
  rfft960_windowed(st.fft, os.ch, hist_at(os.cb, XB), VORBIS_WINDOW, os.sr, os.si, 0);
  band_energy(os.sr, os.si, 0, os.ex);
  oracle_gains(os.ex, st.ey, os.g);
  if (st.use_comb) {
    comb_window(st, os.ch, os.cb);
    rfft960_windowed_scratch(st.fft, VORBIS_WINDOW, os.pr, os.pi, 0);
    band_energy_cross(os.sr, os.si, os.pr, os.pi, os.ep, os.cross);
    band_coherence(os.cross, os.ex, os.ep, E_FLOOR, os.qx);
    oracle_strengths(os.qx, st.qy, st.comb.eps, os.g, os.r);
  } else {
    for (let b: i32 = 0; b < NB_BANDS; b++) {
      os.r[b] = 0;
    }
  }
  denoiser_synthesize(st, os.noisy, os.g, os.r, output);
}

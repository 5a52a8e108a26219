// The 960-point real FFT and its inverse, in the subset.
//
// Route (docs/signal-path.md, "FFT"): a real transform of N = 960 is one complex transform of
// N/2 = 480 points on z[n] = x[2n] + i x[2n+1], followed by the standard split step. The complex
// 480-point transform is a Stockham autosort FFT (no bit reversal) with mixed radices
// 4 * 4 * 2 * 3 * 5 = 480 and specialized radix-2, 3, 4 and 5 butterflies; a stage is one call of
// the intrinsic fft_stage_f32 (its reference in spec/prelude.ts is the butterflies' arithmetic, its
// C kernel firmware/kernels/fft_stage_f32/pn_fft_stage_f32.c), the radix-2 and radix-3 stages one pass of
// fft_stage23_f32. All twiddles come from one table of the 960th
// roots of unity, computed with the spec's own cospi/sinpi at build time (fft_twiddles, written to
// tables.ts by scripts/dsp-tables.ts): const data, not state.
//
// Conventions: forward X[k] = sum_n x[n] e^{-2 pi i k n / 960}, unnormalized, k = 0..480, real and
// imaginary parts in separate arrays. The inverse includes the 1/960, so inverse(forward(x)) = x
// up to rounding.
import { f32, i32, bool, q15_f32, fft_stage_f32, fft_stage23_f32 } from "../prelude.ts";
import { cospi_f32, sinpi_f32 } from "./math.ts";
import { WINDOW_SIZE } from "../config.ts";
import { FFT_TWR, FFT_TWI } from "./tables.ts";

/** Length of the complex transform: half the real one (the window). */
const FFT_HALF: i32 = WINDOW_SIZE / 2;

/** The radices of the 480-point complex stage, in the order they are applied. */
const FFT_RADICES: Int32Array = new Int32Array([4, 4, 2, 3, 5]);

/** Length of the b arrays: the ping-pong half of the transform (FFT_HALF) and one more, see FftState. */
const FFT_BLEN: i32 = FFT_HALF + 1;

export class FftState {
  /** complex work arrays of the 480-point transform (ping-pong; input and result in a) */
  ar: Float32Array = new Float32Array(FFT_HALF);
  ai: Float32Array = new Float32Array(FFT_HALF);
  /**
   * The other half of the ping-pong. Between transforms its contents are dead, so the caller may
   * use it as scratch (the denoiser keeps a window or per-bin values there, which is why it has
   * room for 481: one value per bin); every transform overwrites it.
   */
  br: Float32Array = new Float32Array(FFT_BLEN);
  bi: Float32Array = new Float32Array(FFT_BLEN);
}

/**
 * The twiddle table: twr[k] + i twi[k] = e^{-2 pi i k / 960}, k = 0..959, with the spec's own
 * cospi/sinpi. Run at build time (scripts/dsp-tables.ts writes FFT_TWR/FFT_TWI of tables.ts).
 */
export function fft_twiddles(twr: Float32Array, twi: Float32Array): void {
  for (let k: i32 = 0; k < WINDOW_SIZE; k++) {
    const x: f32 = f32(k) / f32(FFT_HALF);
    twr[k] = cospi_f32(x);
    twi[k] = -sinpi_f32(x);
  }
}

/**
 * In-place 480-point complex FFT of (st.ar, st.ai), forward when inv is false; (st.br, st.bi) is
 * the other half of the ping-pong. A stage is one fft_stage_f32 call (its reference in
 * spec/prelude.ts is the arithmetic of a Stockham stage, the C kernel
 * firmware/kernels/fft_stage_f32/pn_fft_stage_f32.c), except that a radix-2 stage followed by a radix-3 stage
 * runs as one pass of fft_stage23_f32 (the same bits, without storing between them). With the
 * radices 4, 4, 2·3, 5 that is four passes, so the result lands in a and the copy never runs.
 */
export function cfft480(st: FftState, inv: bool): void {
  let sg: f32 = 1;
  if (inv) {
    sg = -1;
  }
  let n: i32 = FFT_HALF;
  let s: i32 = 1;
  let in_a: bool = true;
  let f: i32 = 0;
  while (f < 5) {
    let r: i32 = FFT_RADICES[f];
    const pair: bool = r === 2 && f + 1 < 5 && FFT_RADICES[f + 1] === 3;
    if (pair) {
      r = 6;
      if (in_a) {
        fft_stage23_f32(FFT_TWR, FFT_TWI, st.ar, st.ai, st.br, st.bi, n, s, sg);
      } else {
        fft_stage23_f32(FFT_TWR, FFT_TWI, st.br, st.bi, st.ar, st.ai, n, s, sg);
      }
      f = f + 2;
    } else {
      if (in_a) {
        fft_stage_f32(FFT_TWR, FFT_TWI, st.ar, st.ai, st.br, st.bi, r, n, s, sg);
      } else {
        fft_stage_f32(FFT_TWR, FFT_TWI, st.br, st.bi, st.ar, st.ai, r, n, s, sg);
      }
      f = f + 1;
    }
    in_a = !in_a;
    n = n / r;
    s = s * r;
  }
  if (!in_a) {
    for (let k: i32 = 0; k < FFT_HALF; k++) {
      st.ar[k] = st.br[k];
      st.ai[k] = st.bi[k];
    }
  }
}

/** Forward real FFT of x[xo .. xo+959] into (outr, outi)[0..480]. */
export function rfft960(st: FftState, x: Float32Array, xo: i32, outr: Float32Array, outi: Float32Array): void {
  // two points per step: four loads back to back (pipelined on Cortex-M4), then four stores
  for (let k: i32 = 0; k < FFT_HALF; k += 2) {
    const x0: f32 = x[xo + 2 * k];
    const x1: f32 = x[xo + 2 * k + 1];
    const x2: f32 = x[xo + 2 * k + 2];
    const x3: f32 = x[xo + 2 * k + 3];
    st.ar[k] = x0;
    st.ai[k] = x1;
    st.ar[k + 1] = x2;
    st.ai[k + 1] = x3;
  }
  rfft960_split(st, outr, outi, 0);
}

/**
 * Forward real FFT of the windowed x[xo + i] w[i], i = 0..959, into (outr, outi)[oo .. oo+480]: the
 * window is applied as the samples are loaded (the same products as windowing into a buffer
 * first, without the buffer or its second pass).
 */
export function rfft960_windowed(st: FftState, x: Float32Array, xo: i32, w: Float32Array, outr: Float32Array, outi: Float32Array, oo: i32): void {
  for (let k: i32 = 0; k < FFT_HALF; k += 2) {
    const x0: f32 = x[xo + 2 * k] * w[2 * k];
    const x1: f32 = x[xo + 2 * k + 1] * w[2 * k + 1];
    const x2: f32 = x[xo + 2 * k + 2] * w[2 * k + 2];
    const x3: f32 = x[xo + 2 * k + 3] * w[2 * k + 3];
    st.ar[k] = x0;
    st.ai[k] = x1;
    st.ar[k + 1] = x2;
    st.ai[k + 1] = x3;
  }
  rfft960_split(st, outr, outi, oo);
}

/** rfft960_windowed of int16 samples (the enhancer's history), sample s read as s / 32768: the same bits as converting first. */
export function rfft960_windowed_s16(st: FftState, x: Int16Array, xo: i32, w: Float32Array, outr: Float32Array, outi: Float32Array, oo: i32): void {
  for (let k: i32 = 0; k < FFT_HALF; k += 2) {
    const x0: f32 = q15_f32(x[xo + 2 * k]) * w[2 * k];
    const x1: f32 = q15_f32(x[xo + 2 * k + 1]) * w[2 * k + 1];
    const x2: f32 = q15_f32(x[xo + 2 * k + 2]) * w[2 * k + 2];
    const x3: f32 = q15_f32(x[xo + 2 * k + 3]) * w[2 * k + 3];
    st.ar[k] = x0;
    st.ai[k] = x1;
    st.ar[k + 1] = x2;
    st.ai[k + 1] = x3;
  }
  rfft960_split(st, outr, outi, oo);
}

/**
 * rfft960_windowed of the 960 samples the caller left in the scratch st.br[0 .. 479] (the first
 * half) and st.bi[0 .. 479] (the second): the same products and transform; the load finishes
 * before cfft480 overwrites the scratch.
 */
export function rfft960_windowed_scratch(st: FftState, w: Float32Array, outr: Float32Array, outi: Float32Array, oo: i32): void {
  for (let k: i32 = 0; k < FFT_HALF / 2; k += 2) {
    const x0: f32 = st.br[2 * k] * w[2 * k];
    const x1: f32 = st.br[2 * k + 1] * w[2 * k + 1];
    const x2: f32 = st.br[2 * k + 2] * w[2 * k + 2];
    const x3: f32 = st.br[2 * k + 3] * w[2 * k + 3];
    st.ar[k] = x0;
    st.ai[k] = x1;
    st.ar[k + 1] = x2;
    st.ai[k + 1] = x3;
  }
  for (let k: i32 = FFT_HALF / 2; k < FFT_HALF; k += 2) {
    const x0: f32 = st.bi[2 * k - FFT_HALF] * w[2 * k];
    const x1: f32 = st.bi[2 * k + 1 - FFT_HALF] * w[2 * k + 1];
    const x2: f32 = st.bi[2 * k + 2 - FFT_HALF] * w[2 * k + 2];
    const x3: f32 = st.bi[2 * k + 3 - FFT_HALF] * w[2 * k + 3];
    st.ar[k] = x0;
    st.ai[k] = x1;
    st.ar[k + 1] = x2;
    st.ai[k + 1] = x3;
  }
  rfft960_split(st, outr, outi, oo);
}

/** The forward transform of the samples loaded into (st.ar, st.ai) (x[2k] + i x[2k+1]), into (outr, outi)[oo ..]. */
function rfft960_split(st: FftState, outr: Float32Array, outi: Float32Array, oo: i32): void {
  cfft480(st, false);
  // X[k] = E[k] + W^k O[k], E = (Z[k] + conj Z[480-k]) / 2, O = -i (Z[k] - conj Z[480-k]) / 2, with
  // Z[480] = Z[0]. Bins k and 480 - k read the same two values, a = Z[k] and b = Z[480 - k]: one
  // pass over k = 1..240 does both (bin 240 twice, the same way); k = 0 (b = Z[0], bins 0 and 480)
  // first, written out, so that the loop needs no test for it.
  {
    const ar: f32 = st.ar[0];
    const ai: f32 = st.ai[0];
    const br: f32 = st.ar[0];
    const bi: f32 = st.ai[0];
    // bin k: z = a, c = conj b
    const ci: f32 = -bi;
    const er: f32 = 0.5 * (ar + br);
    const ei: f32 = 0.5 * (ai + ci);
    const or: f32 = 0.5 * (ai - ci);
    const oi: f32 = -0.5 * (ar - br);
    const wr: f32 = FFT_TWR[0];
    const wi: f32 = FFT_TWI[0];
    outr[oo] = er + (or * wr - oi * wi);
    outi[oo] = ei + (or * wi + oi * wr);
    // bin 480 - k: z = b, c = conj a
    const m: i32 = FFT_HALF;
    const ci2: f32 = -ai;
    const er2: f32 = 0.5 * (br + ar);
    const ei2: f32 = 0.5 * (bi + ci2);
    const or2: f32 = 0.5 * (bi - ci2);
    const oi2: f32 = -0.5 * (br - ar);
    const wr2: f32 = FFT_TWR[m];
    const wi2: f32 = FFT_TWI[m];
    outr[oo + m] = er2 + (or2 * wr2 - oi2 * wi2);
    outi[oo + m] = ei2 + (or2 * wi2 + oi2 * wr2);
  }
  for (let k: i32 = 1; k <= 240; k++) {
    const ar: f32 = st.ar[k];
    const ai: f32 = st.ai[k];
    const br: f32 = st.ar[FFT_HALF - k];
    const bi: f32 = st.ai[FFT_HALF - k];
    // bin k: z = a, c = conj b
    const ci: f32 = -bi;
    const er: f32 = 0.5 * (ar + br);
    const ei: f32 = 0.5 * (ai + ci);
    const or: f32 = 0.5 * (ai - ci);
    const oi: f32 = -0.5 * (ar - br);
    const wr: f32 = FFT_TWR[k];
    const wi: f32 = FFT_TWI[k];
    outr[oo + k] = er + (or * wr - oi * wi);
    outi[oo + k] = ei + (or * wi + oi * wr);
    // bin 480 - k: z = b, c = conj a
    const m: i32 = FFT_HALF - k;
    const ci2: f32 = -ai;
    const er2: f32 = 0.5 * (br + ar);
    const ei2: f32 = 0.5 * (bi + ci2);
    const or2: f32 = 0.5 * (bi - ci2);
    const oi2: f32 = -0.5 * (br - ar);
    const wr2: f32 = FFT_TWR[m];
    const wi2: f32 = FFT_TWI[m];
    outr[oo + m] = er2 + (or2 * wr2 - oi2 * wi2);
    outi[oo + m] = ei2 + (or2 * wi2 + oi2 * wr2);
  }
  outi[oo] = 0;
  outi[oo + FFT_HALF] = 0;
}

/**
 * One bin of the inverse split into Z[k] = E + i O, E = x + conj c, O = (x - conj c) W^-k, from
 * x = X[k] and c = X[480 - k]; Z goes to (st.ar, st.ai), the input of cfft480.
 */
function split_inv(st: FftState, k: i32, xr: f32, xi: f32, cr: f32, cxi: f32): void {
  const ci: f32 = -cxi;
  const er: f32 = xr + cr;
  const ei: f32 = xi + ci;
  const dr: f32 = xr - cr;
  const di: f32 = xi - ci;
  const wr: f32 = FFT_TWR[k];
  const wi: f32 = -FFT_TWI[k];
  const or: f32 = dr * wr - di * wi;
  const oi: f32 = dr * wi + di * wr;
  st.ar[k] = er - oi;
  st.ai[k] = ei + or;
}

/** The inverse's scale, 1/960. */
export const IRFFT_SCALE: f32 = 0.0010416666666666667;

/** Inverse real FFT of (inr, ini)[0..480] into y[yo .. yo+959], including the 1/960. */
export function irfft960(st: FftState, inr: Float32Array, ini: Float32Array, y: Float32Array, yo: i32): void {
  irfft960_unscaled(st, inr, ini);
  for (let k: i32 = 0; k < FFT_HALF; k++) {
    y[yo + 2 * k] = st.ar[k] * IRFFT_SCALE;
    y[yo + 2 * k + 1] = st.ai[k] * IRFFT_SCALE;
  }
}

/**
 * The inverse real FFT of (inr, ini)[0..480] left in the work arrays, before the 1/960: sample 2k
 * is st.ar[k] * IRFFT_SCALE and sample 2k + 1 is st.ai[k] * IRFFT_SCALE (irfft960 stores them; the
 * synthesis windows and overlap-adds them straight from here).
 */
export function irfft960_unscaled(st: FftState, inr: Float32Array, ini: Float32Array): void {
  // Bins k and 480 - k read the same two values of X: one pass over k = 1..239 does both.
  split_inv(st, 0, inr[0], ini[0], inr[FFT_HALF], ini[FFT_HALF]);
  for (let k: i32 = 1; k < 240; k++) {
    const ar: f32 = inr[k];
    const ai: f32 = ini[k];
    const br: f32 = inr[FFT_HALF - k];
    const bi: f32 = ini[FFT_HALF - k];
    split_inv(st, k, ar, ai, br, bi);
    split_inv(st, FFT_HALF - k, br, bi, ar, ai);
  }
  split_inv(st, 240, inr[240], ini[240], inr[240], ini[240]);
  cfft480(st, true);
}

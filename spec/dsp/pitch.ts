// Pitch analysis: staged normalized correlation of x(n) with x(n - T) and a Viterbi track.
//
// Periods T from 80 to 800 samples at 48 kHz (f0 from 60 to 600 Hz). The comb filter's look-ahead
// limit (960 samples) bounds its future taps, not the search: see comb.ts.
//
// Per 480-sample frame (docs/signal-path.md, "Pitch"):
//  1. The new samples are decimated 2:1 (24 kHz) with a [1 2 1]/4 low-pass, whitened by an
//     order-4 LPC filter of the last 60 ms, decimated 2:1 (12 kHz, [1 2 1]/4) and 2:1 again
//     (6 kHz, [1 4 6 4 1]/16).
//  2. Coarse search at 6 kHz on the newest 20 ms window: normalized correlation for every lag
//     T8 = 10..100, minus a small prior that favours short periods (against period doubling).
//  3. Viterbi over the 91 coarse lags: transitions within about 13% cost in proportion to the
//     relative jump, any other jump costs PITCH_JUMP. The decision for a frame is taken two frames
//     later (the look-ahead the signal path has anyway) by backtracking from the newest best state.
//  4. The decided frame (2 frames old: the one the denoiser synthesizes) is refined at 12 kHz
//     (+-2 lags), checked for doubling (T/2, T/3, T/4), and refined at 24 kHz (+-1) and 48 kHz (+-2).
import { f32, i32, i16, dot_f32, xcorr_f32, xcorr_energies_f32, xcorr_energies_s16, q15_f32, sqrt_f32, max_i32, min_i32, max_f32, clamp_f32 } from "../prelude.ts";
import { log_f32 } from "./math.ts";
import { WINDOW_SIZE } from "../config.ts";
import { PITCH_PRIOR_TAB, PITCH_INV_TAB } from "./tables.ts";

export const PITCH_MIN: i32 = 80;
export const PITCH_MAX: i32 = 800;
/** 24 kHz history: window B (480) + 2 frames (480) + lags up to 402. */
const H2: i32 = 1440;
/** New 24 kHz samples per frame. */
const N2: i32 = 240;
/** The whitening filter's memory: the 24 kHz samples before the new ones that x2 keeps. */
const X2_MEM: i32 = 5;
/** The LPC's autocorrelation is taken over the last AC_BLOCKS frames of 24 kHz samples (60 ms). */
const AC_BLOCKS: i32 = 6;
/** 12 kHz history (whitened): window B (240) + 2 frames (240) + lags up to 202. */
const H4: i32 = 720;
/** 6 kHz history: newest window (120) + lags up to 100. */
const H8: i32 = 240;
const T8_MIN: i32 = 10;
const T8_MAX: i32 = 100;
const NSTATES: i32 = 91;
/** Lags per xcorr_energies_f32 call in best_lag (the size of ps.lxy and ps.lyy). */
export const LAG_CHUNK: i32 = 8;

/** Prior against long periods, per octave above the shortest. */
const PITCH_PRIOR: f32 = 0.06;
/** Cost of a relative period change of 100% within the local window. */
const PITCH_SLOPE: f32 = 1.0;
/** Cost of any jump outside the local window. */
const PITCH_JUMP: f32 = 0.35;
/** A sub-multiple T/k replaces T when its correlation reaches this fraction of T's. */
const PITCH_DOUBLING: f32 = 0.9;

export class PitchState {
  /** The newest 240 samples at 24 kHz, low-passed and decimated, after the X2_MEM before them. */
  x2: Float32Array = new Float32Array(X2_MEM + N2);
  /** Per frame, the autocorrelation (lags 0..4) of its 240 new x2 samples; a ring of AC_BLOCKS. */
  acb: Float32Array = new Float32Array(AC_BLOCKS * 5);
  acb_pos: i32 = 0;
  /** 24 kHz history, whitened: the source of the 12 and 6 kHz signals and the 24 kHz search. */
  xw: Float32Array = new Float32Array(H2);
  /** Autocorrelation and LPC coefficients of the whitening filter (order 4). */
  ac: Float32Array = new Float32Array(5);
  lpc: Float32Array = new Float32Array(5);
  tmp: Float32Array = new Float32Array(5);
  x4: Float32Array = new Float32Array(720);
  x8: Float32Array = new Float32Array(240);
  score: Float32Array = new Float32Array(91);
  next: Float32Array = new Float32Array(91);
  obs: Float32Array = new Float32Array(91);
  bp_cur: Int16Array = new Int16Array(91);
  bp_prev: Int16Array = new Int16Array(91);
  /** Cross-correlations of the coarse search, one per state. */
  xy: Float32Array = new Float32Array(91);
  /** Cross-correlations and lagged energies of best_lag, up to LAG_CHUNK lags at a time. */
  lxy: Float32Array = new Float32Array(8);
  lyy: Float32Array = new Float32Array(8);
  /** best_lag's and best_lag_s16's window energy. */
  lxx: Float32Array = new Float32Array(1);
  /** The coarse lag (6 kHz) decided for the synthesized frame. */
  coarse: i32 = 30;
  /** The final period (48 kHz samples) of the synthesized frame, and its normalized correlation. */
  period: i32 = 240;
  corr: f32 = 0;
}

export function pitch_init(ps: PitchState): void {
  for (let i: i32 = 0; i < X2_MEM + N2; i++) {
    ps.x2[i] = 0;
  }
  for (let i: i32 = 0; i < AC_BLOCKS * 5; i++) {
    ps.acb[i] = 0;
  }
  ps.acb_pos = 0;
  for (let i: i32 = 0; i < H2; i++) {
    ps.xw[i] = 0;
  }
  for (let i: i32 = 0; i < H4; i++) {
    ps.x4[i] = 0;
  }
  for (let i: i32 = 0; i < H8; i++) {
    ps.x8[i] = 0;
  }
  for (let s: i32 = 0; s < NSTATES; s++) {
    ps.score[s] = 0;
    ps.bp_cur[s] = i16(s);
    ps.bp_prev[s] = i16(s);
  }
  ps.coarse = 30;
  ps.period = 240;
  ps.corr = 0;
}

/**
 * Per coarse state s (lag T8 = s + 10): the prior against long periods and 1 / T8. Run at build
 * time (scripts/dsp-tables.ts writes PITCH_PRIOR_TAB/PITCH_INV_TAB of tables.ts): const data, not
 * state.
 */
export function pitch_tables(prior: Float32Array, inv: Float32Array): void {
  for (let s: i32 = 0; s < NSTATES; s++) {
    const t8: f32 = f32(s + T8_MIN);
    inv[s] = 1 / t8;
    prior[s] = -PITCH_PRIOR * log_f32(t8 / f32(T8_MIN)) * 1.4426950408889634;
  }
}

/** Normalized correlation of x[a .. a+n-1] with x[a-lag .. a-lag+n-1]; 0 for silence. */
export function norm_corr(x: Float32Array, a: i32, lag: i32, n: i32): f32 {
  const xy: f32 = dot_f32(x, a, x, a - lag, n);
  const xx: f32 = dot_f32(x, a, x, a, n);
  const yy: f32 = dot_f32(x, a - lag, x, a - lag, n);
  const den: f32 = sqrt_f32(xx) * sqrt_f32(yy);
  if (den > 1e-15) {
    return clamp_f32(xy / den, -1, 1);
  }
  return 0;
}

/**
 * Order-4 LPC of the last 60 ms at 24 kHz (long enough to hold several periods at 60 Hz, so
 * the filter changes slowly from frame to frame), with lag windowing, a -40 dB
 * noise floor and bandwidth expansion (0.9^i), as RNNoise's pitch analysis does: the whitened
 * signal gives every harmonic a similar weight, so the correlation is not dominated by the
 * first formant or by low-frequency rumble.
 */
function whitening_lpc(ps: PitchState): void {
  // The autocorrelation of the 60 ms is the sum of its frames' (each sample times the 4 before it,
  // the previous frame's last ones included): only the new frame's is computed, 240 x 5 products
  // instead of 1436 x 5, and the 24 kHz history before it need not be kept.
  xcorr_f32(ps.x2, X2_MEM, ps.x2, X2_MEM, N2, 5, ps.acb, ps.acb_pos * 5);
  ps.acb_pos = ps.acb_pos + 1;
  if (ps.acb_pos === AC_BLOCKS) {
    ps.acb_pos = 0;
  }
  for (let l: i32 = 0; l <= 4; l++) {
    // oldest frame first (acb_pos now points at it)
    let sum: f32 = 0;
    for (let b: i32 = 0; b < AC_BLOCKS; b++) {
      let q: i32 = ps.acb_pos + b;
      if (q >= AC_BLOCKS) {
        q = q - AC_BLOCKS;
      }
      sum = sum + ps.acb[q * 5 + l];
    }
    ps.ac[l] = sum;
  }
  ps.ac[0] = ps.ac[0] * 1.0001 + 1e-9;
  for (let i: i32 = 1; i <= 4; i++) {
    const lw: f32 = 0.008 * f32(i);
    ps.ac[i] = ps.ac[i] - ps.ac[i] * (lw * lw);
  }
  for (let i: i32 = 0; i <= 4; i++) {
    ps.lpc[i] = 0;
  }
  // Levinson-Durbin: prediction x[n] ~ sum_{i=1..4} lpc[i] x[n-i]
  let err: f32 = ps.ac[0];
  for (let i: i32 = 1; i <= 4; i++) {
    if (err <= ps.ac[0] * 1e-6) {
      break;
    }
    let acc: f32 = ps.ac[i];
    for (let j: i32 = 1; j < i; j++) {
      acc = acc - ps.lpc[j] * ps.ac[i - j];
    }
    const k: f32 = clamp_f32(acc / err, -0.999, 0.999);
    for (let j: i32 = 1; j < i; j++) {
      ps.tmp[j] = ps.lpc[j] - k * ps.lpc[i - j];
    }
    for (let j: i32 = 1; j < i; j++) {
      ps.lpc[j] = ps.tmp[j];
    }
    ps.lpc[i] = k;
    err = err * (1 - k * k);
  }
  let g: f32 = 1;
  for (let i: i32 = 1; i <= 4; i++) {
    g = g * 0.9;
    ps.lpc[i] = ps.lpc[i] * g;
  }
}

/**
 * Takes the 480 new samples x[xnew .. xnew+479] (x[xnew-1] must be the previous sample), updates
 * the decimated histories, runs the coarse search and the Viterbi step, and decides the coarse lag
 * of the frame two frames back (ps.coarse).
 */
export function pitch_push(ps: PitchState, x: Float32Array, xnew: i32): void {
  // 1. decimate: shift the histories and append 240 (24 kHz), 120 (12 kHz) and 60 (6 kHz) samples
  keep_x2_memory(ps);
  for (let j: i32 = 0; j < N2; j++) {
    const a: i32 = xnew + 2 * j;
    ps.x2[X2_MEM + j] = 0.25 * x[a - 1] + 0.5 * x[a] + 0.25 * x[a + 1];
  }
  pitch_track(ps);
}

/** pitch_push of int16 samples (the enhancer's history), sample s read as s / 32768: the same bits as converting first. */
export function pitch_push_s16(ps: PitchState, x: Int16Array, xnew: i32): void {
  keep_x2_memory(ps);
  // x[a + 1] of one output is x[a - 1] of the next: held, so each sample is read and converted once
  let xm: f32 = q15_f32(x[xnew - 1]);
  for (let j: i32 = 0; j < N2; j++) {
    const a: i32 = xnew + 2 * j;
    const x0: f32 = q15_f32(x[a]);
    const xp: f32 = q15_f32(x[a + 1]);
    ps.x2[X2_MEM + j] = 0.25 * xm + 0.5 * x0 + 0.25 * xp;
    xm = xp;
  }
  pitch_track(ps);
}

/** The last X2_MEM samples at 24 kHz move to the front of x2: the whitening filter's memory. */
function keep_x2_memory(ps: PitchState): void {
  for (let i: i32 = 0; i < X2_MEM; i++) {
    ps.x2[i] = ps.x2[N2 + i];
  }
}

/**
 * pitch_push after the 240 new 24 kHz samples are in x2: whitening, the 12 and 6 kHz signals, the
 * coarse search and the Viterbi step.
 */
function pitch_track(ps: PitchState): void {
  // whiten the new 240 samples: e[n] = x[n] - sum lpc[i] x[n-i], then (1 + 0.8 z^-1)
  whitening_lpc(ps);
  for (let i: i32 = 0; i < H2 - 240; i++) {
    ps.xw[i] = ps.xw[i + 240];
  }
  // e0 = x[n] - l1 x[n-1] - l2 x[n-2] - l3 x[n-3] - l4 x[n-4] (left to right), e1 the same at n - 1:
  // the coefficients held, x[n-1 .. n-5] a window that slides by one sample per n (one load each)
  const l1: f32 = ps.lpc[1];
  const l2: f32 = ps.lpc[2];
  const l3: f32 = ps.lpc[3];
  const l4: f32 = ps.lpc[4];
  let x1: f32 = ps.x2[X2_MEM - 1];
  let x2: f32 = ps.x2[X2_MEM - 2];
  let x3: f32 = ps.x2[X2_MEM - 3];
  let x4: f32 = ps.x2[X2_MEM - 4];
  let x5: f32 = ps.x2[X2_MEM - 5];
  for (let j: i32 = 0; j < N2; j++) {
    const x0: f32 = ps.x2[X2_MEM + j];
    const e0: f32 = x0 - l1 * x1 - l2 * x2 - l3 * x3 - l4 * x4;
    const e1: f32 = x1 - l1 * x2 - l2 * x3 - l3 * x4 - l4 * x5;
    ps.xw[H2 - N2 + j] = e0 + 0.8 * e1;
    x5 = x4;
    x4 = x3;
    x3 = x2;
    x2 = x1;
    x1 = x0;
  }
  for (let i: i32 = 0; i < H4 - 120; i++) {
    ps.x4[i] = ps.x4[i + 120];
  }
  for (let j: i32 = 0; j < 120; j++) {
    const a: i32 = H2 - 240 + 2 * j;
    ps.x4[H4 - 120 + j] = 0.25 * ps.xw[a - 1] + 0.5 * ps.xw[a] + 0.25 * ps.xw[a + 1];
  }
  for (let i: i32 = 0; i < H8 - 60; i++) {
    ps.x8[i] = ps.x8[i + 60];
  }
  for (let j: i32 = 0; j < 60; j++) {
    const a: i32 = H4 - 121 + 2 * j;
    const v: f32 = ps.x4[a - 2] + ps.x4[a + 2] + 4 * (ps.x4[a - 1] + ps.x4[a + 1]) + 6 * ps.x4[a];
    ps.x8[H8 - 60 + j] = 0.0625 * v;
  }
  // 2. coarse observations on the newest window (120 samples at 6 kHz); the lagged energy slides
  // from lag to lag and is recomputed exactly every 16 lags
  const w0: i32 = H8 - 120;
  const xx: f32 = dot_f32(ps.x8, w0, ps.x8, w0, 120);
  const sx: f32 = sqrt_f32(xx);
  xcorr_f32(ps.x8, w0, ps.x8, w0 - T8_MIN, 120, NSTATES, ps.xy, 0);
  let yy: f32 = 0;
  for (let s: i32 = 0; s < NSTATES; s++) {
    const lag: i32 = s + T8_MIN;
    if ((s & 15) === 0) {
      yy = dot_f32(ps.x8, w0 - lag, ps.x8, w0 - lag, 120);
    } else {
      const a: f32 = ps.x8[w0 - lag];
      const b: f32 = ps.x8[w0 - lag + 120];
      yy = max_f32(yy + (a * a - b * b), 0);
    }
    const xy: f32 = ps.xy[s];
    const den: f32 = sx * sqrt_f32(yy);
    let r: f32 = 0;
    if (den > 1e-15) {
      r = clamp_f32(xy / den, -1, 1);
    }
    ps.obs[s] = r + PITCH_PRIOR_TAB[s];
  }
  // 3. Viterbi step; the previous scores are normalized so that their maximum is 0
  let best_prev: i32 = 0;
  for (let s: i32 = 1; s < NSTATES; s++) {
    if (ps.score[s] > ps.score[best_prev]) {
      best_prev = s;
    }
  }
  for (let s: i32 = 0; s < NSTATES; s++) {
    ps.bp_prev[s] = ps.bp_cur[s];
  }
  for (let s: i32 = 0; s < NSTATES; s++) {
    const reach: i32 = 1 + (s + T8_MIN) / 8;
    let bs: f32 = ps.score[best_prev] - PITCH_JUMP;
    let bi: i32 = best_prev;
    const lo: i32 = max_i32(0, s - reach);
    const hi: i32 = min_i32(NSTATES - 1, s + reach);
    const inv: f32 = PITCH_INV_TAB[s];
    // u from lo to hi as one loop would go, split at s so that |u - s| needs no test; |u - s| is
    // counted in f32 (small integers: exact, the value f32(|u - s|), without a conversion per u)
    let du: f32 = f32(s - lo);
    for (let u: i32 = lo; u < s; u++) {
      const c: f32 = ps.score[u] - PITCH_SLOPE * du * inv;
      if (c > bs) {
        bs = c;
        bi = u;
      }
      du = du - 1;
    }
    du = 0;
    for (let u: i32 = s; u <= hi; u++) {
      const c: f32 = ps.score[u] - PITCH_SLOPE * du * inv;
      if (c > bs) {
        bs = c;
        bi = u;
      }
      du = du + 1;
    }
    ps.next[s] = bs + ps.obs[s];
    ps.bp_cur[s] = i16(bi);
  }
  let best: i32 = 0;
  for (let s: i32 = 1; s < NSTATES; s++) {
    if (ps.next[s] > ps.next[best]) {
      best = s;
    }
  }
  const top: f32 = ps.next[best];
  for (let s: i32 = 0; s < NSTATES; s++) {
    // normalized scores stay in [-(a few), 0]: no growth, no denormals
    let v: f32 = ps.next[s] - top;
    if (v < -100) {
      v = -100;
    }
    ps.score[s] = v;
  }
  // decide two frames back
  const s1: i32 = i32(ps.bp_cur[best]);
  const s2: i32 = i32(ps.bp_prev[s1]);
  ps.coarse = s2 + T8_MIN;
}

/** Where sample j (0 <= j < len) of a ring of len samples starting at x[base] is. */
function ring_at(base: i32, len: i32, j: i32): i32 {
  const p: i32 = base + j;
  if (p >= len) {
    return p - len;
  }
  return p;
}

/**
 * The best lag in [lo, hi] by normalized correlation of h(a .. a+n-1) with h(a-lag ..); writes the
 * correlation to ps.corr. h is a ring of len samples at x[base] (as comb_apply's; x repeats its
 * first n + LAG_CHUNK - 1 samples after the len); a plain array is base 0 with len its length.
 */
function best_lag(ps: PitchState, x: Float32Array, base: i32, len: i32, a: i32, n: i32, lo: i32, hi: i32): i32 {
  const xa: i32 = ring_at(base, len, a);
  let sx: f32 = 0;
  let bl: i32 = lo;
  ps.corr = -2;
  for (let l0: i32 = lo; l0 <= hi; l0 += LAG_CHUNK) {
    const m: i32 = min_i32(LAG_CHUNK, hi - l0 + 1);
    // the m lagged windows span h(a - l0 - m + 1 .. a - l0 + n - 1): contiguous from there
    const ya: i32 = ring_at(base, len, a - l0 - m + 1) + m - 1;
    // the correlations, the lagged energies and the window's energy (dot_f32 of it with itself;
    // taken from the first chunk) in one pass
    xcorr_energies_f32(x, xa, ya, n, m, ps.lxy, ps.lyy, ps.lxx);
    if (l0 === lo) {
      sx = sqrt_f32(ps.lxx[0]);
    }
    bl = best_of_chunk(ps, sx, l0, m, bl);
  }
  return bl;
}

/**
 * best_lag of an int16 history (the enhancer's), sample s read as s / 32768, for at most
 * LAG_CHUNK lags (one chunk; the 48 kHz refinement has 5): the same bits as converting first.
 */
function best_lag_s16(ps: PitchState, x: Int16Array, base: i32, len: i32, a: i32, n: i32, lo: i32, hi: i32): i32 {
  const xa: i32 = ring_at(base, len, a);
  const m: i32 = min_i32(LAG_CHUNK, hi - lo + 1);
  const ya: i32 = ring_at(base, len, a - lo - m + 1) + m - 1;
  // the window's energy (its lag-0 energy, dot_f32 of it with itself), the m correlations and the
  // m lagged energies, in one pass over the history
  xcorr_energies_s16(x, xa, ya, n, m, ps.lxy, ps.lyy, ps.lxx);
  const sx: f32 = sqrt_f32(ps.lxx[0]);
  ps.corr = -2;
  return best_of_chunk(ps, sx, lo, m, lo);
}

/**
 * The lags l0 .. l0 + m - 1 of a chunk (correlations in ps.lxy, lagged energies in ps.lyy, the
 * window's norm sx) against the best so far (lag bl, correlation ps.corr): returns the best lag,
 * its correlation in ps.corr; the first of equal ones wins.
 */
function best_of_chunk(ps: PitchState, sx: f32, l0: i32, m: i32, bl: i32): i32 {
  let best: i32 = bl;
  for (let j: i32 = 0; j < m; j++) {
    const den: f32 = sx * sqrt_f32(ps.lyy[j]);
    let c: f32 = 0;
    if (den > 1e-15) {
      c = clamp_f32(ps.lxy[j] / den, -1, 1);
    }
    if (c > ps.corr) {
      ps.corr = c;
      best = l0 + j;
    }
  }
  return best;
}

/**
 * The period at 24 kHz of the synthesized frame: ps.coarse refined at 12 kHz (+-2 lags), checked
 * for doubling (T/2, T/3, T/4), and refined at 24 kHz (+-1).
 */
function refine_decimated(ps: PitchState): i32 {
  // the same window at 12 kHz (240 samples, from H4 - 480) and 24 kHz (480, from H2 - 960)
  const c4: i32 = 2 * ps.coarse;
  let t4: i32 = best_lag(ps, ps.x4, 0, H4, H4 - 480, 240, max_i32(20, c4 - 2), min_i32(200, c4 + 2));
  // doubling check: a sub-multiple that correlates almost as well is the true period
  const ct: f32 = ps.corr;
  if (ct > 0.3) {
    for (let k: i32 = 4; k >= 2; k--) {
      const sub: i32 = (t4 + k / 2) / k;
      if (sub - 1 >= 20) {
        const ts: i32 = best_lag(ps, ps.x4, 0, H4, H4 - 480, 240, sub - 1, sub + 1);
        if (ps.corr >= PITCH_DOUBLING * ct) {
          t4 = ts;
          break;
        }
      }
    }
  }
  const c2: i32 = 2 * t4;
  return best_lag(ps, ps.xw, 0, H2, H2 - 960, 480, max_i32(40, c2 - 1), min_i32(400, c2 + 1));
}

/**
 * Refines ps.coarse for the synthesized frame, whose 960-sample window starts at h(xb) (48 kHz,
 * with at least PITCH_MAX + 2 samples of history before it), h a ring of len samples at x[base]
 * (best_lag). Sets ps.period and ps.corr.
 */
export function pitch_refine(ps: PitchState, x: Float32Array, base: i32, len: i32, xb: i32): void {
  const t2: i32 = refine_decimated(ps);
  const c1: i32 = 2 * t2;
  ps.period = best_lag(ps, x, base, len, xb, WINDOW_SIZE, max_i32(PITCH_MIN, c1 - 2), min_i32(PITCH_MAX, c1 + 2));
}

/** pitch_refine of an int16 history (the enhancer's), sample s read as s / 32768: the same bits as converting first. */
export function pitch_refine_s16(ps: PitchState, x: Int16Array, base: i32, len: i32, xb: i32): void {
  const t2: i32 = refine_decimated(ps);
  const c1: i32 = 2 * t2;
  ps.period = best_lag_s16(ps, x, base, len, xb, WINDOW_SIZE, max_i32(PITCH_MIN, c1 - 2), min_i32(PITCH_MAX, c1 + 2));
}

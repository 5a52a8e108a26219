// The comb (pitch) filter: p(n) = sum_{k=-Kf..Kp} w_k x(n - kT), negative k being future periods.
//
// Weights: the Hann shape of the K = 5 filter, w_k ~ 1 + cos(pi k / 6), normalized to sum 1, over
// the taps that exist. Past taps are always there (Kp = 5). Future taps need look-ahead: the
// synthesized window ends 960 samples before the newest input sample (30 ms total delay), so
// Kf = min(5, floor(960 / T)). For f0 >= 250 Hz the filter is the symmetric 11-tap filter of the
// paper (eps = -9.0 dB); for lower f0 it loses future taps (f0 = 100 Hz: 2 future taps,
// eps = -8.1 dB; f0 = 60 Hz: 1, eps = -7.6 dB). docs/signal-path.md explains the choice.
// eps = sum w_k^2 is computed per frame from the weights actually used.
import { f32, i32, min_i32, taps_f32, taps_s16 } from "../prelude.ts";
import { cospi_f32 } from "./math.ts";
import { LOOKAHEAD } from "../config.ts";
import { COMB_HANN } from "./tables.ts";

export const COMB_K: i32 = 5;

export class CombState {
  /** w[k + 5] is the weight of x(n - kT), k = -5..5. */
  w: Float32Array = new Float32Array(11);
  kf: i32 = 5;
  kp: i32 = 5;
  /** sum w_k^2: the noise attenuation between harmonics. */
  eps: f32 = 0.125;
  period: i32 = 0;
  /** The taps in use, in summation order (k = 0 first, then k = -5..5): offsets -kT and weights. */
  off: Int32Array = new Int32Array(11);
  tw: Float32Array = new Float32Array(11);
  /** comb_apply's scratch: each tap's start in the ring. */
  pos: Int32Array = new Int32Array(11);
  nt: i32 = 0;
}

/** h[k + 5] = the Hann shape 0.5 + 0.5 cos(pi k / 6), k = -5..5. Run at build time (COMB_HANN of tables.ts). */
export function comb_hann(h: Float32Array): void {
  for (let k: i32 = -5; k <= 5; k++) {
    h[k + 5] = 0.5 + 0.5 * cospi_f32(f32(k) / 6);
  }
}

export function comb_init(cs: CombState): void {
  comb_setup(cs, 240);
}

/** Chooses the taps and weights for period t (in samples) and computes eps. */
export function comb_setup(cs: CombState, t: i32): void {
  cs.period = t;
  cs.kp = COMB_K;
  cs.kf = min_i32(COMB_K, LOOKAHEAD / t);
  let sum: f32 = 0;
  for (let k: i32 = -5; k <= 5; k++) {
    if (k >= -cs.kf) {
      sum = sum + COMB_HANN[k + 5];
    }
  }
  const inv: f32 = 1 / sum;
  let e: f32 = 0;
  for (let k: i32 = -5; k <= 5; k++) {
    let w: f32 = 0;
    if (k >= -cs.kf) {
      w = COMB_HANN[k + 5] * inv;
    }
    cs.w[k + 5] = w;
    e = e + w * w;
  }
  cs.eps = e;
  // the order comb_apply sums in: the centre tap, then the others from k = -5 up
  cs.off[0] = 0;
  cs.tw[0] = cs.w[5];
  let nt: i32 = 1;
  for (let k: i32 = -5; k <= 5; k++) {
    if (k !== 0 && k >= -cs.kf) {
      cs.off[nt] = -k * t;
      cs.tw[nt] = cs.w[k + 5];
      nt = nt + 1;
    }
  }
  cs.nt = nt;
}

/**
 * out[oo + i] = sum_k w_k h(xs + i - k T) for i = 0..n-1, where h is a ring of len samples: h(j)
 * (j = 0..len-1) is x[base + j], less len past the end, and x repeats its first n samples after
 * the len (so that every tap's n samples are contiguous). A plain array is base 0 with len its
 * length. The caller guarantees the history: xs - 5T >= 0 and xs + n - 1 + Kf T < len.
 */
export function comb_apply(cs: CombState, x: Float32Array, base: i32, len: i32, xs: i32, out: Float32Array, oo: i32, n: i32): void {
  comb_positions(cs, base, len, xs);
  // one pass over the output with every tap (taps_f32), not one scale-and-add pass per tap
  taps_f32(x, 0, cs.pos, cs.tw, cs.nt, out, oo, n);
}

/** comb_apply of an int16 history (the enhancer's), sample s read as s / 32768: the same bits as converting first. */
export function comb_apply_s16(cs: CombState, x: Int16Array, base: i32, len: i32, xs: i32, out: Float32Array, oo: i32, n: i32): void {
  comb_positions(cs, base, len, xs);
  taps_s16(x, 0, cs.pos, cs.tw, cs.nt, out, oo, n);
}

/** cs.pos[t]: where tap t's first sample h(xs + off[t]) is in x (comb_apply's ring). */
function comb_positions(cs: CombState, base: i32, len: i32, xs: i32): void {
  for (let t: i32 = 0; t < cs.nt; t++) {
    let p: i32 = base + xs + cs.off[t];
    if (p >= len) {
      p = p - len;
    }
    cs.pos[t] = p;
  }
}

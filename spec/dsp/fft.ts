// The 960-point real FFT and its inverse, in the subset.
//
// Route (docs/signal-path.md, "FFT"): a real transform of N = 960 is one complex transform of
// N/2 = 480 points on z[n] = x[2n] + i x[2n+1], followed by the standard split step. The complex
// 480-point transform is a Stockham autosort FFT (no bit reversal) with mixed radices
// 4 * 4 * 2 * 3 * 5 = 480 and specialized radix-2, 3, 4 and 5 butterflies. All twiddles come from one table of
// the 960th roots of unity, computed at init with the spec's own cospi/sinpi.
//
// Conventions: forward X[k] = sum_n x[n] e^{-2 pi i k n / 960}, unnormalized, k = 0..480, real and
// imaginary parts in separate arrays. The inverse includes the 1/960, so inverse(forward(x)) = x
// up to rounding.
import { f32, i32, bool } from "../prelude.ts";
import { cospi_f32, sinpi_f32 } from "./math.ts";

export const FFT_N: i32 = 960;
export const FFT_HALF: i32 = 480;
export const FFT_BINS: i32 = 481;

/** The radices of the 480-point complex stage, in the order they are applied. */
const FFT_RADICES: Int32Array = new Int32Array([4, 4, 2, 3, 5]);

export class FftState {
  /** cos(2 pi k / 960), k = 0..959 */
  twr: Float32Array = new Float32Array(960);
  /** -sin(2 pi k / 960), k = 0..959: twr + i twi = e^{-2 pi i k / 960} */
  twi: Float32Array = new Float32Array(960);
  /** complex work arrays of the 480-point transform (ping-pong) */
  ar: Float32Array = new Float32Array(480);
  ai: Float32Array = new Float32Array(480);
  br: Float32Array = new Float32Array(480);
  bi: Float32Array = new Float32Array(480);
}

export function fft_init(st: FftState): void {
  for (let k: i32 = 0; k < 960; k++) {
    const x: f32 = f32(k) / 480;
    st.twr[k] = cospi_f32(x);
    st.twi[k] = -sinpi_f32(x);
  }
}

// One Stockham stage of radix r on a sequence of current length n with stride s, reading
// (inr, ini) and writing (outr, outi): for p < n/r and q < s, the r inputs x[q + s(p + j n/r)]
// go through the r-point DFT, and output k (to y[q + s(r p + k)]) takes the twiddle
// e^{-2 pi i k p / n} = W960^(2 k p s). sg = 1 forward, -1 inverse (every sine term negated).
// One function per radix, with the butterfly in locals, so that C keeps it in registers; the
// twiddles of a p are loaded once for its s butterflies, and p = 0 (no twiddle) stores plainly.

/** out[o] = (vr + i vi) * (wr + i wi). */
function cmul_store(outr: Float32Array, outi: Float32Array, o: i32, vr: f32, vi: f32, wr: f32, wi: f32): void {
  outr[o] = vr * wr - vi * wi;
  outi[o] = vr * wi + vi * wr;
}

function fft_stage2(st: FftState, inr: Float32Array, ini: Float32Array, outr: Float32Array, outi: Float32Array, n: i32, s: i32, sg: f32): void {
  const m: i32 = n / 2;
  const d: i32 = s * m;
  for (let p: i32 = 0; p < m; p++) {
    const t1: i32 = 2 * p * s;
    const w1r: f32 = st.twr[t1];
    const w1i: f32 = sg * st.twi[t1];
    const ib: i32 = s * p;
    const ob: i32 = 2 * s * p;
    for (let q: i32 = 0; q < s; q++) {
      const i0: i32 = ib + q;
      const i1: i32 = i0 + d;
      const o: i32 = ob + q;
      outr[o] = inr[i0] + inr[i1];
      outi[o] = ini[i0] + ini[i1];
      const vr: f32 = inr[i0] - inr[i1];
      const vi: f32 = ini[i0] - ini[i1];
      if (p === 0) {
        outr[o + s] = vr;
        outi[o + s] = vi;
      } else {
        cmul_store(outr, outi, o + s, vr, vi, w1r, w1i);
      }
    }
  }
}

function fft_stage3(st: FftState, inr: Float32Array, ini: Float32Array, outr: Float32Array, outi: Float32Array, n: i32, s: i32, sg: f32): void {
  const m: i32 = n / 3;
  const d: i32 = s * m;
  const h: f32 = sg * 0.8660254037844386;
  for (let p: i32 = 0; p < m; p++) {
    const t1: i32 = 2 * p * s;
    const w1r: f32 = st.twr[t1];
    const w1i: f32 = sg * st.twi[t1];
    const w2r: f32 = st.twr[2 * t1];
    const w2i: f32 = sg * st.twi[2 * t1];
    const ib: i32 = s * p;
    const ob: i32 = 3 * s * p;
    for (let q: i32 = 0; q < s; q++) {
      const i0: i32 = ib + q;
      const i1: i32 = i0 + d;
      const i2: i32 = i1 + d;
      const sr: f32 = inr[i1] + inr[i2];
      const si: f32 = ini[i1] + ini[i2];
      const dr: f32 = h * (inr[i1] - inr[i2]);
      const di: f32 = h * (ini[i1] - ini[i2]);
      const mr: f32 = inr[i0] - 0.5 * sr;
      const mi: f32 = ini[i0] - 0.5 * si;
      const o: i32 = ob + q;
      outr[o] = inr[i0] + sr;
      outi[o] = ini[i0] + si;
      // y1 = m - i sg (sqrt3/2) d, y2 = m + i sg (sqrt3/2) d
      if (p === 0) {
        outr[o + s] = mr + di;
        outi[o + s] = mi - dr;
        outr[o + 2 * s] = mr - di;
        outi[o + 2 * s] = mi + dr;
      } else {
        cmul_store(outr, outi, o + s, mr + di, mi - dr, w1r, w1i);
        cmul_store(outr, outi, o + 2 * s, mr - di, mi + dr, w2r, w2i);
      }
    }
  }
}

function fft_stage4(st: FftState, inr: Float32Array, ini: Float32Array, outr: Float32Array, outi: Float32Array, n: i32, s: i32, sg: f32): void {
  const m: i32 = n / 4;
  const d: i32 = s * m;
  for (let p: i32 = 0; p < m; p++) {
    const t1: i32 = 2 * p * s;
    const w1r: f32 = st.twr[t1];
    const w1i: f32 = sg * st.twi[t1];
    const w2r: f32 = st.twr[2 * t1];
    const w2i: f32 = sg * st.twi[2 * t1];
    const w3r: f32 = st.twr[3 * t1];
    const w3i: f32 = sg * st.twi[3 * t1];
    const ib: i32 = s * p;
    const ob: i32 = 4 * s * p;
    for (let q: i32 = 0; q < s; q++) {
      const i0: i32 = ib + q;
      const i1: i32 = i0 + d;
      const i2: i32 = i1 + d;
      const i3: i32 = i2 + d;
      const t0r: f32 = inr[i0] + inr[i2];
      const t0i: f32 = ini[i0] + ini[i2];
      const t1r: f32 = inr[i0] - inr[i2];
      const t1i: f32 = ini[i0] - ini[i2];
      const t2r: f32 = inr[i1] + inr[i3];
      const t2i: f32 = ini[i1] + ini[i3];
      const t3r: f32 = sg * (inr[i1] - inr[i3]);
      const t3i: f32 = sg * (ini[i1] - ini[i3]);
      const o: i32 = ob + q;
      outr[o] = t0r + t2r;
      outi[o] = t0i + t2i;
      // y1 = t1 - i sg t3, y2 = t0 - t2, y3 = t1 + i sg t3
      if (p === 0) {
        outr[o + s] = t1r + t3i;
        outi[o + s] = t1i - t3r;
        outr[o + 2 * s] = t0r - t2r;
        outi[o + 2 * s] = t0i - t2i;
        outr[o + 3 * s] = t1r - t3i;
        outi[o + 3 * s] = t1i + t3r;
      } else {
        cmul_store(outr, outi, o + s, t1r + t3i, t1i - t3r, w1r, w1i);
        cmul_store(outr, outi, o + 2 * s, t0r - t2r, t0i - t2i, w2r, w2i);
        cmul_store(outr, outi, o + 3 * s, t1r - t3i, t1i + t3r, w3r, w3i);
      }
    }
  }
}

function fft_stage5(st: FftState, inr: Float32Array, ini: Float32Array, outr: Float32Array, outi: Float32Array, n: i32, s: i32, sg: f32): void {
  const m: i32 = n / 5;
  const d: i32 = s * m;
  // cos(2 pi/5), cos(4 pi/5), sin(2 pi/5), sin(4 pi/5)
  const c1: f32 = 0.30901699437494745;
  const c2: f32 = -0.8090169943749475;
  const s1: f32 = 0.9510565162951535;
  const s2: f32 = 0.5877852522924731;
  for (let p: i32 = 0; p < m; p++) {
    const t1: i32 = 2 * p * s;
    const w1r: f32 = st.twr[t1];
    const w1i: f32 = sg * st.twi[t1];
    const w2r: f32 = st.twr[2 * t1];
    const w2i: f32 = sg * st.twi[2 * t1];
    const w3r: f32 = st.twr[3 * t1];
    const w3i: f32 = sg * st.twi[3 * t1];
    const w4r: f32 = st.twr[4 * t1];
    const w4i: f32 = sg * st.twi[4 * t1];
    const ib: i32 = s * p;
    const ob: i32 = 5 * s * p;
    for (let q: i32 = 0; q < s; q++) {
      const i0: i32 = ib + q;
      const i1: i32 = i0 + d;
      const i2: i32 = i1 + d;
      const i3: i32 = i2 + d;
      const i4: i32 = i3 + d;
      const a0r: f32 = inr[i0];
      const a0i: f32 = ini[i0];
      const s14r: f32 = inr[i1] + inr[i4];
      const s14i: f32 = ini[i1] + ini[i4];
      const d14r: f32 = inr[i1] - inr[i4];
      const d14i: f32 = ini[i1] - ini[i4];
      const s23r: f32 = inr[i2] + inr[i3];
      const s23i: f32 = ini[i2] + ini[i3];
      const d23r: f32 = inr[i2] - inr[i3];
      const d23i: f32 = ini[i2] - ini[i3];
      const m1r: f32 = a0r + c1 * s14r + c2 * s23r;
      const m1i: f32 = a0i + c1 * s14i + c2 * s23i;
      const m2r: f32 = a0r + c2 * s14r + c1 * s23r;
      const m2i: f32 = a0i + c2 * s14i + c1 * s23i;
      const n1r: f32 = sg * (s1 * d14r + s2 * d23r);
      const n1i: f32 = sg * (s1 * d14i + s2 * d23i);
      const n2r: f32 = sg * (s2 * d14r - s1 * d23r);
      const n2i: f32 = sg * (s2 * d14i - s1 * d23i);
      const o: i32 = ob + q;
      outr[o] = a0r + s14r + s23r;
      outi[o] = a0i + s14i + s23i;
      // y1 = m1 - i sg n1, y2 = m2 - i sg n2, y3 = m2 + i sg n2, y4 = m1 + i sg n1
      if (p === 0) {
        outr[o + s] = m1r + n1i;
        outi[o + s] = m1i - n1r;
        outr[o + 2 * s] = m2r + n2i;
        outi[o + 2 * s] = m2i - n2r;
        outr[o + 3 * s] = m2r - n2i;
        outi[o + 3 * s] = m2i + n2r;
        outr[o + 4 * s] = m1r - n1i;
        outi[o + 4 * s] = m1i + n1r;
      } else {
        cmul_store(outr, outi, o + s, m1r + n1i, m1i - n1r, w1r, w1i);
        cmul_store(outr, outi, o + 2 * s, m2r + n2i, m2i - n2r, w2r, w2i);
        cmul_store(outr, outi, o + 3 * s, m2r - n2i, m2i + n2r, w3r, w3i);
        cmul_store(outr, outi, o + 4 * s, m1r - n1i, m1i + n1r, w4r, w4i);
      }
    }
  }
}

/** One stage of radix r (2, 3, 4 or 5). */
function fft_stage(
  st: FftState, inr: Float32Array, ini: Float32Array, outr: Float32Array, outi: Float32Array,
  r: i32, n: i32, s: i32, sg: f32,
): void {
  if (r === 4) {
    fft_stage4(st, inr, ini, outr, outi, n, s, sg);
  } else if (r === 2) {
    fft_stage2(st, inr, ini, outr, outi, n, s, sg);
  } else if (r === 3) {
    fft_stage3(st, inr, ini, outr, outi, n, s, sg);
  } else {
    fft_stage5(st, inr, ini, outr, outi, n, s, sg);
  }
}

/** In-place 480-point complex FFT of (st.ar, st.ai); forward when inv is false. */
export function cfft480(st: FftState, inv: bool): void {
  let sg: f32 = 1;
  if (inv) {
    sg = -1;
  }
  let n: i32 = 480;
  let s: i32 = 1;
  let in_a: bool = true;
  for (let f: i32 = 0; f < 5; f++) {
    const r: i32 = FFT_RADICES[f];
    if (in_a) {
      fft_stage(st, st.ar, st.ai, st.br, st.bi, r, n, s, sg);
    } else {
      fft_stage(st, st.br, st.bi, st.ar, st.ai, r, n, s, sg);
    }
    in_a = !in_a;
    n = n / r;
    s = s * r;
  }
  if (!in_a) {
    for (let k: i32 = 0; k < 480; k++) {
      st.ar[k] = st.br[k];
      st.ai[k] = st.bi[k];
    }
  }
}

/** Forward real FFT of x[xo .. xo+959] into (outr, outi)[0..480]. */
export function rfft960(st: FftState, x: Float32Array, xo: i32, outr: Float32Array, outi: Float32Array): void {
  for (let k: i32 = 0; k < 480; k++) {
    st.ar[k] = x[xo + 2 * k];
    st.ai[k] = x[xo + 2 * k + 1];
  }
  cfft480(st, false);
  // X[k] = E[k] + W^k O[k], E = (Z[k] + conj Z[480-k]) / 2, O = -i (Z[k] - conj Z[480-k]) / 2
  for (let k: i32 = 0; k <= 480; k++) {
    let k1: i32 = k;
    if (k1 === 480) {
      k1 = 0;
    }
    let k2: i32 = 480 - k;
    if (k2 === 480) {
      k2 = 0;
    }
    const zr: f32 = st.ar[k1];
    const zi: f32 = st.ai[k1];
    const cr: f32 = st.ar[k2];
    const ci: f32 = -st.ai[k2];
    const er: f32 = 0.5 * (zr + cr);
    const ei: f32 = 0.5 * (zi + ci);
    const or: f32 = 0.5 * (zi - ci);
    const oi: f32 = -0.5 * (zr - cr);
    const wr: f32 = st.twr[k];
    const wi: f32 = st.twi[k];
    outr[k] = er + (or * wr - oi * wi);
    outi[k] = ei + (or * wi + oi * wr);
  }
  outi[0] = 0;
  outi[480] = 0;
}

/** Inverse real FFT of (inr, ini)[0..480] into y[yo .. yo+959], including the 1/960. */
export function irfft960(st: FftState, inr: Float32Array, ini: Float32Array, y: Float32Array, yo: i32): void {
  // E = X[k] + conj X[480-k], O = (X[k] - conj X[480-k]) W^-k, Z = E + i O
  for (let k: i32 = 0; k < 480; k++) {
    const xr: f32 = inr[k];
    const xi: f32 = ini[k];
    const cr: f32 = inr[480 - k];
    const ci: f32 = -ini[480 - k];
    const er: f32 = xr + cr;
    const ei: f32 = xi + ci;
    const dr: f32 = xr - cr;
    const di: f32 = xi - ci;
    const wr: f32 = st.twr[k];
    const wi: f32 = -st.twi[k];
    const or: f32 = dr * wr - di * wi;
    const oi: f32 = dr * wi + di * wr;
    st.ar[k] = er - oi;
    st.ai[k] = ei + or;
  }
  cfft480(st, true);
  const sc: f32 = 0.0010416666666666667; // 1/960
  for (let k: i32 = 0; k < 480; k++) {
    y[yo + 2 * k] = st.ar[k] * sc;
    y[yo + 2 * k + 1] = st.ai[k] * sc;
  }
}

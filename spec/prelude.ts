// The subset prelude: numeric types, explicit conversions and intrinsics.
//
// This file is trusted, not checked against the subset: it is the exact reference of every
// builtin. The exact-JS backend runs these bodies; the C backend maps each one to the C named in
// its `@c` tag (`call NAME` calls a function of firmware/runtime, `cast TYPE` is a plain C cast).
// `@writes N` names the array parameters (by index) that a builtin writes, so the C backend can
// make every other array parameter `const`.

/* ---------------------------------------------------------------- types */
// Every numeric type is a JS number at run time; the exact-JS backend keeps each value inside its
// type's range after every operation. The aliases let the checker tell the types apart.
export type f32 = number;
export type i32 = number;
export type u32 = number;
export type i16 = number;
export type u16 = number;
export type i8 = number;
export type u8 = number;
export type bool = boolean;

/* ----------------------------------------------------------- constants */
/** @c const PN_NAN */
export const F32_NAN: f32 = NaN;
/** @c const PN_INF */
export const F32_INF: f32 = Infinity;
/** @c const FLT_MAX */
export const F32_MAX: f32 = 3.4028234663852886e38;
/** @c const INT32_MAX */
export const I32_MAX: i32 = 2147483647;
/** @c const INT32_MIN */
export const I32_MIN: i32 = -2147483648;

/* --------------------------------------------------------- conversions */
// Conversions between integer types wrap (keep the low bits, two's complement), as C's casts do
// on every target we support. From f32 to an integer there is no wrapping cast: use trunc_i32,
// round_i32 or floor_i32, which saturate.

/** Integer to f32, rounded to nearest, ties to even. @c cast float */
export function f32(x: number): f32 {
  return Math.fround(x);
}
/** Integer to i32, wrapping. @c cast int32_t */
export function i32(x: number): i32 {
  return x | 0;
}
/** Integer to u32, wrapping. @c cast uint32_t */
export function u32(x: number): u32 {
  return x >>> 0;
}
/** Integer to i16, wrapping. @c cast int16_t */
export function i16(x: number): i16 {
  return (x << 16) >> 16;
}
/** Integer to u16, wrapping. @c cast uint16_t */
export function u16(x: number): u16 {
  return x & 0xffff;
}
/** Integer to i8, wrapping. @c cast int8_t */
export function i8(x: number): i8 {
  return (x << 24) >> 24;
}
/** Integer to u8, wrapping. @c cast uint8_t */
export function u8(x: number): u8 {
  return x & 0xff;
}

/** i32 to i16, saturating. @c call pn_sat_i16 */
export function sat_i16(x: i32): i16 {
  return x > 32767 ? 32767 : x < -32768 ? -32768 : x;
}
/** i32 to i8, saturating. @c call pn_sat_i8 */
export function sat_i8(x: i32): i8 {
  return x > 127 ? 127 : x < -128 ? -128 : x;
}
/** i32 to u8, saturating. @c call pn_sat_u8 */
export function sat_u8(x: i32): u8 {
  return x > 255 ? 255 : x < 0 ? 0 : x;
}

/** f32 to i32 toward zero, saturating; NaN gives 0. @c call pn_trunc_i32 */
export function trunc_i32(x: f32): i32 {
  if (x !== x) return 0;
  if (x >= 2147483648) return 2147483647;
  if (x <= -2147483648) return -2147483648;
  return Math.trunc(x) | 0;
}
/** f32 to the nearest i32, ties away from zero, saturating; NaN gives 0. @c call pn_round_i32 */
export function round_i32(x: f32): i32 {
  const t = trunc_i32(x);
  if (x !== x || x >= 2147483648 || x <= -2147483648) return t;
  const frac = Math.fround(x - t); // exact: x and t share their leading bits
  if (frac >= 0.5) return t + 1;
  if (frac <= -0.5) return t - 1;
  return t;
}
/** f32 to the largest i32 not above it, saturating; NaN gives 0. @c call pn_floor_i32 */
export function floor_i32(x: f32): i32 {
  const t = trunc_i32(x);
  if (x !== x || x >= 2147483648 || x <= -2147483648) return t;
  return x < t ? t - 1 : t;
}

/** An int16 sample (as i32) as f32: s / 32768, exact (s · 2^-15). @c call pn_q15_f32 */
export function q15_f32(s: i32): f32 {
  return Math.fround(s * 0.000030517578125);
}
/** The IEEE-754 bits of an f32, as i32. NaN gives the canonical 0x7fc00000. @c call pn_bits_f32 */
export function bits_f32(x: f32): i32 {
  if (x !== x) return 0x7fc00000;
  bitsF32[0] = x;
  return bitsI32[0];
}
/** The f32 with these IEEE-754 bits. @c call pn_f32_from_bits */
export function f32_from_bits(b: i32): f32 {
  bitsI32[0] = b;
  return bitsF32[0];
}
const bitsF32 = new Float32Array(1);
const bitsI32 = new Int32Array(bitsF32.buffer);

/* ------------------------------------------------ exact scalar operations */
// Correctly rounded in IEEE-754, so JS and every C target agree. No libm: C gets the FPU's
// instruction through the compiler builtin.

/** Square root, correctly rounded. @c call pn_sqrt_f32 */
export function sqrt_f32(x: f32): f32 {
  return Math.fround(Math.sqrt(x));
}
/** Absolute value (clears the sign bit). @c call pn_abs_f32 */
export function abs_f32(x: f32): f32 {
  return Math.abs(x);
}
/** The smaller of a and b; if either is NaN, b. @c call pn_min_f32 */
export function min_f32(a: f32, b: f32): f32 {
  return a < b ? a : b;
}
/** The larger of a and b; if either is NaN, b. @c call pn_max_f32 */
export function max_f32(a: f32, b: f32): f32 {
  return a > b ? a : b;
}
/** The smaller of a and b. @c call pn_min_i32 */
export function min_i32(a: i32, b: i32): i32 {
  return a < b ? a : b;
}
/** The larger of a and b. @c call pn_max_i32 */
export function max_i32(a: i32, b: i32): i32 {
  return a > b ? a : b;
}
/** |a|, wrapping: abs_i32(I32_MIN) is I32_MIN. @c call pn_abs_i32 */
export function abs_i32(a: i32): i32 {
  return a < 0 ? -a | 0 : a;
}
/** a clamped to [lo, hi]. @c call pn_clamp_i32 */
export function clamp_i32(a: i32, lo: i32, hi: i32): i32 {
  return a < lo ? lo : a > hi ? hi : a;
}
/** a clamped to [lo, hi]; NaN stays NaN. @c call pn_clamp_f32 */
export function clamp_f32(a: f32, lo: f32, hi: f32): f32 {
  return a < lo ? lo : a > hi ? hi : a;
}

/* ------------------------------------------ integer division (generated) */
// The backends lower `/` and `%` on integers to these, so that x/0 and I32_MIN/-1 are defined.

/** a / b toward zero; x/0 gives 0, I32_MIN/-1 gives I32_MIN. @c call pn_div_i32 */
export function div_i32(a: i32, b: i32): i32 {
  if (b === 0) return 0;
  return (a / b) | 0;
}
/** a % b with the sign of a; x%0 gives 0, I32_MIN%-1 gives 0. @c call pn_rem_i32 */
export function rem_i32(a: i32, b: i32): i32 {
  if (b === 0 || b === -1) return 0;
  return a % b | 0;
}
/** a / b; x/0 gives 0. @c call pn_div_u32 */
export function div_u32(a: u32, b: u32): u32 {
  if (b === 0) return 0;
  return Math.floor(a / b) >>> 0;
}
/** a % b; x%0 gives 0. @c call pn_rem_u32 */
export function rem_u32(a: u32, b: u32): u32 {
  if (b === 0) return 0;
  return a % b >>> 0;
}

/* ------------------------------------------------- vector intrinsics (f32) */
// Each one fixes its summation order: left to right from 0, one rounding per operation. The C
// mapping is a portable kernel with the same order; a board may map it to a CMSIS-DSP function
// only where that function's order is the same (see docs/subset.md).

/** Σ a[ao+k]·b[bo+k] for k = 0..n-1, summed left to right. @c call pn_dot_f32 */
export function dot_f32(a: Float32Array, ao: i32, b: Float32Array, bo: i32, n: i32): f32 {
  let s = 0;
  for (let k = 0; k < n; k++) s = Math.fround(s + Math.fround(a[ao + k] * b[bo + k]));
  return s;
}
/** dst[do+k] = a[ao+k]·b[bo+k]. @c call pn_mul_f32 @writes 4 */
export function mul_f32(a: Float32Array, ao: i32, b: Float32Array, bo: i32, dst: Float32Array, dso: i32, n: i32): void {
  for (let k = 0; k < n; k++) dst[dso + k] = a[ao + k] * b[bo + k];
}
/** dst[do+k] = a[ao+k] + b[bo+k]. @c call pn_add_f32 @writes 4 */
export function add_f32(a: Float32Array, ao: i32, b: Float32Array, bo: i32, dst: Float32Array, dso: i32, n: i32): void {
  for (let k = 0; k < n; k++) dst[dso + k] = a[ao + k] + b[bo + k];
}
/** dst[do+k] = a[ao+k]·s. @c call pn_scale_f32 @writes 3 */
export function scale_f32(a: Float32Array, ao: i32, s: f32, dst: Float32Array, dso: i32, n: i32): void {
  for (let k = 0; k < n; k++) dst[dso + k] = a[ao + k] * s;
}

/**
 * Cross-correlation at `lags` consecutive lags: out[oo+l] = dot_f32(x, xo, y, yo − l, n) for
 * l = 0..lags−1, each lag summed exactly as dot_f32 (left to right from 0). One pass over x serves
 * every lag, which is why the pitch search calls this instead of one dot_f32 per lag.
 * @c call pn_xcorr_f32 @writes 6
 */
export function xcorr_f32(x: Float32Array, xo: i32, y: Float32Array, yo: i32, n: i32, lags: i32, out: Float32Array, oo: i32): void {
  for (let l = 0; l < lags; l++) out[oo + l] = dot_f32(x, xo, y, yo - l, n);
}
/**
 * Energies of `lags` windows sliding back one sample each: out[oo+l] = dot_f32(y, yo − l, y, yo − l, n)
 * for l = 0..lags−1, each summed exactly as dot_f32.
 * @c call pn_energy_lags_f32 @writes 4
 */
export function energy_lags_f32(y: Float32Array, yo: i32, n: i32, lags: i32, out: Float32Array, oo: i32): void {
  for (let l = 0; l < lags; l++) out[oo + l] = dot_f32(y, yo - l, y, yo - l, n);
}
/**
 * FIR with arbitrary tap offsets: out[oo+i] = w[0]·x[xo+off[0]+i] + w[1]·x[xo+off[1]+i] + …, for
 * i = 0..n−1, summed in tap order starting from the first product (no leading 0; 0 taps give 0).
 * @c call pn_taps_f32 @writes 5
 */
export function taps_f32(x: Float32Array, xo: i32, off: Int32Array, w: Float32Array, taps: i32, out: Float32Array, oo: i32, n: i32): void {
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < taps; j++) {
      const p = Math.fround(w[j] * x[xo + off[j] + i]);
      s = j === 0 ? p : Math.fround(s + p);
    }
    out[oo + i] = s;
  }
}

/* ------------------------------------- vector intrinsics (int16 samples) */
// The same sums over int16 samples (the product's PCM history), each sample read as s / 32768,
// i.e. f32(s) · 2^-15: exact in f32, so every sum has the bits of its f32 twin over the samples
// converted first. The kernels convert as they load; no f32 copy of the samples is kept.

/**
 * xcorr_f32 of int16 samples: out[oo+l] = Σ_k (x[xo+k]/32768)·(y[yo−l+k]/32768) for l = 0..lags−1,
 * each lag summed left to right from 0.
 * @c call pn_xcorr_s16 @writes 6
 */
export function xcorr_s16(x: Int16Array, xo: i32, y: Int16Array, yo: i32, n: i32, lags: i32, out: Float32Array, oo: i32): void {
  for (let l = 0; l < lags; l++) {
    let s = 0;
    for (let k = 0; k < n; k++) s = Math.fround(s + Math.fround(q15_f32(x[xo + k]) * q15_f32(y[yo - l + k])));
    out[oo + l] = s;
  }
}
/**
 * energy_lags_f32 of int16 samples: out[oo+l] = Σ_k (y[yo−l+k]/32768)² for l = 0..lags−1, each
 * summed left to right from 0.
 * @c call pn_energy_lags_s16 @writes 4
 */
export function energy_lags_s16(y: Int16Array, yo: i32, n: i32, lags: i32, out: Float32Array, oo: i32): void {
  for (let l = 0; l < lags; l++) {
    let s = 0;
    for (let k = 0; k < n; k++) {
      const v = q15_f32(y[yo - l + k]);
      s = Math.fround(s + Math.fround(v * v));
    }
    out[oo + l] = s;
  }
}
/**
 * The f32 pitch search's three sums in one pass over x: xx[0] = dot_f32(x, xo, x, xo, n) (the
 * window's energy), xy[l] = xcorr_f32(x, xo, x, yo, n, lags) and yy[l] = energy_lags_f32(x, yo, n,
 * lags), l = 0..lags−1: the bits of the three calls, each sum left to right from 0; the kernel
 * reads every sample once.
 * @c call pn_xcorr_energies_f32 @writes 5 @writes 6 @writes 7
 */
export function xcorr_energies_f32(x: Float32Array, xo: i32, yo: i32, n: i32, lags: i32, xy: Float32Array, yy: Float32Array, xx: Float32Array): void {
  energy_lags_f32(x, xo, n, 1, xx, 0);
  xcorr_f32(x, xo, x, yo, n, lags, xy, 0);
  energy_lags_f32(x, yo, n, lags, yy, 0);
}
/**
 * The int16 pitch refinement's three sums in one pass over the history x: xx[0] = energy_lags_s16 of
 * x[xo ..] at one lag (the window's energy), xy[l] = xcorr_s16(x, xo, x, yo, n, lags) and
 * yy[l] = energy_lags_s16(x, yo, n, lags), l = 0..lags−1: the bits of the three calls, each sum
 * left to right from 0; the kernel reads every sample once.
 * @c call pn_xcorr_energies_s16 @writes 5 @writes 6 @writes 7
 */
export function xcorr_energies_s16(x: Int16Array, xo: i32, yo: i32, n: i32, lags: i32, xy: Float32Array, yy: Float32Array, xx: Float32Array): void {
  energy_lags_s16(x, xo, n, 1, xx, 0);
  xcorr_s16(x, xo, x, yo, n, lags, xy, 0);
  energy_lags_s16(x, yo, n, lags, yy, 0);
}
/**
 * taps_f32 of int16 samples: out[oo+i] = w[0]·(x[xo+off[0]+i]/32768) + w[1]·(x[xo+off[1]+i]/32768) + …,
 * summed in tap order from the first product (0 taps give 0).
 * @c call pn_taps_s16 @writes 5
 */
export function taps_s16(x: Int16Array, xo: i32, off: Int32Array, w: Float32Array, taps: i32, out: Float32Array, oo: i32, n: i32): void {
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < taps; j++) {
      const p = Math.fround(w[j] * q15_f32(x[xo + off[j] + i]));
      s = j === 0 ? p : Math.fround(s + p);
    }
    out[oo + i] = s;
  }
}

/**
 * One Stockham FFT stage of radix r (2, 3, 4 or 5; any other r writes nothing) on a sequence of
 * current length n with stride s, reading (inr, ini) and writing (outr, outi), which must not
 * overlap them. With m = n / r (toward zero) and sg = 1 forward, −1 inverse: for p < m and q < s
 * the r inputs x[j] = in[q + s·(p + j·m)], j < r, go through the r-point DFT below, and output k
 * goes to out[q + s·(r·p + k)] times the twiddle (twr[k·t] + i·sg·twi[k·t]), t = 2·p·s — except
 * at p = 0, whose outputs are stored as they are (no multiply by 1 + 0i, which would not keep
 * Inf, NaN or −0). A complex product is (vr·wr − vi·wi, vr·wi + vi·wr). Every operation is one
 * f32 rounding in the order written; spec/dsp/fft.ts (cfft480) is the caller and
 * docs/signal-path.md ("FFT") the description.
 * @c call pn_fft_stage_f32 @writes 4 @writes 5
 */
export function fft_stage_f32(
  twr: Float32Array, twi: Float32Array, inr: Float32Array, ini: Float32Array, outr: Float32Array, outi: Float32Array,
  r: i32, n: i32, s: i32, sg: f32,
): void {
  const fr = Math.fround;
  if (r < 2 || r > 5) return;
  const m = (n / r) | 0;
  const d = Math.imul(s, m);
  const xr = [0, 0, 0, 0, 0];
  const xi = [0, 0, 0, 0, 0];
  const vr = [0, 0, 0, 0, 0];
  const vi = [0, 0, 0, 0, 0];
  const wr = [1, 0, 0, 0, 0];
  const wi = [0, 0, 0, 0, 0];
  const h = fr(sg * fr(0.8660254037844386)); // sg·sin(2π/3)
  const c1 = fr(0.30901699437494745); // cos(2π/5)
  const c2 = fr(-0.8090169943749475); // cos(4π/5)
  const s1 = fr(0.9510565162951535); // sin(2π/5)
  const s2 = fr(0.5877852522924731); // sin(4π/5)
  for (let p = 0; p < m; p++) {
    const t = Math.imul(Math.imul(2, p), s);
    for (let k = 1; k < r; k++) {
      wr[k] = twr[Math.imul(k, t)];
      wi[k] = fr(sg * twi[Math.imul(k, t)]);
    }
    for (let q = 0; q < s; q++) {
      const i0 = (Math.imul(s, p) + q) | 0;
      const o = (Math.imul(Math.imul(r, s), p) + q) | 0;
      for (let j = 0; j < r; j++) {
        xr[j] = inr[(i0 + Math.imul(j, d)) | 0];
        xi[j] = ini[(i0 + Math.imul(j, d)) | 0];
      }
      if (r === 2) {
        vr[0] = fr(xr[0] + xr[1]);
        vi[0] = fr(xi[0] + xi[1]);
        vr[1] = fr(xr[0] - xr[1]);
        vi[1] = fr(xi[0] - xi[1]);
      } else if (r === 3) {
        const sr = fr(xr[1] + xr[2]);
        const si = fr(xi[1] + xi[2]);
        const dr = fr(h * fr(xr[1] - xr[2]));
        const di = fr(h * fr(xi[1] - xi[2]));
        const mr = fr(xr[0] - fr(0.5 * sr));
        const mi = fr(xi[0] - fr(0.5 * si));
        vr[0] = fr(xr[0] + sr);
        vi[0] = fr(xi[0] + si);
        vr[1] = fr(mr + di);
        vi[1] = fr(mi - dr);
        vr[2] = fr(mr - di);
        vi[2] = fr(mi + dr);
      } else if (r === 4) {
        const t0r = fr(xr[0] + xr[2]);
        const t0i = fr(xi[0] + xi[2]);
        const t1r = fr(xr[0] - xr[2]);
        const t1i = fr(xi[0] - xi[2]);
        const t2r = fr(xr[1] + xr[3]);
        const t2i = fr(xi[1] + xi[3]);
        const t3r = fr(sg * fr(xr[1] - xr[3]));
        const t3i = fr(sg * fr(xi[1] - xi[3]));
        vr[0] = fr(t0r + t2r);
        vi[0] = fr(t0i + t2i);
        vr[1] = fr(t1r + t3i);
        vi[1] = fr(t1i - t3r);
        vr[2] = fr(t0r - t2r);
        vi[2] = fr(t0i - t2i);
        vr[3] = fr(t1r - t3i);
        vi[3] = fr(t1i + t3r);
      } else {
        const a0r = xr[0];
        const a0i = xi[0];
        const s14r = fr(xr[1] + xr[4]);
        const s14i = fr(xi[1] + xi[4]);
        const d14r = fr(xr[1] - xr[4]);
        const d14i = fr(xi[1] - xi[4]);
        const s23r = fr(xr[2] + xr[3]);
        const s23i = fr(xi[2] + xi[3]);
        const d23r = fr(xr[2] - xr[3]);
        const d23i = fr(xi[2] - xi[3]);
        const m1r = fr(fr(a0r + fr(c1 * s14r)) + fr(c2 * s23r));
        const m1i = fr(fr(a0i + fr(c1 * s14i)) + fr(c2 * s23i));
        const m2r = fr(fr(a0r + fr(c2 * s14r)) + fr(c1 * s23r));
        const m2i = fr(fr(a0i + fr(c2 * s14i)) + fr(c1 * s23i));
        const n1r = fr(sg * fr(fr(s1 * d14r) + fr(s2 * d23r)));
        const n1i = fr(sg * fr(fr(s1 * d14i) + fr(s2 * d23i)));
        const n2r = fr(sg * fr(fr(s2 * d14r) - fr(s1 * d23r)));
        const n2i = fr(sg * fr(fr(s2 * d14i) - fr(s1 * d23i)));
        vr[0] = fr(fr(a0r + s14r) + s23r);
        vi[0] = fr(fr(a0i + s14i) + s23i);
        vr[1] = fr(m1r + n1i);
        vi[1] = fr(m1i - n1r);
        vr[2] = fr(m2r + n2i);
        vi[2] = fr(m2i - n2r);
        vr[3] = fr(m2r - n2i);
        vi[3] = fr(m2i + n2r);
        vr[4] = fr(m1r - n1i);
        vi[4] = fr(m1i + n1r);
      }
      outr[o] = vr[0];
      outi[o] = vi[0];
      for (let k = 1; k < r; k++) {
        const ok = (o + Math.imul(k, s)) | 0;
        if (p === 0) {
          outr[ok] = vr[k];
          outi[ok] = vi[k];
        } else {
          outr[ok] = fr(fr(vr[k] * wr[k]) - fr(vi[k] * wi[k]));
          outi[ok] = fr(fr(vr[k] * wi[k]) + fr(vi[k] * wr[k]));
        }
      }
    }
  }
}

/**
 * Two Stockham stages in one pass: fft_stage_f32 of radix 2 on (n, s), then fft_stage_f32 of
 * radix 3 on (n/2, 2s), with exactly the bits of the two calls through a scratch buffer; n must
 * be a positive multiple of 6 (else nothing is written). The kernel keeps the six values between
 * the stages in registers instead of storing and reloading them.
 * @c call pn_fft_stage23_f32 @writes 4 @writes 5
 */
export function fft_stage23_f32(
  twr: Float32Array, twi: Float32Array, inr: Float32Array, ini: Float32Array, outr: Float32Array, outi: Float32Array,
  n: i32, s: i32, sg: f32,
): void {
  if (n <= 0 || s <= 0 || n % 6 !== 0) return;
  const tr = new Float32Array(Math.imul(n, s));
  const ti = new Float32Array(Math.imul(n, s));
  fft_stage_f32(twr, twi, inr, ini, tr, ti, 2, n, s, sg);
  fft_stage_f32(twr, twi, tr, ti, outr, outi, 3, (n / 2) | 0, Math.imul(2, s), sg);
}

/* ------------------------------------------------ int8 network intrinsics */
// CMSIS-NN semantics, which are TFLM's: per-channel requantization with a Q31 multiplier and a
// shift, rounding as arm_nn_requantize (doubling high multiply, rounding right shift).

/** (val · 2^max(shift,0) · mult / 2^31) / 2^max(-shift,0), rounded as arm_nn_requantize. @c call pn_requantize */
export function requantize(val: i32, mult: i32, shift: i32): i32 {
  const left = shift > 0 ? shift : 0;
  const right = shift > 0 ? 0 : -shift;
  const x = Math.imul(val, 1 << left);
  // Doubling high multiply: (x·mult + 2^30) >> 31 in 64-bit arithmetic.
  const hi = Number((BigInt(x) * BigInt(mult) + (1n << 30n)) >> 31n) | 0;
  // Rounding divide by 2^right, ties away from zero.
  const mask = (1 << right) - 1;
  const rem = hi & mask;
  let res = hi >> right;
  let threshold = mask >> 1;
  if (res < 0) threshold++;
  if (rem > threshold) res++;
  return res | 0;
}

/**
 * Fully connected int8 layer, one output per row:
 * out[r] = clamp(requantize(bias[r] + Σ_c (x[xo+c] + xZero)·w[r·cols+c], mult[r], shift[r]) + outZero, actMin, actMax).
 * @c call pn_fc_s8 @writes 8
 */
export function fc_s8(
  x: Int8Array, xo: i32, w: Int8Array, bias: Int32Array, mult: Int32Array, shift: Int32Array,
  rows: i32, cols: i32, out: Int8Array, oo: i32, xZero: i32, outZero: i32, actMin: i32, actMax: i32,
): void {
  for (let r = 0; r < rows; r++) {
    let acc = bias[r];
    for (let c = 0; c < cols; c++) acc = (acc + Math.imul(x[xo + c] + xZero, w[r * cols + c])) | 0;
    let v = (requantize(acc, mult[r], shift[r]) + outZero) | 0;
    v = v < actMin ? actMin : v > actMax ? actMax : v;
    out[oo + r] = v;
  }
}

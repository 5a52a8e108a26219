// The 34 triangular ERB-spaced bands (docs/bands.md).
//
// BAND_EDGES holds the 35 edges of the facts sheet's rule (RNNoise 0.2, in 50 Hz bins). Band b
// (b = 0..33) is a triangle centred on bin c_b = BAND_EDGES[b + 1], rising from c_{b-1} and falling
// to c_{b+1}. The weights of neighbouring bands sum to one in every bin (50% overlap). Below the
// first centre (bins 0..1) band 0 has weight 1; from the last centre (bin 400 = 20 kHz) up to
// Nyquist (bin 480) band 33 has weight 1, so bins above 400 take the last band's gain.
import { f32, i32, dot_f32, mul_f32, add_f32, sqrt_f32, clamp_f32 } from "../prelude.ts";
import { NB_BANDS, NB_BINS } from "../config.ts";
import { BAND_FRAC, BAND_WLO } from "./tables.ts";

export const NB_EDGES: i32 = NB_BANDS + 1;
/** The last band: it keeps weight 1 from its centre up to Nyquist. */
const LAST_BAND: i32 = NB_BANDS - 1;

/** Band edges in 50 Hz bins (docs/bands.md). */
export const BAND_EDGES: Int16Array = new Int16Array([
  0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 21, 24, 28, 32, 36, 41, 47, 53, 60, 68, 77, 87, 98, 110, 124,
  140, 157, 176, 198, 223, 251, 282, 317, 356, 400,
]);

// The weights are the const tables BAND_FRAC (per bin: the weight of the upper of its two bands; a
// bin k in segment j, centre j <= k < centre j+1, has weight 1 - frac[k] in band j and frac[k] in
// band j+1; bins below the first centre and from the last centre on have frac = 0) and
// BAND_WLO = 1 - BAND_FRAC, written by band_weights at build time (scripts/dsp-tables.ts). The band
// functions keep no state.

/** The centre bin of band b. */
export function band_centre(b: i32): i32 {
  return i32(BAND_EDGES[b + 1]);
}

/**
 * The triangular weights per bin (frac: the upper band's, wlo = 1 - frac: the lower band's). Run at
 * build time (scripts/dsp-tables.ts writes BAND_FRAC/BAND_WLO of tables.ts).
 */
export function band_weights(frac: Float32Array, wlo: Float32Array): void {
  for (let k: i32 = 0; k < NB_BINS; k++) {
    frac[k] = 0;
    wlo[k] = 1;
  }
  for (let j: i32 = 0; j < LAST_BAND; j++) {
    const lo: i32 = band_centre(j);
    const hi: i32 = band_centre(j + 1);
    const inv: f32 = 1 / f32(hi - lo);
    for (let k: i32 = lo; k < hi; k++) {
      const t: f32 = f32(k - lo) * inv;
      frac[k] = t;
      wlo[k] = 1 - t;
    }
  }
}

/** The first bin (inclusive) where band b has its lower-band (falling) weight. */
function down_start(b: i32): i32 {
  if (b === 0) {
    return 0;
  }
  return band_centre(b);
}

/** One past the last bin where band b has its lower-band (falling) weight. */
function down_end(b: i32): i32 {
  if (b === LAST_BAND) {
    return NB_BINS;
  }
  return band_centre(b + 1);
}

/** out[b] = sum_k w_b(k) v[k]: band sums of a per-bin quantity with the triangular weights. */
export function band_sum(v: Float32Array, out: Float32Array): void {
  for (let b: i32 = 0; b < NB_BANDS; b++) {
    const d0: i32 = down_start(b);
    let s: f32 = dot_f32(v, d0, BAND_WLO, d0, down_end(b) - d0);
    if (b > 0) {
      const u0: i32 = band_centre(b - 1);
      s = s + dot_f32(v, u0, BAND_FRAC, u0, band_centre(b) - u0);
    }
    out[b] = s;
  }
}

/**
 * out[b] = band energy of the spectrum (re, im)[ro ..]: sum_k w_b(k) |X(k)|^2, in one pass over the bins:
 * segment j (the bins whose lower band is j) gives band j its falling half and band j + 1 its
 * rising half, each summed left to right from 0 in registers. Every per-bin value and every sum
 * has the bits of band_sum over the per-bin powers (lower half, then upper half, then their sum).
 */
export function band_energy(re: Float32Array, im: Float32Array, ro: i32, out: Float32Array): void {
  let prev_hi: f32 = 0;
  for (let j: i32 = 0; j < NB_BANDS; j++) {
    const k0: i32 = down_start(j);
    const k1: i32 = down_end(j);
    // bins below the first centre belong to band 0 only
    let ku: i32 = k0;
    if (j === 0) {
      ku = band_centre(0);
    }
    let lo: f32 = 0;
    for (let k: i32 = k0; k < ku; k++) {
      const xr: f32 = re[ro + k];
      const xi: f32 = im[ro + k];
      lo = lo + (xr * xr + xi * xi) * BAND_WLO[k];
    }
    let hi: f32 = 0;
    if (j < LAST_BAND) {
      for (let k: i32 = ku; k < k1; k++) {
        const xr: f32 = re[ro + k];
        const xi: f32 = im[ro + k];
        const v: f32 = xr * xr + xi * xi;
        lo = lo + v * BAND_WLO[k];
        hi = hi + v * BAND_FRAC[k];
      }
    } else {
      for (let k: i32 = ku; k < k1; k++) {
        const xr: f32 = re[ro + k];
        const xi: f32 = im[ro + k];
        lo = lo + (xr * xr + xi * xi) * BAND_WLO[k];
      }
    }
    if (j === 0) {
      out[j] = lo;
    } else {
      out[j] = lo + prev_hi;
    }
    prev_hi = hi;
  }
}

/**
 * Both band sums of the comb's analysis in one pass over the bins (each spectrum loaded once):
 * ep[b], the band energy of P, and cross[b] = sum_k w_b(k) Re(X(k) conj(P(k))), the band
 * cross-energy of X and P. Each has the bits of band_energy's order (band_sum over per-bin values).
 */
export function band_energy_cross(
  xr: Float32Array, xi: Float32Array, pr: Float32Array, pi: Float32Array, ep: Float32Array, cross: Float32Array,
): void {
  let prev_he: f32 = 0;
  let prev_hc: f32 = 0;
  for (let j: i32 = 0; j < NB_BANDS; j++) {
    const k0: i32 = down_start(j);
    const k1: i32 = down_end(j);
    let ku: i32 = k0;
    if (j === 0) {
      ku = band_centre(0);
    }
    let le: f32 = 0;
    let lc: f32 = 0;
    for (let k: i32 = k0; k < ku; k++) {
      const ar: f32 = pr[k];
      const ai: f32 = pi[k];
      const w: f32 = BAND_WLO[k];
      le = le + (ar * ar + ai * ai) * w;
      lc = lc + (xr[k] * ar + xi[k] * ai) * w;
    }
    let he: f32 = 0;
    let hc: f32 = 0;
    if (j < LAST_BAND) {
      for (let k: i32 = ku; k < k1; k++) {
        const ar: f32 = pr[k];
        const ai: f32 = pi[k];
        const e: f32 = ar * ar + ai * ai;
        const c: f32 = xr[k] * ar + xi[k] * ai;
        const wl: f32 = BAND_WLO[k];
        const wh: f32 = BAND_FRAC[k];
        le = le + e * wl;
        he = he + e * wh;
        lc = lc + c * wl;
        hc = hc + c * wh;
      }
    } else {
      for (let k: i32 = ku; k < k1; k++) {
        const ar: f32 = pr[k];
        const ai: f32 = pi[k];
        const w: f32 = BAND_WLO[k];
        le = le + (ar * ar + ai * ai) * w;
        lc = lc + (xr[k] * ar + xi[k] * ai) * w;
      }
    }
    if (j === 0) {
      ep[j] = le;
      cross[j] = lc;
    } else {
      ep[j] = le + prev_he;
      cross[j] = lc + prev_hc;
    }
    prev_he = he;
    prev_hc = hc;
  }
}

/**
 * Interpolates 34 band values to the 481 bins with the same triangular weights:
 * out[oo + k] = v_j + frac[k] (v_{j+1} - v_j). When two neighbouring bands hold the same value the bins
 * between them get exactly that value (so unity gains stay exactly unity).
 */
export function interp_bands(v: Float32Array, out: Float32Array, oo: i32): void {
  // segment by segment (the bins between two centres), so the two band values and their
  // difference are loaded once per segment instead of once per bin; same values as per bin
  for (let j: i32 = 0; j < LAST_BAND; j++) {
    const vj: f32 = v[j];
    const dv: f32 = v[j + 1] - v[j];
    for (let k: i32 = down_start(j); k < band_centre(j + 1); k++) {
      out[oo + k] = vj + BAND_FRAC[k] * dv;
    }
  }
  for (let k: i32 = band_centre(LAST_BAND); k < NB_BINS; k++) {
    out[oo + k] = v[LAST_BAND];
  }
}

/**
 * The spectral change D = g Z - Y in place in (zr, zi), g_k the band gains g interpolated to bin k
 * exactly as interp_bands does (the same value, computed where it is used instead of stored and
 * reloaded): zr[k] = g_k zr[k] - yr[k], zi[k] = g_k zi[k] - yi[k].
 */
export function apply_band_gains(g: Float32Array, yr: Float32Array, yi: Float32Array, zr: Float32Array, zi: Float32Array): void {
  for (let j: i32 = 0; j < LAST_BAND; j++) {
    const gj: f32 = g[j];
    const dg: f32 = g[j + 1] - g[j];
    for (let k: i32 = down_start(j); k < band_centre(j + 1); k++) {
      const gk: f32 = gj + BAND_FRAC[k] * dg;
      zr[k] = gk * zr[k] - yr[k];
      zi[k] = gk * zi[k] - yi[k];
    }
  }
  const gl: f32 = g[LAST_BAND];
  for (let k: i32 = band_centre(LAST_BAND); k < NB_BINS; k++) {
    zr[k] = gl * zr[k] - yr[k];
    zi[k] = gl * zi[k] - yi[k];
  }
}

/**
 * The comb mix in place in (zr, zi), and its band energies: with s_k and r_k the band values s and
 * r interpolated to bin k exactly as interp_bands does, zr[k] = (1 - r_k) yr[k] + (r_k s_k) zr[k],
 * zi the same; then e[b] = band_energy of the new (zr, zi), in the same pass (segment j of the
 * interpolation is segment j of band_energy: the same per-bin powers, sums and order, without
 * loading the mix back).
 */
export function mix_bands(s: Float32Array, r: Float32Array, yr: Float32Array, yi: Float32Array, zr: Float32Array, zi: Float32Array, e: Float32Array): void {
  let prev_hi: f32 = 0;
  for (let j: i32 = 0; j < LAST_BAND; j++) {
    const sj: f32 = s[j];
    const ds: f32 = s[j + 1] - s[j];
    const rj: f32 = r[j];
    const dr: f32 = r[j + 1] - r[j];
    const k0: i32 = down_start(j);
    const k1: i32 = band_centre(j + 1);
    // bins below the first centre belong to band 0 only (as band_energy)
    let ku: i32 = k0;
    if (j === 0) {
      ku = band_centre(0);
    }
    let lo: f32 = 0;
    for (let k: i32 = k0; k < ku; k++) {
      const sk: f32 = sj + BAND_FRAC[k] * ds;
      const rk: f32 = rj + BAND_FRAC[k] * dr;
      const rp: f32 = rk * sk;
      const ry: f32 = 1 - rk;
      const xr: f32 = ry * yr[k] + rp * zr[k];
      const xi: f32 = ry * yi[k] + rp * zi[k];
      zr[k] = xr;
      zi[k] = xi;
      lo = lo + (xr * xr + xi * xi) * BAND_WLO[k];
    }
    let hi: f32 = 0;
    for (let k: i32 = ku; k < k1; k++) {
      const sk: f32 = sj + BAND_FRAC[k] * ds;
      const rk: f32 = rj + BAND_FRAC[k] * dr;
      const rp: f32 = rk * sk;
      const ry: f32 = 1 - rk;
      const xr: f32 = ry * yr[k] + rp * zr[k];
      const xi: f32 = ry * yi[k] + rp * zi[k];
      zr[k] = xr;
      zi[k] = xi;
      const v: f32 = xr * xr + xi * xi;
      lo = lo + v * BAND_WLO[k];
      hi = hi + v * BAND_FRAC[k];
    }
    if (j === 0) {
      e[j] = lo;
    } else {
      e[j] = lo + prev_hi;
    }
    prev_hi = hi;
  }
  const sl: f32 = s[LAST_BAND];
  const rl: f32 = r[LAST_BAND];
  let lo: f32 = 0;
  for (let k: i32 = band_centre(LAST_BAND); k < NB_BINS; k++) {
    const rp: f32 = rl * sl;
    const ry: f32 = 1 - rl;
    const xr: f32 = ry * yr[k] + rp * zr[k];
    const xi: f32 = ry * yi[k] + rp * zi[k];
    zr[k] = xr;
    zi[k] = xi;
    lo = lo + (xr * xr + xi * xi) * BAND_WLO[k];
  }
  e[LAST_BAND] = lo + prev_hi;
}

/**
 * Per-band coherence q_b = cross_b / sqrt(e1_b e2_b), clamped to [0, 1]; 0 where either energy is
 * below floor (silence has no pitch).
 */
export function band_coherence(cross: Float32Array, e1: Float32Array, e2: Float32Array, floor: f32, out: Float32Array): void {
  for (let b: i32 = 0; b < NB_BANDS; b++) {
    let q: f32 = 0;
    if (e1[b] > floor && e2[b] > floor) {
      q = cross[b] / (sqrt_f32(e1[b]) * sqrt_f32(e2[b]));
    }
    out[b] = clamp_f32(q, 0, 1);
  }
}

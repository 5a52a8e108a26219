// The band table in spec/dsp/bands.ts matches docs/bands.md and the facts sheet's rule, and the
// triangular weights behave as documented (partition of unity, flat ends, exact interpolation).
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import { dsp } from "./exact.ts";

function docEdges(): number[] {
  const md = fs.readFileSync("docs/bands.md", "utf8");
  const m = /<!-- band-edges -->\s*`([^`]*)`\s*<!-- \/band-edges -->/.exec(md);
  assert.ok(m, "docs/bands.md has no band-edges block");
  return m[1].trim().split(/\s+/).map(Number);
}

function docRows(): number[][] {
  const md = fs.readFileSync("docs/bands.md", "utf8");
  return md
    .split("\n")
    .filter((l) => /^\| \d+ \|/.test(l))
    .map((l) => l.split("|").slice(1, -1).map((c) => parseInt(c.trim(), 10)));
}

/** The facts sheet's rule (RNNoise 0.2), walking down from bin 400. */
function ruleEdges(): number[] {
  const b = [400];
  while (b.length < 35) {
    const p = b[b.length - 1];
    b.push(p - Math.max(2, Math.round((24.7 * ((4.37 * p) / 20 + 1)) / 50)));
  }
  return b.reverse();
}

describe("band table", function () {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let B: any;
  before(async function () {
    B = await dsp("bands");
  });

  it("BAND_EDGES equals the edges listed in docs/bands.md", function () {
    assert.deepEqual(Array.from(B.BAND_EDGES), docEdges());
  });

  it("the edges follow the facts sheet's rule: 35 edges from 0 to 400, each step >= 2 bins", function () {
    const e = Array.from(B.BAND_EDGES as Int16Array);
    assert.deepEqual(e, ruleEdges());
    assert.equal(e.length, 35);
    assert.equal(e[0], 0);
    assert.equal(e[34], 400);
    for (let i = 1; i < e.length; i++) assert.ok(e[i] - e[i - 1] >= 2, `edge ${i}`);
  });

  it("the table of docs/bands.md lists 34 bands whose centres are edges 1..34", function () {
    const rows = docRows();
    const e = Array.from(B.BAND_EDGES as Int16Array);
    assert.equal(rows.length, 34);
    for (const [b, lo, c, hi, loHz, cHz, hiHz] of rows) {
      assert.equal(c, e[b + 1], `band ${b} centre`);
      assert.equal(lo, e[b], `band ${b} lower end`);
      assert.equal(hi, b < 33 ? e[b + 2] : 480, `band ${b} upper end`);
      assert.equal(cHz, 50 * c);
      assert.equal(loHz, 50 * lo);
      assert.equal(hiHz, 50 * hi);
    }
  });

  it("weights are a partition of unity with flat ends: band sums of a flat power spectrum", function () {
    const ones = new Float32Array(481).fill(1);
    const out = new Float32Array(34);
    B.band_sum(ones, out);
    const e = Array.from(B.BAND_EDGES as Int16Array);
    let total = 0;
    for (let b = 0; b < 34; b++) {
      total += out[b];
      // bins c_{b-1}..c_{b+1}: a rising half sums to (L-1)/2, a falling half to (L+1)/2 over L bins
      const up = b === 0 ? e[1] : (e[b + 1] - e[b] - 1) / 2; // band 0: flat over bins 0..1
      const down = b === 33 ? 481 - e[34] : (e[b + 2] - e[b + 1] + 1) / 2; // band 33: flat from 400
      const expect = up + down;
      assert.ok(Math.abs(out[b] - expect) < 1e-4, `band ${b}: ${out[b]} vs ${expect}`);
    }
    assert.ok(Math.abs(total - 481) < 1e-3, `total ${total}`);
  });

  it("a single bin's energy goes to its two neighbouring bands in proportion to the distance", function () {
    const re = new Float32Array(481);
    const im = new Float32Array(481);
    const out = new Float32Array(34);
    re[26] = 2; // between centres 24 (band 10) and 28 (band 11): frac 0.5
    B.band_energy(re, im, 0, out);
    assert.equal(out[10], 2);
    assert.equal(out[11], 2);
    re[26] = 0;
    im[450] = 3; // above 20 kHz: band 33 alone
    B.band_energy(re, im, 0, out);
    assert.equal(out[33], 9);
    assert.equal(out.reduce((a: number, v: number) => a + v, 0), 9);
  });

  it("band_energy and band_energy_cross (one pass) have the bits of per-bin products then band_sum, on random spectra with zeros, denormals and Inf", function () {
    let seed = 12345;
    const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const pick = (): number => {
      const u = rnd();
      if (u < 0.05) return u < 0.025 ? 0 : -0;
      if (u < 0.08) return 1e-41 * (rnd() - 0.5);
      if (u < 0.085) return rnd() < 0.5 ? Infinity : -Infinity;
      return (rnd() - 0.5) * 10 ** Math.floor(rnd() * 12 - 6);
    };
    const f = Math.fround;
    for (let trial = 0; trial < 50; trial++) {
      const a = Float32Array.from({ length: 481 }, pick);
      const b = Float32Array.from({ length: 481 }, pick);
      const c = Float32Array.from({ length: 481 }, pick);
      const d = Float32Array.from({ length: 481 }, pick);
      const pw = new Float32Array(481);
      const want = new Float32Array(34);
      const got = new Float32Array(34);
      for (let k = 0; k < 481; k++) pw[k] = f(f(a[k] * a[k]) + f(c[k] * c[k]));
      B.band_sum(pw, want);
      B.band_energy(a, c, 0, got);
      assert.deepEqual(new Uint32Array(got.buffer), new Uint32Array(want.buffer), `band_energy, trial ${trial}`);
      for (let k = 0; k < 481; k++) pw[k] = f(f(a[k] * b[k]) + f(c[k] * d[k]));
      B.band_sum(pw, want);
      const gotE = new Float32Array(34);
      B.band_energy_cross(a, c, b, d, gotE, got);
      assert.deepEqual(new Uint32Array(got.buffer), new Uint32Array(want.buffer), `band_energy_cross's cross, trial ${trial}`);
      for (let k = 0; k < 481; k++) pw[k] = f(f(b[k] * b[k]) + f(d[k] * d[k]));
      B.band_sum(pw, want);
      assert.deepEqual(new Uint32Array(gotE.buffer), new Uint32Array(want.buffer), `band_energy_cross's energy, trial ${trial}`);
    }
  });

  it("interpolation to bins: exact for equal neighbours, linear between centres, flat ends", function () {
    const v = new Float32Array(34).fill(1);
    const g = new Float32Array(481);
    B.interp_bands(v, g, 0);
    assert.ok(g.every((x) => x === 1), "unity band gains give exactly unity bin gains");
    for (let b = 0; b < 34; b++) v[b] = b;
    B.interp_bands(v, g, 0);
    const e = Array.from(B.BAND_EDGES as Int16Array);
    for (let b = 0; b < 34; b++) assert.equal(g[e[b + 1]], b, `centre of band ${b}`);
    assert.equal(g[0], 0);
    assert.equal(g[1], 0);
    assert.equal(g[480], 33);
    assert.ok(Math.abs(g[26] - 10.5) < 1e-6);
  });
});

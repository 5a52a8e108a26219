// The oracle: the strength formula reaches the clean coherence under the facts sheet's model and
// never produces NaN; oracle denoising of a synthetic voiced-plus-noise mixture improves the SNR,
// and the comb filter adds to what the band gains alone achieve.
import * as assert from "node:assert/strict";
import { dsp, noise } from "./exact.ts";

const FS = 48000;
const DELAY = 1440;

/** Voiced "speech": a 140 +- 20 Hz vibrato harmonic signal gated by a 2.5 Hz syllable envelope. */
function voiced(n: number): Float32Array {
  const x = new Float32Array(n);
  let ph = 0;
  for (let i = 0; i < n; i++) {
    const f0 = 140 + 20 * Math.sin((2 * Math.PI * 0.7 * i) / FS);
    ph += (2 * Math.PI * f0) / FS;
    const env = Math.sqrt(Math.max(0, Math.sin((2 * Math.PI * 2.5 * i) / FS)));
    let v = 0;
    for (let h = 1; h * 140 < 6000; h++) v += Math.sin(h * ph + h) / h;
    x[i] = 0.2 * env * v;
  }
  return x;
}

function mix(clean: Float32Array, snr: number, seed: number): Float32Array {
  const z = noise(clean.length, seed);
  let ec = 0;
  let ez = 0;
  for (let i = 0; i < clean.length; i++) {
    ec += clean[i] ** 2;
    ez += z[i] ** 2;
  }
  const g = Math.sqrt(ec / ez / 10 ** (snr / 10));
  return Float32Array.from(clean, (v, i) => v + g * z[i]);
}

/** SNR (dB) of y against the clean signal delayed by 1440, skipping the first 150 ms. */
function snrDb(clean: Float32Array, y: Float32Array, delay: number): number {
  let s = 0;
  let e = 0;
  for (let i = delay + 7200; i < y.length; i++) {
    s += clean[i - delay] ** 2;
    e += (y[i] - clean[i - delay]) ** 2;
  }
  return 10 * Math.log10(s / e);
}

async function oracle(noisy: Float32Array, clean: Float32Array, comb: boolean, pf: boolean): Promise<{ y: Float32Array; maxG: number }> {
  const D = await dsp("denoiser");
  const st = new D.DenoiserState();
  D.denoiser_init(st);
  D.denoiser_set_options(st, comb, pf);
  const os = new D.OracleState();
  D.oracle_init(os);
  const y = new Float32Array(noisy.length);
  const out = new Float32Array(480);
  let maxG = 0;
  for (let f = 0; f < noisy.length / 480; f++) {
    D.denoiser_process_frame_oracle(st, os, noisy.subarray(f * 480, f * 480 + 480), clean.subarray(f * 480, f * 480 + 480), out);
    y.set(out, f * 480);
    for (let b = 0; b < 34; b++) {
      assert.ok(os.g[b] >= 0 && os.g[b] <= 1, `frame ${f}: g[${b}] = ${os.g[b]}`);
      assert.ok(os.r[b] >= 0 && os.r[b] <= 1, `frame ${f}: r[${b}] = ${os.r[b]}`);
      maxG = Math.max(maxG, os.g[b]);
    }
  }
  return { y, maxG };
}

describe("oracle", function () {
  it("strengths: r = 0 when the noisy coherence is already the clean one, r = 1 with g_att when unreachable", async function () {
    const O = await dsp("oracle");
    const qx = new Float32Array(34);
    const qy = new Float32Array(34);
    const g = new Float32Array(34).fill(1);
    const r = new Float32Array(34);
    qx[0] = 0.5; qy[0] = 0.6; // noisy more coherent: nothing to do
    qx[1] = 0.99; qy[1] = 0.2; // q_hat = 0.2/sqrt(0.875*0.04+0.125) = 0.5 < 0.99
    qx[2] = 0; qy[2] = 0;
    qx[3] = 1; qy[3] = 1;
    O.oracle_strengths(qx, qy, 0.125, g, r);
    assert.equal(r[0], 0);
    assert.equal(g[0], 1);
    assert.equal(r[1], 1);
    const qh = 0.2 / Math.sqrt(0.875 * 0.04 + 0.125);
    const att = Math.sqrt((1.03 - 0.99 ** 2) / (1.03 - qh * qh));
    assert.ok(Math.abs(g[1] - att) < 1e-5, `g_att ${g[1]} vs ${att}`);
    assert.equal(r[2], 0);
    assert.equal(r[3], 0);
  });

  it("strengths: the mix (1-r) Y + r P reaches the clean coherence under the facts sheet's model", async function () {
    const O = await dsp("oracle");
    const eps = 0.125;
    const qx = new Float32Array(34);
    const qy = new Float32Array(34);
    const g = new Float32Array(34).fill(1);
    const r = new Float32Array(34);
    let checked = 0;
    for (let t = 0; t < 200; t++) {
      for (let b = 0; b < 34; b++) {
        qy[b] = 0.05 + 0.9 * (((t * 34 + b) * 0.6180339887) % 1);
        const qh = qy[b] / Math.sqrt((1 - eps) * qy[b] ** 2 + eps);
        qx[b] = qy[b] + (qh - qy[b]) * (((t * 7 + b) * 0.41421356) % 1); // reachable: qy < qx <= q_hat
      }
      g.fill(1);
      O.oracle_strengths(qx, qy, eps, g, r);
      for (let b = 0; b < 34; b++) {
        // Y = H + N, |H|^2 = qy^2, |N|^2 = 1 - qy^2; P = H + N' with |N'|^2 = eps (1 - qy^2),
        // scaled to Y's energy; N and N' uncorrelated
        const y2 = qy[b] ** 2;
        const d = Math.sqrt(y2 + eps * (1 - y2));
        const a = 1 - r[b];
        const c = r[b] / d;
        const h = (a + c) ** 2 * y2;
        const nz = a * a * (1 - y2) + c * c * eps * (1 - y2);
        const q = Math.sqrt(h / (h + nz));
        assert.ok(Math.abs(q - qx[b]) < 2e-3, `qy ${qy[b]} qx ${qx[b]}: r ${r[b]} gives ${q}`);
        assert.equal(g[b], 1);
        checked++;
      }
    }
    assert.equal(checked, 6800);
  });

  it("strengths and gains never produce NaN or leave [0, 1], over a grid including the edges", async function () {
    const O = await dsp("oracle");
    const vals = [0, 1e-30, 1e-6, 0.1, 0.3, 0.5, 0.7, 0.9, 0.999999, 1];
    const qx = new Float32Array(34);
    const qy = new Float32Array(34);
    const g = new Float32Array(34);
    const r = new Float32Array(34);
    for (const eps of [0.125, 0.1875, 0.375, 1e-3]) {
      for (const x of vals) {
        for (const y of vals) {
          qx.fill(x);
          qy.fill(y);
          g.fill(1);
          O.oracle_strengths(qx, qy, eps, g, r);
          assert.ok(r[0] >= 0 && r[0] <= 1 && g[0] >= 0 && g[0] <= 1, `qx ${x} qy ${y} eps ${eps}: r ${r[0]} g ${g[0]}`);
        }
      }
    }
    const ex = Float32Array.from({ length: 34 }, (_, b) => [0, 1e-20, 1, 4, 1e10][b % 5]);
    const ey = Float32Array.from({ length: 34 }, (_, b) => [0, 1e-20, 4, 1, 0][b % 7 % 5]);
    O.oracle_gains(ex, ey, g);
    assert.ok(g.every((v) => v >= 0 && v <= 1), `gains ${g}`);
  });

  for (const snr of [0, 5]) {
    it(`oracle denoising at ${snr} dB SNR: gains >= +6 dB, comb adds >= 0.5 dB, postfilter costs < 0.5 dB`, async function () {
      const n = 480 * 300;
      const clean = voiced(n);
      const noisy = mix(clean, snr, 100 + snr);
      const base = snrDb(clean, noisy, 0);
      const gains = snrDb(clean, (await oracle(noisy, clean, false, false)).y, DELAY);
      const comb = snrDb(clean, (await oracle(noisy, clean, true, false)).y, DELAY);
      const pf = snrDb(clean, (await oracle(noisy, clean, true, true)).y, DELAY);
      const msg = `noisy ${base.toFixed(2)}, gains ${gains.toFixed(2)}, +comb ${comb.toFixed(2)}, +postfilter ${pf.toFixed(2)} dB`;
      assert.ok(gains >= base + 6, msg);
      assert.ok(comb >= gains + 0.5, msg);
      assert.ok(pf >= comb - 0.5, msg);
    });
  }

  it("clean input as its own reference comes out unchanged (ideal gains 1, strengths 0) within -60 dB", async function () {
    const n = 480 * 100;
    const clean = voiced(n);
    const { y } = await oracle(clean, clean, true, false);
    assert.ok(snrDb(clean, y, DELAY) > 60, `SNR ${snrDb(clean, y, DELAY)}`);
  });
});

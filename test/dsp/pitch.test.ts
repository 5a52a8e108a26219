// The pitch tracker (exact-JS reference) finds f0 within 1% on harmonic signals from 60 to 500 Hz,
// clean and in white noise at 10 dB SNR, and follows a gliding, vibrato pitch.
import * as assert from "node:assert/strict";
import { dsp, harmonic, noise } from "./exact.ts";

const F0S = [60, 67, 77, 90, 100, 110, 123.4, 140, 160, 185, 210, 233, 260, 290, 317, 350, 400, 455, 500];

/** The period the denoiser uses for each frame (the synthesized frame, 2 frames behind). */
async function track(x: Float32Array): Promise<number[]> {
  const D = await dsp("denoiser");
  const st = new D.DenoiserState();
  const hf = new D.HistoryF32(); // the f32 API's input history
  D.denoiser_init(st);
  const out = new Float32Array(480);
  const p: number[] = [];
  for (let f = 0; f < x.length / 480; f++) {
    D.denoiser_analyze(st, hf, x.subarray(f * 480, f * 480 + 480));
    p.push(st.pitch.period);
  }
  void out;
  return p;
}

function withNoise(x: Float32Array, snr: number, seed: number): Float32Array {
  const z = noise(x.length, seed);
  let ex = 0;
  let ez = 0;
  for (let i = 0; i < x.length; i++) {
    ex += x[i] ** 2;
    ez += z[i] ** 2;
  }
  const g = Math.sqrt(ex / ez / 10 ** (snr / 10));
  return Float32Array.from(x, (v, i) => v + g * z[i]);
}

describe("pitch tracker", function () {
  for (const [label, snr] of [["clean", Infinity], ["white noise at 10 dB SNR", 10]] as const) {
    it(`within 1% of f0 in every frame after the first 8, f0 = 60..500 Hz, ${label}`, async function () {
      const fails: string[] = [];
      for (const f0 of F0S) {
        let x = harmonic(f0, 480 * 40, 0.3);
        if (Number.isFinite(snr)) x = withNoise(x, snr, 17);
        const p = await track(x);
        for (let f = 8; f < p.length; f++) {
          const err = 48000 / p[f] / f0 - 1;
          if (Math.abs(err) > 0.01) fails.push(`f0 ${f0}: frame ${f} period ${p[f]} (${(100 * err).toFixed(2)}%)`);
        }
      }
      assert.deepEqual(fails, []);
    });
  }

  it("follows a glide from 100 to 250 Hz with 3% vibrato at 5 Hz: within 2% in 95% of frames", async function () {
    const n = 48000 * 2;
    const x = new Float32Array(n);
    const f0s = new Float64Array(n);
    let ph = 0;
    for (let i = 0; i < n; i++) {
      const f0 = 100 * 2.5 ** Math.min(1, i / 48000) * (1 + 0.03 * Math.sin((2 * Math.PI * 5 * i) / 48000));
      f0s[i] = f0;
      ph += (2 * Math.PI * f0) / 48000;
      let v = 0;
      for (let h = 1; h * 250 < 8000; h++) v += Math.sin(h * ph) / h;
      x[i] = 0.2 * v;
    }
    const p = await track(x);
    let good = 0;
    let total = 0;
    for (let f = 8; f < p.length; f++) {
      const centre = f * 480 - 960; // frame B's window is [480(f+1) - 1920, 480(f+1) - 960)
      total++;
      if (Math.abs(48000 / p[f] / f0s[centre] - 1) <= 0.02) good++;
    }
    assert.ok(good >= 0.95 * total, `${good} of ${total} frames within 2%`);
  });

  it("period and correlation are sane on silence and on white noise (no NaN, periods in range)", async function () {
    const D = await dsp("denoiser");
    const st = new D.DenoiserState();
    const hf = new D.HistoryF32(); // the f32 API's input history
    D.denoiser_init(st);
    const z = noise(480 * 30, 4);
    z.fill(0, 0, 480 * 10);
    for (let f = 0; f < 30; f++) {
      D.denoiser_analyze(st, hf, z.subarray(f * 480, f * 480 + 480));
      assert.ok(st.pitch.period >= 80 && st.pitch.period <= 800, `period ${st.pitch.period}`);
      assert.ok(Number.isFinite(st.pitch.corr) && st.pitch.corr <= 1, `corr ${st.pitch.corr}`);
      if (f >= 15) assert.ok(st.pitch.corr < 0.5, `white noise looks voiced: corr ${st.pitch.corr}`);
    }
  });
});

// Perfect reconstruction and delay: with unity gains and zero strengths the output is the input
// delayed by exactly 1440 samples (30 ms), bit for bit in f32; with a constant gain g it is g times
// the delayed input within float rounding; non-finite input never poisons the state.
import * as assert from "node:assert/strict";
import { dsp, harmonic, noise } from "./exact.ts";

const DELAY = 1440;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function run(x: Float32Array, gain: number, comb: boolean, pf: boolean, strength = 0): Promise<{ y: Float32Array; D: any }> {
  const D = await dsp("denoiser");
  const st = new D.DenoiserState();
  const hf = new D.HistoryF32(); // the f32 API's input history
  D.denoiser_init(st);
  D.denoiser_set_options(st, comb, pf);
  const g = new Float32Array(34).fill(gain);
  const r = new Float32Array(34).fill(strength);
  const y = new Float32Array(x.length);
  const out = new Float32Array(480);
  for (let f = 0; f < x.length / 480; f++) {
    D.denoiser_process_frame(st, hf, x.subarray(f * 480, f * 480 + 480), out, g, r);
    y.set(out, f * 480);
  }
  return { y, D };
}

function testSignal(n: number): Float32Array {
  const h = harmonic(123, n, 0.4);
  const z = noise(n, 21, 0.1);
  const x = new Float32Array(n);
  for (let i = 0; i < n; i++) x[i] = h[i] + z[i];
  x[5000] = 1; // full-scale click
  x[5001] = -1;
  x[7000] = 1e-35; // tiny but normal
  return x;
}

describe("perfect reconstruction and delay", function () {
  it("DENOISER_DELAY is 1440 samples (30 ms at 48 kHz)", async function () {
    const C = await dsp("../config"); // spec/config.ts, compiled with spec/dsp (which imports it)
    assert.equal(C.DENOISER_DELAY, DELAY);
    assert.equal(C.FRAME_SIZE, 480);
    assert.equal(C.SAMPLE_RATE, 48000);
  });

  for (const [comb, pf] of [[false, false], [true, false], [true, true]] as const) {
    it(`unity gains, zero strengths (comb ${comb}, postfilter ${pf}): output = input delayed by 1440, bit for bit`, async function () {
      const n = 480 * 200;
      const x = testSignal(n);
      const { y } = await run(x, 1, comb, pf);
      for (let i = 0; i < DELAY; i++) assert.equal(y[i], 0, `output ${i} before the delay`);
      let mismatches = 0;
      for (let i = DELAY; i < n; i++) if (y[i] !== x[i - DELAY]) mismatches++;
      assert.equal(mismatches, 0, `${mismatches} samples differ`);
    });
  }

  it("a constant gain g = 0.5 gives 0.5 x delayed within 1e-6 of full scale (the synthesis path, window and overlap-add)", async function () {
    const n = 480 * 100;
    const x = testSignal(n);
    const { y } = await run(x, 0.5, false, false);
    let err = 0;
    for (let i = DELAY + 960; i < n; i++) err = Math.max(err, Math.abs(y[i] - 0.5 * x[i - DELAY]));
    assert.ok(err < 1e-6, `max error ${err}`);
  });

  it("zero gains give silence within 1e-6 of full scale", async function () {
    const n = 480 * 50;
    const x = testSignal(n);
    const { y } = await run(x, 0, false, false);
    let mx = 0;
    for (let i = DELAY + 960; i < n; i++) mx = Math.max(mx, Math.abs(y[i]));
    assert.ok(mx < 1e-6, `max residual ${mx}`);
  });

  it("strength 1 on a stationary harmonic signal keeps it (comb filter passes the harmonics) within -40 dB", async function () {
    const n = 480 * 150;
    const x = harmonic(200, n, 0.3, 4000);
    const { y } = await run(x, 1, true, false, 1);
    let e = 0;
    let s = 0;
    for (let i = 480 * 80; i < n; i++) {
      e += (y[i] - x[i - DELAY]) ** 2;
      s += x[i - DELAY] ** 2;
    }
    assert.ok(10 * Math.log10(s / e) > 40, `SNR ${10 * Math.log10(s / e)} dB`);
  });

  it("NaN, Inf and huge input do not poison the state: output stays finite and exact passthrough resumes", async function () {
    const n = 480 * 120;
    const x = testSignal(n);
    x[20000] = NaN;
    x[20001] = Infinity;
    x[20002] = -Infinity;
    for (let i = 21000; i < 21480; i++) x[i] = 1e30;
    for (let i = 22000; i < 22480; i++) x[i] = 1e-40; // denormal input
    const { y } = await run(x, 1, true, true, 0);
    assert.ok(y.every((v) => Number.isFinite(v)), "non-finite output");
    // samples after the disturbance has left the 5920-sample history come out exactly
    for (let i = 22480 + 5920 + DELAY; i < n; i++) assert.equal(y[i], x[i - DELAY], `sample ${i}`);
    // NaN comes out as 0, infinite and huge samples clamped to +-65536
    assert.equal(y[20000 + DELAY], 0);
    assert.equal(y[20001 + DELAY], 65536);
    assert.equal(y[20002 + DELAY], -65536);
    assert.equal(y[21000 + DELAY], 65536);
    assert.equal(y[22000 + DELAY], 0, "denormal input is flushed");
  });

  it("network-style random gains with NaN and out-of-range values keep the state and output finite", async function () {
    const D = await dsp("denoiser");
    const st = new D.DenoiserState();
    const hf = new D.HistoryF32(); // the f32 API's input history
    D.denoiser_init(st);
    const x = testSignal(480 * 60);
    const z = noise(60 * 68, 9, 2);
    const out = new Float32Array(480);
    for (let f = 0; f < 60; f++) {
      const g = z.slice(f * 68, f * 68 + 34);
      const r = z.slice(f * 68 + 34, f * 68 + 68);
      g[3] = NaN;
      r[4] = Infinity;
      D.denoiser_process_frame(st, hf, x.subarray(f * 480, f * 480 + 480), out, g, r);
      assert.ok(out.every((v) => Number.isFinite(v)), `frame ${f}`);
      assert.ok(st.g.every((v: number) => v >= 0 && v <= 2), `frame ${f}: gains ${st.g}`);
      assert.ok(st.feat.every((v: number) => Number.isFinite(v)), `frame ${f}: features`);
    }
  });
});

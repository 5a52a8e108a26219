// The generated host C of the signal path (the host harness's `dsp` command) produces the same bits
// as the exact-JS reference:
// oracle mode (with and without comb filter and postfilter) and external gains, on a synthetic
// voiced-plus-noise signal with a loud burst, silence, NaN and Inf samples mixed in.
import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { buildHarness, harnessHeader, HEADER_WORDS } from "../../sim/engines/harness.ts";
import { compiledDir, dsp, harmonic, noise } from "./exact.ts";

const FRAMES = 400; // 4 s
const N = FRAMES * 480;
const H = HEADER_WORDS; // the harness's header, in 4-byte words (firmware/host/pn_harness.c)

function signals(): { noisy: Float32Array; clean: Float32Array } {
  const clean = harmonic(170, N, 0.25, 7000);
  for (let i = 0; i < N; i++) clean[i] *= Math.max(0, Math.sin((2 * Math.PI * 2 * i) / 48000));
  const nz = noise(N, 11, 0.05);
  const noisy = new Float32Array(N);
  for (let i = 0; i < N; i++) noisy[i] = clean[i] + nz[i];
  // edge cases: a burst far above full scale, digital silence, non-finite samples
  for (let i = 100000; i < 100960; i++) noisy[i] *= 1e6;
  noisy.fill(0, 120000, 125000);
  noisy[130001] = NaN;
  noisy[130500] = Infinity;
  noisy[131000] = -Infinity;
  noisy[132000] = 1e-42;
  return { noisy, clean };
}

describe("signal path: host C is bit-identical with the exact-JS reference", function () {
  let exe = "";
  before(function () {
    const dir = compiledDir();
    exe = buildHarness(path.join(dir, "c"), path.join(dir, "pn_harness")); // its `dsp` command
  });

  for (const [comb, pf] of [[false, false], [true, false], [true, true]] as const) {
    it(`oracle mode, comb ${comb}, postfilter ${pf}: outputs and targets agree bit for bit`, async function () {
      const D = await dsp("denoiser");
      const { noisy, clean } = signals();
      const st = new D.DenoiserState();
      D.denoiser_init(st);
      D.denoiser_set_options(st, comb, pf);
      const os = new D.OracleState();
      D.oracle_init(os);
      const per = 480 + 68;
      const js = new Float32Array(FRAMES * per);
      const out = new Float32Array(480);
      const input = new Float32Array(H + FRAMES * 960);
      harnessHeader(FRAMES, [comb ? 1 : 0, pf ? 1 : 0, 1]).copy(Buffer.from(input.buffer));
      for (let f = 0; f < FRAMES; f++) {
        const a = noisy.subarray(f * 480, f * 480 + 480);
        const c = clean.subarray(f * 480, f * 480 + 480);
        input.set(a, H + f * 960);
        input.set(c, H + f * 960 + 480);
        D.denoiser_process_frame_oracle(st, os, a, c, out);
        js.set(out, f * per);
        js.set(os.g, f * per + 480);
        js.set(os.r, f * per + 514);
      }
      const c = execFileSync(exe, ["dsp"], { input: Buffer.from(input.buffer), maxBuffer: 1 << 26 });
      const cf = new Uint32Array(c.buffer, c.byteOffset, c.byteLength / 4);
      const jf = new Uint32Array(js.buffer);
      assert.equal(cf.length, jf.length);
      let first = -1;
      for (let i = 0; i < jf.length; i++) if (cf[i] !== jf[i]) { first = i; break; }
      assert.equal(first, -1, `first difference at frame ${Math.floor(first / per)}, index ${first % per}`);
      for (let i = 0; i < js.length; i++) assert.ok(Number.isFinite(js[i]), `non-finite output at ${i}`);
    });
  }

  it("external gains and strengths (random, with NaN and out of range): outputs agree bit for bit", async function () {
    const D = await dsp("denoiser");
    const { noisy } = signals();
    const st = new D.DenoiserState();
    const hf = new D.HistoryF32(); // the f32 API's input history
    D.denoiser_init(st);
    const nz = noise(FRAMES * 68, 5);
    const input = new Float32Array(H + FRAMES * (480 + 68));
    harnessHeader(FRAMES, [1, 1, 0]).copy(Buffer.from(input.buffer));
    const js = new Float32Array(FRAMES * 480);
    const out = new Float32Array(480);
    for (let f = 0; f < FRAMES; f++) {
      const a = noisy.subarray(f * 480, f * 480 + 480);
      const gr = new Float32Array(68);
      for (let b = 0; b < 68; b++) gr[b] = 0.5 + 0.4 * nz[f * 68 + b];
      if (f % 50 === 3) gr[5] = NaN;
      const o = H + f * 548;
      input.set(a, o);
      input.set(gr, o + 480);
      D.denoiser_process_frame(st, hf, a, out, gr.subarray(0, 34), gr.subarray(34, 68));
      js.set(out, f * 480);
    }
    const c = execFileSync(exe, ["dsp"], { input: Buffer.from(input.buffer), maxBuffer: 1 << 26 });
    assert.ok(Buffer.from(js.buffer).equals(c), "host C output differs from the exact-JS reference");
  });
});

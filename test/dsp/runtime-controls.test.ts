// The frame API's runtime controls in the exact-JS reference (spec/enhancer.ts): the bypass keeps
// the state warm and passes the input through with the same 30 ms delay; the attenuation limit
// bounds every band's gain from below; the per-frame gain summary follows speech. The firmware's
// side (same bytes under QEMU and in the host C) is test/firmware/runtime-controls-bitexact.test.ts.
import * as assert from "node:assert/strict";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { generatedSpec } from "../../sim/c-build/spec-build.ts";
import { readWavInput } from "../../sim/audio/wav-input.ts";

const NOISY = path.resolve(".cache/testset/snr05_lena_fire-fire_noisy.wav");
const CLEAN = path.resolve(".cache/testset/snr05_lena_fire-fire_clean.wav");
const HOP = 480;
const DELAY = 1440;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Spec = any;

interface Run {
  out: Int16Array;
  /** Final band gains (after the postfilter and the limit) and the frame gain, per frame. */
  gains: Float32Array[];
  frameGain: number[];
}

function run(m: Spec, x: Int16Array, control: (st: Spec, frame: number) => void): Run {
  const st = new m.EnhancerState();
  m.enhancer_init(st, true, true);
  const frames = Math.floor(x.length / HOP);
  const out = new Int16Array(frames * HOP);
  const y = new Int16Array(HOP);
  const gains: Float32Array[] = [];
  const frameGain: number[] = [];
  for (let f = 0; f < frames; f++) {
    control(st, f);
    m.enhancer_frame_net_s16(st, x.subarray(f * HOP, (f + 1) * HOP), y);
    out.set(y, f * HOP);
    gains.push(Float32Array.from(st.dn.g));
    frameGain.push(m.enhancer_frame_gain(st));
  }
  return { out, gains, frameGain };
}

function frameEqual(a: Int16Array, b: Int16Array, f: number): boolean {
  for (let i = f * HOP; i < (f + 1) * HOP; i++) if (a[i] !== b[i]) return false;
  return true;
}

describe("runtime controls in the reference: bypass, attenuation limit, frame gain", function () {
  this.timeout(300_000);
  let m: Spec;
  let x: Int16Array;
  let clean: Int16Array;
  let plain: Run;

  before(async function () {
    m = await import(pathToFileURL(path.join(generatedSpec().jsDir, "enhancer.mjs")).href);
    x = readWavInput(NOISY).samples.subarray(0, 600 * HOP);
    clean = readWavInput(CLEAN).samples.subarray(0, 600 * HOP);
    plain = run(m, x, () => {});
  });

  it("bypass passes the input through 30 ms later, from the frame after the switch on", function () {
    const r = run(m, x, (st, f) => m.enhancer_set_bypass(st, f >= 200 && f < 400));
    for (let f = 201; f < 400; f++) {
      for (let i = f * HOP; i < (f + 1) * HOP; i++) {
        assert.equal(r.out[i], x[i - DELAY], `frame ${f} sample ${i}`);
      }
    }
    assert.ok(!frameEqual(plain.out, r.out, 250), "bypassed output must differ from the enhanced one");
  });

  it("bypass keeps the state warm: from the second frame after switching back, the output equals an uninterrupted run", function () {
    const r = run(m, x, (st, f) => m.enhancer_set_bypass(st, f >= 200 && f < 400));
    for (let f = 0; f < 200; f++) assert.ok(frameEqual(plain.out, r.out, f), `frame ${f} before the bypass`);
    for (let f = 401; f < 600; f++) assert.ok(frameEqual(plain.out, r.out, f), `frame ${f} after the bypass`);
  });

  it("the switch is click-free: the first bypass frame fades the enhanced output's tail out", function () {
    const r = run(m, x, (st, f) => m.enhancer_set_bypass(st, f >= 200));
    // the largest sample step at the switch is no larger than the largest step of the input nearby
    let stepOut = 0;
    let stepIn = 0;
    for (let i = 199 * HOP; i < 202 * HOP; i++) {
      stepOut = Math.max(stepOut, Math.abs(r.out[i] - r.out[i - 1]));
      stepIn = Math.max(stepIn, Math.abs(x[i - DELAY] - x[i - DELAY - 1]));
    }
    assert.ok(stepOut <= stepIn, `output step ${stepOut} > input step ${stepIn}`);
  });

  it("an attenuation limit of L dB keeps every band gain at or above 10^(-L/20)", function () {
    const r = run(m, x, (st, f) => { if (f === 0) m.enhancer_set_atten_limit(st, 12); });
    const floor = Math.fround(Math.pow(10, -12 / 20));
    let below = 0;
    for (const g of plain.gains) for (const v of g) if (v < floor * 0.999) below++;
    assert.ok(below > 1000, `without a limit ${below} band gains are below -12 dB (the test needs suppression to limit)`);
    for (const [f, g] of r.gains.entries()) {
      for (const [b, v] of g.entries()) assert.ok(v >= floor * (1 - 1e-6), `frame ${f} band ${b}: ${v} < ${floor}`);
    }
    // and the output changes: on most frames where a gain was below the floor without the limit
    const limited = plain.gains.map((g, f) => (g.some((v) => v < floor * 0.999) ? f : -1)).filter((f) => f >= 0);
    const changed = limited.filter((f) => !frameEqual(plain.out, r.out, f)).length;
    assert.ok(changed > limited.length / 2, `the output changed on ${changed} of the ${limited.length} limited frames`);
  });

  it("a limit of 0 dB, a negative one or NaN means no limit: the default's bytes", function () {
    for (const lim of [0, -6, NaN]) {
      const r = run(m, x, (st, f) => { if (f === 0) { m.enhancer_set_atten_limit(st, 12); m.enhancer_set_atten_limit(st, lim); } });
      assert.deepEqual(r.out, plain.out, `limit ${lim}`);
    }
  });

  it("the frame gain is in [0, 1] and higher on frames where the clean speech is loud than where it is silent", function () {
    const g = plain.frameGain;
    for (const v of g) assert.ok(v >= 0 && v <= 1, `${v}`);
    // frame f's output is frame B = input frame f - 2 (the 30 ms delay less the 10 ms overlap)
    const energy = g.map((_, f) => {
      let e = 0;
      for (let i = (f - 2) * HOP; i < (f - 1) * HOP; i++) if (i >= 0) e += clean[i] * clean[i];
      return e;
    });
    const order = energy.map((e, f) => [e, f]).filter(([, f]) => f >= 10).sort((a, b) => a[0] - b[0]).map(([, f]) => f);
    const fifth = Math.floor(order.length / 5);
    const mean = (fs: number[]) => fs.reduce((a, f) => a + g[f], 0) / fs.length;
    const quiet = mean(order.slice(0, fifth));
    const loud = mean(order.slice(-fifth));
    assert.ok(loud > quiet + 0.2, `loud-speech frames ${loud.toFixed(3)}, silent frames ${quiet.toFixed(3)}`);
  });
});

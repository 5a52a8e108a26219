// The 960-point real FFT (exact-JS reference) matches a float64 DFT, and the inverse undoes it.
import * as assert from "node:assert/strict";
import { dsp, noise } from "./exact.ts";

function dft(x: Float32Array): { re: Float64Array; im: Float64Array } {
  const n = x.length;
  const re = new Float64Array(n / 2 + 1);
  const im = new Float64Array(n / 2 + 1);
  for (let k = 0; k <= n / 2; k++) {
    let sr = 0;
    let si = 0;
    for (let t = 0; t < n; t++) {
      const a = (2 * Math.PI * ((k * t) % n)) / n;
      sr += x[t] * Math.cos(a);
      si -= x[t] * Math.sin(a);
    }
    re[k] = sr;
    im[k] = si;
  }
  return { re, im };
}

describe("960-point real FFT", function () {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let F: any;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let st: any;
  before(async function () {
    F = await dsp("fft");
    st = new F.FftState(); // its twiddles are the const tables FFT_TWR/FFT_TWI (tables.ts)
  });

  const signals: [string, () => Float32Array][] = [
    ["white noise", () => noise(960, 1)],
    ["a bin-centred cosine (bin 37)", () => Float32Array.from({ length: 960 }, (_, i) => Math.cos((2 * Math.PI * 37 * i) / 960))],
    ["an off-bin sine plus DC and Nyquist", () => Float32Array.from({ length: 960 }, (_, i) => 0.3 + Math.sin(0.1234 * i) + (i % 2 ? -0.2 : 0.2))],
    ["an impulse at n = 5", () => Float32Array.from({ length: 960 }, (_, i) => (i === 5 ? 1 : 0))],
  ];
  for (const [name, make] of signals) {
    it(`forward matches a float64 DFT within 2e-6 of the spectrum's peak: ${name}`, function () {
      const x = make();
      const re = new Float32Array(481);
      const im = new Float32Array(481);
      F.rfft960(st, x, 0, re, im);
      const ref = dft(x);
      let peak = 0;
      let err = 0;
      for (let k = 0; k <= 480; k++) {
        peak = Math.max(peak, Math.hypot(ref.re[k], ref.im[k]));
        err = Math.max(err, Math.hypot(ref.re[k] - re[k], ref.im[k] - im[k]));
      }
      assert.ok(err <= 2e-6 * peak, `max error ${err}, peak ${peak}`);
      assert.equal(im[0], 0);
      assert.equal(im[480], 0);
    });
    it(`inverse(forward(x)) = x within 1e-6 of max |x|: ${name}`, function () {
      const x = make();
      const re = new Float32Array(481);
      const im = new Float32Array(481);
      const y = new Float32Array(960);
      F.rfft960(st, x, 0, re, im);
      F.irfft960(st, re, im, y, 0);
      let mx = 0;
      let err = 0;
      for (let i = 0; i < 960; i++) {
        mx = Math.max(mx, Math.abs(x[i]));
        err = Math.max(err, Math.abs(x[i] - y[i]));
      }
      assert.ok(err <= 1e-6 * mx, `max error ${err}`);
    });
  }

  it("inverse matches a float64 inverse DFT of an arbitrary Hermitian spectrum", function () {
    const nz = noise(962, 3);
    const re = Float32Array.from(nz.subarray(0, 481));
    const im = Float32Array.from(nz.subarray(481, 962));
    im[0] = 0;
    im[480] = 0;
    const y = new Float32Array(960);
    F.irfft960(st, re, im, y, 0);
    let err = 0;
    let mx = 0;
    for (let t = 0; t < 960; t++) {
      let s = re[0] + re[480] * (t % 2 ? -1 : 1);
      for (let k = 1; k < 480; k++) {
        const a = (2 * Math.PI * ((k * t) % 960)) / 960;
        s += 2 * (re[k] * Math.cos(a) - im[k] * Math.sin(a));
      }
      s /= 960;
      mx = Math.max(mx, Math.abs(s));
      err = Math.max(err, Math.abs(s - y[t]));
    }
    assert.ok(err <= 2e-6 * mx, `max error ${err}, max ${mx}`);
  });

  it("the window is symmetric, power-complementary (w(i)^2 + w(i+480)^2 = 1 within 5e-7) and matches its formula within 2e-7", async function () {
    const W = await dsp("window");
    const w = new Float32Array(960);
    W.vorbis_window(w);
    for (let i = 0; i < 480; i++) {
      assert.ok(Math.abs(w[i] * w[i] + w[i + 480] * w[i + 480] - 1) <= 5e-7, `i = ${i}`);
      assert.equal(w[i], w[959 - i], `symmetry at ${i}`);
      const ref = Math.sin((Math.PI / 2) * Math.sin((Math.PI * (i + 0.5)) / 960) ** 2);
      assert.ok(Math.abs(w[i] - ref) <= 2e-7, `w(${i}) = ${w[i]}, expected ${ref}`);
    }
  });
});

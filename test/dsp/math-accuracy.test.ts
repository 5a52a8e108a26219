// The spec's sin/cos/exp/log/tanh/sigmoid (exact-JS reference) stay within the error bounds
// documented in spec/dsp/math.ts, against float64, on dense grids; special values are exact.
import * as assert from "node:assert/strict";
import { dsp } from "./exact.ts";

type F = (x: number) => number;

/** Worst error of f against ref over n+1 f32 points in [lo, hi]; rel divides by |ref|. */
function worst(f: F, ref: F, lo: number, hi: number, n: number, rel: boolean): { err: number; at: number } {
  let err = 0;
  let at = lo;
  for (let i = 0; i <= n; i++) {
    const x = Math.fround(lo + ((hi - lo) * i) / n);
    const r = ref(x);
    const e = Math.abs(f(x) - r) / (rel ? Math.abs(r) : 1);
    if (!(e <= err)) {
      err = e;
      at = x;
    }
  }
  return { err, at };
}

describe("math approximations are within their documented error", function () {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let M: any;
  before(async function () {
    M = await dsp("math");
  });

  const cases: [string, string, F, number, number, boolean, number][] = [
    ["sinpi_f32", "sinpi_f32", (x) => Math.sin(Math.PI * x), -10, 10, false, 1.2e-7],
    ["cospi_f32", "cospi_f32", (x) => Math.cos(Math.PI * x), -10, 10, false, 1.2e-7],
    ["sinpi_f32 (large x)", "sinpi_f32", (x) => Math.sin(Math.PI * (x % 2)), 1e5, 1.6e7, false, 1.2e-7],
    ["sin_f32 |x| <= 100", "sin_f32", Math.sin, -100, 100, false, 1.2e-7],
    ["cos_f32 |x| <= 100", "cos_f32", Math.cos, -100, 100, false, 1.2e-7],
    ["sin_f32 |x| <= 1e5", "sin_f32", Math.sin, -1e5, 1e5, false, 2e-6],
    ["exp_f32", "exp_f32", Math.exp, -87.3, 88.7, true, 2e-7],
    ["log_f32 [0.5, 2]", "log_f32", Math.log, 0.5, 2, false, 1e-7],
    ["log_f32 [2, 1e30]", "log_f32", Math.log, 2, 1e30, true, 1.5e-7],
    ["log_f32 [1e-37, 0.5]", "log_f32", Math.log, 1e-37, 0.5, true, 1.5e-7],
    ["tanh_f32", "tanh_f32", Math.tanh, -12, 12, false, 1.2e-7],
    ["sigmoid_f32 (abs)", "sigmoid_f32", (x) => 1 / (1 + Math.exp(-x)), -30, 30, false, 1.2e-7],
    ["sigmoid_f32 (rel, x >= -80)", "sigmoid_f32", (x) => 1 / (1 + Math.exp(-x)), -80, 30, true, 3e-7],
  ];
  for (const [label, fn, ref, lo, hi, rel, bound] of cases) {
    it(`${label}: ${rel ? "relative" : "absolute"} error <= ${bound}`, function () {
      const { err, at } = worst(M[fn], ref, lo, hi, 200000, rel);
      assert.ok(err <= bound, `${label}: error ${err} at x = ${at}`);
    });
  }

  it("log_f32 on every binade including denormals: relative error <= 1.5e-7", function () {
    let err = 0;
    for (let e = -149; e < 128; e += 0.173) {
      const x = Math.fround(2 ** e);
      if (x === 0 || !Number.isFinite(x) || x === 1) continue;
      err = Math.max(err, Math.abs(M.log_f32(x) - Math.log(x)) / Math.abs(Math.log(x)));
    }
    assert.ok(err <= 1.5e-7, `error ${err}`);
  });

  it("special values", function () {
    assert.equal(M.exp_f32(0), 1);
    assert.equal(M.log_f32(1), 0);
    assert.equal(M.log_f32(0), -Infinity);
    assert.ok(Number.isNaN(M.log_f32(-1)));
    assert.equal(M.log_f32(Infinity), Infinity);
    assert.equal(M.exp_f32(-100), 0, "no denormals: below FLT_MIN gives 0");
    assert.equal(M.exp_f32(100), Infinity);
    assert.equal(M.sinpi_f32(0.5), 1);
    assert.equal(M.cospi_f32(0), 1);
    assert.equal(M.tanh_f32(20), 1);
    assert.equal(M.tanh_f32(-20), -1);
    assert.equal(M.sigmoid_f32(0), 0.5);
    assert.equal(M.sigmoid_f32(-200), 0);
    for (const f of ["sin_f32", "cos_f32", "sinpi_f32", "cospi_f32", "exp_f32", "log_f32", "tanh_f32", "sigmoid_f32"]) {
      assert.ok(Number.isNaN(M[f](NaN)), `${f}(NaN) is NaN`);
    }
    assert.ok(Number.isNaN(M.sin_f32(Infinity)));
    // no denormal results anywhere near the underflow threshold
    for (let x = -87.4; x < -87.2; x += 0.001) {
      const y = M.exp_f32(Math.fround(x));
      assert.ok(y === 0 || y >= 1.1754943508222875e-38, `exp(${x}) = ${y} is denormal`);
    }
  });
});

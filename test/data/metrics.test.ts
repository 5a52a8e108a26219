// The metrics CLI: SI-SDR is ~unbounded for a signal against itself and very low against unrelated
// noise; --delay aligns the enhancer's 1440-sample lag; PESQ-WB, STOI and DNSMOS rank the clean
// signal above a real 0 dB mixture; the batch table's SI-SDR of noisy inputs tracks their SNR;
// DNSMOS follows the README's segmenting.
import * as assert from "node:assert/strict";
import * as path from "node:path";
import { py, pyJson, smallManifest, tmp } from "./helpers.ts";

type Scores = Record<"SI-SDR" | "STOI" | "PESQ-WB" | "SIG" | "BAK" | "OVRL" | "lag_check", number>;

const score = (clean: string, est: string, delay = 0, only = "SI-SDR,STOI,PESQ-WB,SIG,BAK,OVRL"): Scores =>
  JSON.parse(py(["-m", "models.eval.metrics", "--clean", clean, "--est", est, "--delay", `${delay}`, "--only", only, "--json"]));

describe("metrics", function () {
  let set = "";
  let signals = "";
  before(function () {
    smallManifest();
    set = tmp("testset");
    // real speech (audio-lena) + real noise at 0 and 10 dB, one clip each
    py(["-m", "models.data.testset", set, "--per-snr", "1", "--snrs", "0", "10"]);
    signals = tmp("signals");
    // a delayed copy of the clean clip and an unrelated noise, written by numpy here
    py(["-c", `
import numpy as np, soundfile as sf
c, fs = sf.read('${set}/snr00_lena_default-furnace-active_clean.wav')
sf.write('${signals}/delayed.wav', np.concatenate([np.zeros(1440), c]), fs, subtype='FLOAT')
sf.write('${signals}/noise.wav', np.random.default_rng(0).standard_normal(len(c)) * 0.05, fs, subtype='PCM_16')
sf.write('${signals}/scaled.wav', c * 0.25, fs, subtype='FLOAT')`]);
  });

  it("SI-SDR of a signal against itself is above 100 dB, against a scaled copy too, against unrelated noise below -20 dB", function () {
    const clean = path.join(set, "snr00_lena_default-furnace-active_clean.wav");
    const self = score(clean, clean, 0, "SI-SDR,STOI");
    assert.ok(self["SI-SDR"] > 100, `${self["SI-SDR"]}`);
    assert.ok(score(clean, path.join(signals, "scaled.wav"), 0, "SI-SDR")["SI-SDR"] > 100);
    const noise = score(clean, path.join(signals, "noise.wav"), 0, "SI-SDR,STOI");
    assert.ok(noise["SI-SDR"] < -20, `${noise["SI-SDR"]}`);
    assert.ok(self.STOI > 0.999 && noise.STOI < 0.3, `${self.STOI} ${noise.STOI}`);
  });

  it("--delay 1440 aligns an estimate that lags by 30 ms; without it the score collapses", function () {
    const clean = path.join(set, "snr00_lena_default-furnace-active_clean.wav");
    const est = path.join(signals, "delayed.wav");
    const aligned = score(clean, est, 1440, "SI-SDR,PESQ-WB");
    const unaligned = score(clean, est, 0, "SI-SDR,PESQ-WB");
    assert.ok(aligned["SI-SDR"] > 60, `aligned ${aligned["SI-SDR"]}`);
    assert.ok(unaligned["SI-SDR"] < 0, `unaligned ${unaligned["SI-SDR"]}`);
    assert.ok(aligned["PESQ-WB"] > 4.4, `aligned PESQ ${aligned["PESQ-WB"]}`);
    assert.equal(aligned.lag_check, 1440);
  });

  it("PESQ-WB, STOI and DNSMOS SIG/BAK/OVRL rank clean above a real 0 dB speech + noise mixture", function () {
    const clean = path.join(set, "snr00_lena_default-furnace-active_clean.wav");
    const c = score(clean, clean);
    const n = score(clean, path.join(set, "snr00_lena_default-furnace-active_noisy.wav"));
    for (const k of ["PESQ-WB", "STOI", "SIG", "BAK", "OVRL"] as const) assert.ok(c[k] > n[k], `${k}: clean ${c[k]} vs noisy ${n[k]}`);
    assert.ok(c["PESQ-WB"] > 4.4 && n["PESQ-WB"] < 2, `${c["PESQ-WB"]} ${n["PESQ-WB"]}`);
    assert.ok(Math.abs(n["SI-SDR"]) < 1, `noisy at 0 dB SNR: SI-SDR ${n["SI-SDR"]}`);
  });

  it("batch mode prints a Markdown row per SNR whose SI-SDR matches the input SNR within 0.5 dB", function () {
    const out = py(["-m", "models.eval.metrics", "--set", set, "--only", "SI-SDR,STOI,PESQ-WB"]);
    const rows = out.split("\n").filter((l) => /^\| (0|10) dB \(1\) \|/.test(l));
    assert.equal(rows.length, 2, out);
    for (const r of rows) {
      const cells = r.split("|").map((s) => s.trim());
      const snr = parseFloat(cells[1]);
      const sisdr = parseFloat(cells[2]);
      assert.ok(Math.abs(sisdr - snr) < 0.5, r);
    }
    assert.match(out, /\| SNR \(pairs\) \| SI-SDR \| STOI \| PESQ-WB \| SIG \| BAK \| OVRL \|/);
  });

  it("DNSMOS segments as the README says: repeat short clips, trunc(len/16000 - 9.01) + 1 windows", function () {
    const r = pyJson<number[]>(`
import json, numpy as np
from models.eval import dnsmos
rng = np.random.default_rng(0)
print(json.dumps([dnsmos.score16k(rng.standard_normal(n).astype(np.float32) * 0.05)['segments'] for n in (16000 * 3, 144160, 16000 * 12, 16000 * 12 + 8000)]))`);
    // 3 s doubles to 6, then 12 s: trunc(12 - 9.01) + 1 = 3; 144160: 1; 12 s: 3; 12.5 s: 4
    assert.deepEqual(r, [3, 1, 3, 4]);
  });
});

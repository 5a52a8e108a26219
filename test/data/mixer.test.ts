// The mixer: pairs written to disk have the requested SNR within 0.1 dB (measured here from the
// WAV files as clean vs noisy - clean), the requested level, seeded determinism, and generated
// noises with the spectra their names promise.
import * as assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { py, pyJson, smallManifest, tmp } from "./helpers.ts";

const MEASURE = (dir: string) => `
import json, glob, numpy as np, soundfile as sf
out = {}
for c in sorted(glob.glob('${dir}/*_clean.wav')):
    pid = c.split('/')[-1][:-10]
    s, _ = sf.read(c); y, _ = sf.read(c[:-10] + '_noisy.wav')
    n = y - s
    out[pid] = dict(snr=10*np.log10(np.sum(s**2)/np.sum(n**2)), peak=float(np.abs(y).max()))
print(json.dumps(out))`;

describe("mixer", function () {
  before(() => smallManifest());

  for (const snr of [-5, 12.5, 25]) {
    it(`written real speech + real noise pairs are at ${snr} dB SNR within 0.1 dB`, function () {
      const d = tmp("mix");
      py(["-m", "models.data.mix", "--tier", "small", "--split", "test", "--count", "3", "--seconds", "3",
        "--seed", "5", "--snr", `${snr}`, `${snr}`, "--reverb-prob", "0", "--clip-prob", "0", "--bandlimit-prob", "0",
        "--generated-prob", "0", "--out", d]);
      const got = pyJson<Record<string, { snr: number; peak: number }>>(MEASURE(d));
      assert.equal(Object.keys(got).length, 3);
      for (const [id, g] of Object.entries(got)) {
        assert.ok(Math.abs(g.snr - snr) < 0.1, `${id}: ${g.snr.toFixed(3)} dB`);
        assert.ok(g.peak < 1, id);
        const meta = JSON.parse(readFileSync(path.join(d, `${id}.json`), "utf8"));
        assert.ok(meta.noise.category, "real noise was used");
      }
    });
  }

  it("hits the requested speech level (or peaks at 0.99) and the SNR with generated white, pink and hum noise", function () {
    const r = pyJson<{ snr: number; level: number; peak: number }[]>(`
import json, numpy as np
from models.data import mix, audio
m = mix.load_manifest('small')
sp = mix.pool(m, 'speech', 'test')
out = []
for i, (snr, lvl) in enumerate([(-5, -35.0), (10, -26.0), (25, -18.0)]):
    rng = np.random.default_rng(i)
    s, _ = mix.speech_clip(sp, 48000 * 3, rng)
    v, _ = mix.generate_noise(['white', 'pink', 'hum'][i], len(s), rng)
    c, y, info = mix.mix_at_snr(s, v, snr, lvl)
    out.append(dict(snr=mix.snr_db(c, y - c), level=20*np.log10(audio.active_rms(c)), peak=float(np.abs(y).max())))
print(json.dumps(out))`);
    const want = [[-5, -35], [10, -26], [25, -18]];
    r.forEach((g, i) => {
      assert.ok(Math.abs(g.snr - want[i][0]) < 0.01, `snr ${g.snr}`);
      // the requested level, unless the mixture would peak above 0.99: then turned down to that peak
      const atLevel = Math.abs(g.level - want[i][1]) < 0.01;
      const peakLimited = g.level < want[i][1] && Math.abs(g.peak - 0.99) < 1e-9;
      assert.ok(atLevel || peakLimited, `level ${g.level}, peak ${g.peak}`);
      assert.ok(g.peak <= 0.99 + 1e-9);
    });
  });

  it("the same seed gives the same pairs byte for byte, another seed does not", function () {
    const args = (seed: string, d: string) => ["-m", "models.data.mix", "--tier", "small", "--split", "test", "--count", "2",
      "--seconds", "2", "--seed", seed, "--reverb-prob", "1", "--clip-prob", "0.5", "--bandlimit-prob", "0.5", "--out", d];
    const [a, b, c] = [tmp("mixa"), tmp("mixb"), tmp("mixc")];
    py(args("9", a));
    py(args("9", b));
    py(args("10", c));
    const f = "test_9_000001_noisy.wav";
    assert.ok(readFileSync(path.join(a, f)).equals(readFileSync(path.join(b, f))));
    assert.ok(!readFileSync(path.join(a, "test_9_000000_clean.wav")).equals(readFileSync(path.join(c, "test_10_000000_clean.wav"))));
  });

  it("generated noises have their spectra: white flat, pink -3 dB/oct, brown -6 dB/oct, hum at 50 or 60 Hz", function () {
    const r = pyJson<Record<string, number>>(`
import json, numpy as np
from scipy import signal
from models.data import mix
out = {}
for k in ['white', 'pink', 'brown']:
    x, _ = mix.generate_noise(k, 48000 * 4, np.random.default_rng(3))
    f, p = signal.welch(x, 48000, nperseg=8192)
    band = lambda lo: np.mean(p[(f >= lo) & (f < 2 * lo)])
    out[k] = float(np.mean([10*np.log10(band(200 * 2**i) / band(100 * 2**i)) for i in range(6)]))
x, meta = mix.generate_noise('hum', 48000 * 4, np.random.default_rng(4))
f, p = signal.welch(x, 48000, nperseg=48000)
out['hum_peak'] = float(f[np.argmax(p)]); out['hum_f0'] = meta['f0_hz']
print(json.dumps(out))`);
    assert.ok(Math.abs(r.white) < 0.5, `white ${r.white}`);
    assert.ok(Math.abs(r.pink + 3.01) < 0.6, `pink ${r.pink}`);
    assert.ok(Math.abs(r.brown + 6.02) < 0.6, `brown ${r.brown}`);
    assert.ok(Math.abs(r.hum_peak - r.hum_f0) <= 1.5 && [50, 60].some((f) => Math.abs(r.hum_f0 - f) < 0.5), `${r.hum_peak} ${r.hum_f0}`);
  });

  it("the extended generators have their shapes: rumble low-passed with its firing tones, crackle impulsive, roar peaked at its resonance", function () {
    const r = pyJson<Record<string, number>>(`
import json, numpy as np
from scipy import signal, stats
from models.data import mix
out = {}
x, m = mix.generate_noise('rumble', 48000 * 4, np.random.default_rng(5))
f, p = signal.welch(x, 48000, nperseg=48000)
out['rumble_low'] = float(10*np.log10(np.sum(p[f < m['lowpass_hz']]) / np.sum(p[f >= 4 * m['lowpass_hz']])))
near = (f > m['f0_hz'] - 3) & (f < m['f0_hz'] + 3)
out['rumble_tone'] = float(10*np.log10(p[near].max() / np.median(p[(f > 20) & (f < 400)])))
out['rumble_tone_db'] = m['tone_db']
x, m = mix.generate_noise('crackle', 48000 * 4, np.random.default_rng(6))
out['crackle_kurtosis'] = float(stats.kurtosis(x))
x, _ = mix.generate_noise('pink', 48000 * 4, np.random.default_rng(6))
out['pink_kurtosis'] = float(stats.kurtosis(x))
x, m = mix.generate_noise('roar', 48000 * 4, np.random.default_rng(7))
f, p = signal.welch(x, 48000, nperseg=8192)
out['roar_peak'] = float(f[np.argmax(p * f)]); out['roar_hz'] = m['peak_hz']  # f p: the peak over the pink floor
# 10 ms clips: some draw no click at all (a short clip at a low rate) and must still give noise
out['short_crackle_finite'] = float(all(np.isfinite(mix.generate_noise('crackle', 480, np.random.default_rng(s))[0]).all() for s in range(200)))
for k in mix.EXTENDED:
    y, _ = mix.generate_noise(k, 48000, np.random.default_rng(8))
    out['rms_' + k] = float(np.sqrt(np.mean(y**2))); out['finite_' + k] = float(np.isfinite(y).all())
print(json.dumps(out))`);
    assert.ok(r.rumble_low > 15, `rumble: ${r.rumble_low} dB below its low-pass`);
    assert.ok(r.rumble_tone > 6 || r.rumble_tone_db < -15, `rumble tone ${r.rumble_tone} dB at ${r.rumble_tone_db}`);
    assert.ok(r.crackle_kurtosis > 10 && Math.abs(r.pink_kurtosis) < 1, `kurtosis crackle ${r.crackle_kurtosis}, pink ${r.pink_kurtosis}`);
    assert.ok(Math.abs(Math.log2(r.roar_peak / r.roar_hz)) < 0.5, `roar ${r.roar_peak} Hz vs ${r.roar_hz}`);
    assert.equal(r.short_crackle_finite, 1, "a crackle clip with no click");
    for (const k of ["white", "pink", "brown", "hum", "rumble", "crackle", "roar"]) {
      assert.ok(Math.abs(r[`rms_${k}`] - 1) < 1e-6 && r[`finite_${k}`] === 1, `${k} has unit RMS`);
    }
  });

  it("--generators extended draws the new kinds; the default keeps the basic recipe's options", function () {
    const d = tmp("mixext"), b = tmp("mixbasic");
    const common = ["-m", "models.data.mix", "--tier", "small", "--split", "test", "--count", "8", "--seconds", "1",
      "--seed", "3", "--generated-prob", "1", "--reverb-prob", "0"];
    py([...common, "--generators", "extended", "--out", d]);
    py([...common, "--out", b]);
    const ext = JSON.parse(readFileSync(path.join(d, "index.json"), "utf8"));
    const basic = JSON.parse(readFileSync(path.join(b, "index.json"), "utf8"));
    assert.equal(ext.options.generators, "extended");
    assert.equal("generators" in basic.options, false);
    const kinds = (i: { pairs: { noise: string }[] }) => new Set(i.pairs.map((p) => p.noise));
    assert.ok([...kinds(ext)].some((k) => ["rumble", "crackle", "roar"].includes(k)), [...kinds(ext)].join());
    assert.ok([...kinds(basic)].every((k) => ["white", "pink", "brown", "hum"].includes(k)), [...kinds(basic)].join());
  });

  it("image-method RIRs decay at the requested RT60 and start at the direct-path delay", function () {
    const r = pyJson<{ rt: number[]; first: number; direct: number }>(`
import json, numpy as np
from models.data import rir
out = {'rt': []}
for rt60 in (0.3, 0.8):
    h = rir.image_rir([6, 4, 3], [2, 1.5, 1.2], [4.5, 2.5, 1.6], rt60, rng=np.random.default_rng(0))
    edc = np.cumsum(h[::-1]**2)[::-1]; edc_db = 10*np.log10(edc / edc[0])
    t5, t25 = np.argmax(edc_db <= -5), np.argmax(edc_db <= -25)
    out['rt'].append(3 * (t25 - t5) / 48000)  # T20 extrapolated to 60 dB
d = np.linalg.norm(np.array([2, 1.5, 1.2]) - np.array([4.5, 2.5, 1.6]))
out['direct'] = d / 343 * 48000; out['first'] = int(np.argmax(np.abs(h)))
print(json.dumps(out))`);
    assert.ok(Math.abs(r.rt[0] - 0.3) < 0.1, `RT60 0.3 -> ${r.rt[0]}`);
    assert.ok(Math.abs(r.rt[1] - 0.8) < 0.2, `RT60 0.8 -> ${r.rt[1]}`);
    assert.ok(Math.abs(r.first - r.direct) <= 1, `${r.first} vs ${r.direct}`);
  });
});

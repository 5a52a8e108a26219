// The fixed test mixtures (scripts/setup.d/testset.sh: --reverb-per-snr 1): real speech + real noise,
// four clips at each of 0, 5, 10, 15 and 20 dB plus one reverberant twin per SNR, made only from
// test-split files, at the stated SNR, byte-identical when remade, and the pairs of the earlier
// 0-15 dB set (which the demo, the firmware tests and the bench read) unchanged by the additions.
import * as assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { py, pyJson, smallManifest, tmp } from "./helpers.ts";

interface Pair { id: string; snr_db: number; speech: string; noise: string; seconds: number; reverb?: boolean }

describe("test mixtures", function () {
  const m = smallManifest();
  const a = tmp("tsa");
  const b = tmp("tsb");
  const old = tmp("tsold");
  before(function () {
    py(["-m", "models.data.testset", a, "--reverb-per-snr", "1"]);
    py(["-m", "models.data.testset", b, "--reverb-per-snr", "1"]);
    py(["-m", "models.data.testset", old, "--snrs", "0", "5", "10", "15"]);
  });
  const pairs = (): Pair[] => JSON.parse(readFileSync(path.join(a, "index.json"), "utf8")).pairs;

  it("cover 0, 5, 10, 15 and 20 dB with four dry clips and one reverberant pair each, at least 30 s", function () {
    const idx = JSON.parse(readFileSync(path.join(a, "index.json"), "utf8"));
    const ps = pairs();
    const dry = ps.filter((p) => !p.reverb);
    const rev = ps.filter((p) => p.reverb);
    assert.deepEqual([...new Set(dry.map((p) => p.snr_db))], [0, 5, 10, 15, 20]);
    for (const snr of [0, 5, 10, 15, 20]) {
      assert.equal(dry.filter((p) => p.snr_db === snr).length, 4, `${snr} dB dry`);
      assert.equal(rev.filter((p) => p.snr_db === snr).length, 1, `${snr} dB reverb`);
    }
    for (const p of rev) assert.match(p.id, /_rev$/);
    assert.equal(new Set(rev.map((p) => p.speech)).size, 4, "the reverberant pairs rotate over the clips");
    assert.equal(idx.reverb_per_snr, 1);
    assert.ok(idx.total_seconds >= 30, `${idx.total_seconds} s`);
    // few and short: the fixed set stays under 5 minutes of audio
    assert.ok(idx.total_seconds < 300, `${idx.total_seconds} s`);
  });

  it("use only real test-split speech and noise from the manifest", function () {
    const split = new Map(m.files.map((e) => [e.id, e.status === "ok" ? e.split : "dropped"]));
    const metas = readdirSync(a).filter((f) => f.endsWith(".json") && f !== "index.json");
    assert.equal(metas.length, 25);
    for (const f of metas) {
      const meta = JSON.parse(readFileSync(path.join(a, f), "utf8"));
      for (const id of meta.speech) assert.equal(split.get(id), "test", id);
      assert.equal(split.get(meta.noise.id), "test", meta.noise.id);
    }
  });

  it("dry pairs: noisy minus clean is at the stated SNR within 0.1 dB in the written files", function () {
    const r = pyJson<[string, number, number][]>(`
import json, glob, numpy as np, soundfile as sf
out = []
for j in sorted(glob.glob('${a}/snr*.json')):
    meta = json.load(open(j)); base = j[:-5]
    if 'reverb' in meta: continue
    s, _ = sf.read(base + '_clean.wav'); y, _ = sf.read(base + '_noisy.wav')
    out.append([meta['id'], meta['snr_db'], float(10*np.log10(np.sum(s**2)/np.sum((y-s)**2)))])
print(json.dumps(out))`);
    assert.equal(r.length, 20);
    for (const [id, want, got] of r) assert.ok(Math.abs(want - got) < 0.1, `${id}: ${got}`);
  });

  it("reverberant pairs: the twin of a dry pair (same clip, noise excerpt, SNR), target = direct path + 50 ms", function () {
    for (const p of pairs().filter((q) => q.reverb)) {
      const wet = JSON.parse(readFileSync(path.join(a, `${p.id}.json`), "utf8"));
      const dry = JSON.parse(readFileSync(path.join(a, `${p.id.replace(/_rev$/, "")}.json`), "utf8"));
      assert.deepEqual(wet.noise, dry.noise, p.id);
      assert.deepEqual(wet.speech, dry.speech, p.id);
      assert.equal(wet.snr_db, dry.snr_db);
      assert.equal(wet.target, "direct path + reflections up to 50 ms");
      assert.ok(wet.reverb.rt60_s >= 0.2 && wet.reverb.rt60_s <= 1.0, p.id);
    }
  });

  it("are byte-identical when made twice", function () {
    const files = readdirSync(a).sort();
    assert.deepEqual(readdirSync(b).sort(), files);
    for (const f of files) assert.ok(readFileSync(path.join(a, f)).equals(readFileSync(path.join(b, f))), f);
  });

  it("keep every pair of the 0-15 dB set byte for byte (the demo's snr05_lena_fire-fire among them)", function () {
    const olds = readdirSync(old).filter((f) => f !== "index.json");
    assert.equal(olds.length, 48);
    assert.ok(olds.includes("snr05_lena_fire-fire_noisy.wav"));
    for (const f of olds) assert.ok(readFileSync(path.join(a, f)).equals(readFileSync(path.join(old, f))), f);
  });
});

describe("reverberant test mixtures", function () {
  it("keep the early-reflection target aligned with the noisy input (lag 0) and score below the dry pair", function () {
    smallManifest();
    const dry = tmp("tsdry");
    const wet = tmp("tswet");
    py(["-m", "models.data.testset", dry, "--per-snr", "1", "--snrs", "15"]);
    py(["-m", "models.data.testset", wet, "--per-snr", "1", "--snrs", "15", "--reverb"]);
    const idx = JSON.parse(readFileSync(path.join(wet, "index.json"), "utf8"));
    assert.equal(idx.reverb, true);
    const id = idx.pairs[0].id as string;
    assert.match(id, /_rev$/);
    const meta = JSON.parse(readFileSync(path.join(wet, `${id}.json`), "utf8"));
    assert.ok(meta.reverb.rt60_s >= 0.2 && meta.reverb.rt60_s <= 1.0);
    const s = (dir: string, pid: string) => JSON.parse(py(["-m", "models.eval.metrics", "--clean", path.join(dir, `${pid}_clean.wav`),
      "--est", path.join(dir, `${pid}_noisy.wav`), "--only", "SI-SDR", "--json"]));
    const w = s(wet, id);
    const d = s(dry, id.replace(/_rev$/, ""));
    assert.equal(w.lag_check, 0);
    assert.ok(w["SI-SDR"] < d["SI-SDR"] - 3, `reverberant ${w["SI-SDR"]} vs dry ${d["SI-SDR"]}`);
  });
});

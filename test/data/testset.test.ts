// The oracle table's test mixtures: at least 30 s of real speech + real noise at 0, 5, 10 and
// 15 dB, made only from test-split files, at the stated SNR, and byte-identical when remade.
import * as assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { py, pyJson, smallManifest, tmp } from "./helpers.ts";

describe("test mixtures", function () {
  const m = smallManifest();
  const a = tmp("tsa");
  const b = tmp("tsb");
  before(function () {
    py(["-m", "models.data.testset", a]);
    py(["-m", "models.data.testset", b]);
  });

  it("cover 0, 5, 10 and 15 dB with at least 30 s of audio in total", function () {
    const idx = JSON.parse(readFileSync(path.join(a, "index.json"), "utf8"));
    assert.deepEqual([...new Set(idx.pairs.map((p: { snr_db: number }) => p.snr_db))], [0, 5, 10, 15]);
    assert.ok(idx.total_seconds >= 30, `${idx.total_seconds} s`);
  });

  it("use only real test-split speech and noise from the manifest", function () {
    const split = new Map(m.files.map((e) => [e.id, e.status === "ok" ? e.split : "dropped"]));
    const metas = readdirSync(a).filter((f) => f.endsWith(".json") && f !== "index.json");
    assert.ok(metas.length >= 4);
    for (const f of metas) {
      const meta = JSON.parse(readFileSync(path.join(a, f), "utf8"));
      for (const id of meta.speech) assert.equal(split.get(id), "test", id);
      assert.equal(split.get(meta.noise.id), "test", meta.noise.id);
    }
  });

  it("noisy minus clean is at the stated SNR within 0.1 dB in the written files", function () {
    const r = pyJson<[string, number, number][]>(`
import json, glob, numpy as np, soundfile as sf
out = []
for j in sorted(glob.glob('${a}/snr*.json')):
    meta = json.load(open(j)); base = j[:-5]
    s, _ = sf.read(base + '_clean.wav'); y, _ = sf.read(base + '_noisy.wav')
    out.append([meta['id'], meta['snr_db'], float(10*np.log10(np.sum(s**2)/np.sum((y-s)**2)))])
print(json.dumps(out))`);
    for (const [id, want, got] of r) assert.ok(Math.abs(want - got) < 0.1, `${id}: ${got}`);
  });

  it("are byte-identical when made twice", function () {
    const files = readdirSync(a).sort();
    assert.deepEqual(readdirSync(b).sort(), files);
    for (const f of files) assert.ok(readFileSync(path.join(a, f)).equals(readFileSync(path.join(b, f))), f);
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

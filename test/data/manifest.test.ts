// The data tool's manifest: every file's sha256 matches the bytes on disk, the fields the dataset
// needs are recorded, and the filters drop what data-sources.md names as defective.
import * as assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { CACHE, fullManifest, pyJson, smallManifest, tmp } from "./helpers.ts";

describe("data manifest", function () {
  const m = smallManifest();

  it("every sha256 in the small-tier manifest matches its raw file, recomputed here", function () {
    assert.ok(m.files.length >= 100, `only ${m.files.length} files`);
    for (const e of m.files) {
      const h = createHash("sha256").update(readFileSync(path.join(CACHE, e.raw_file))).digest("hex");
      assert.equal(h, e.sha256, e.id);
    }
  });

  it("records package, pinned version, path, duration, sample rate, clip ratio and bandwidth for every kept file", function () {
    const pinned = new Map(m.sources.map((s) => [s.package, s.version]));
    for (const pkg of ["alsa-utils", "audio-lena", "gcin-voice", "onsen", "minetest-data"]) assert.ok(pinned.has(pkg), pkg);
    for (const e of m.files.filter((f) => f.status === "ok")) {
      assert.equal(e.version, pinned.get(e.package), e.id);
      assert.ok(e.path.length > 0 && e.sample_rate! >= 8000 && e.duration_s! > 0, e.id);
      assert.ok(e.clip_ratio! >= 0 && e.clip_ratio! <= 0.001, `${e.id} clip ratio ${e.clip_ratio}`);
      assert.ok(e.bandwidth_hz! >= 12000, `${e.id} bandwidth ${e.bandwidth_hz}`);
      assert.ok(e.split === "train" || e.split === "val" || e.split === "test", e.id);
      assert.ok(e.audio48, e.id);
    }
  });

  it("the 48 kHz mono copies have the manifest's duration", function () {
    const kept = m.files.filter((f) => f.status === "ok");
    const pick = [kept[0], kept[Math.floor(kept.length / 2)], kept[kept.length - 1]];
    const files = JSON.stringify(pick.map((e) => path.join(CACHE, e.audio48!)));
    const got = pyJson<{ sr: number; ch: number; n: number }[]>(
      `import json, soundfile as sf\nprint(json.dumps([dict(sr=i.samplerate, ch=i.channels, n=i.frames) for i in map(sf.info, ${files})]))`,
    );
    got.forEach((g, i) => {
      assert.equal(g.sr, 48000);
      assert.equal(g.ch, 1);
      assert.ok(Math.abs(g.n / 48000 - pick[i].duration_s!) < 0.002, `${pick[i].id}: ${g.n / 48000} vs ${pick[i].duration_s}`);
    });
  });

  it("drops alsa-utils' synthetic Noise.wav", function () {
    const e = m.files.find((f) => f.path.endsWith("/Noise.wav"));
    assert.ok(e);
    assert.equal(e!.status, "dropped");
  });

  it("the filters drop a clipped file and a band-limited file and keep a fullband one", function () {
    const d = tmp("filters");
    const r = pyJson<Record<string, { status: string; drop_reason: string | null; bandwidth_hz: number; clip_ratio: number }>>(`
import json, numpy as np, soundfile as sf
from scipy import signal
from models.data import fetch
rng = np.random.default_rng(1)
fs = 44100
x = rng.standard_normal(fs * 3) * 0.1
clipped = np.clip(x * 20, -1, 1)
sos = signal.butter(12, 8000, fs=fs, output='sos')
low = signal.sosfilt(sos, x)
out = {}
for name, y in [('full', x), ('clipped', clipped), ('low8k', low)]:
    p = '${d}/' + name + '.ogg'
    sf.write(p, y, fs, format='OGG', subtype='VORBIS')
    e = fetch._measure(('t', 'noise', name, p, '${d}/' + name + '.wav', None))
    out[name] = {k: e.get(k) for k in ('status', 'drop_reason', 'bandwidth_hz', 'clip_ratio')}
print(json.dumps(out))
`);
    assert.equal(r.full.status, "ok", JSON.stringify(r.full));
    assert.equal(r.clipped.status, "dropped");
    assert.match(r.clipped.drop_reason!, /clipped/);
    assert.equal(r.low8k.status, "dropped");
    assert.match(r.low8k.drop_reason!, /band-limited/);
    assert.ok(Math.abs(r.low8k.bandwidth_hz - 8000) < 1500, `measured ${r.low8k.bandwidth_hz}`);
  });

  it("the full tier (when fetched) drops the defective sets data-sources.md names", function () {
    const f = fullManifest();
    if (!f) this.skip();
    const by = (re: RegExp) => f!.files.filter((e) => re.test(e.id));
    for (const [re, what] of [
      [/^tuxpaint-stamps-default:.*_desc_(ca|el)\.ogg$/, "Tux Paint ca/el"],
      [/^ktuberling-data:usr\/share\/ktuberling\/sounds\/(es|fi|it|nds|nl|pt|sv|ca)\//, "ktuberling 8/22 kHz sets"],
    ] as [RegExp, string][]) {
      const set = by(re);
      assert.ok(set.length > 0, what);
      assert.ok(set.every((e) => e.status === "dropped"), what);
    }
    const da128 = f!.files.filter((e) => e.package === "klettres-data" && e.sample_rate === 128000);
    assert.ok(da128.every((e) => e.status === "dropped"));
  });
});

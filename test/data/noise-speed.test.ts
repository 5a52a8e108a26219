// The rich recipe's noise speed change (models/data/augment.py noise_speed_prob): a noise file played
// f times as fast has its spectrum scaled by f, and the change is drawn apart from everything else,
// so a recipe with and without it makes the same speech, levels and noise files (a matched ablation).
import * as assert from "node:assert/strict";
import { pyJson } from "./helpers.ts";

const FAKE_POOL = `
import numpy as np
from models.data import augment
tone = (0.5 * np.sin(2 * np.pi * 1000 * np.arange(48000 * 3) / 48000)).astype(np.float32)
augment._audio["tone"] = (tone, 0.35)
pool = [{"id": "tone", "category": "test:tone"}]
def peak_hz(x):
    s = np.abs(np.fft.rfft(x * np.hanning(len(x))))
    return float(np.argmax(s) * 48000 / len(x))
`;

describe("rich recipe: noise speed change", function () {
  it("a noise played 0.5x, 1.37x and 2x as fast has its 1 kHz tone at 500 Hz, ~1370 Hz and 2 kHz, n samples long", function () {
    const r = pyJson(`${FAKE_POOL}
import json
out = {}
for f in (0.5, 1.37, 2.0):
    v, meta = augment.speed_noise_run(pool, 48000, np.random.default_rng(1), f)
    out[str(f)] = [len(v), peak_hz(v), meta["speed"]]
print(json.dumps(out))`) as Record<string, [number, number, number]>;
    for (const [f, [n, hz, speed]] of Object.entries(r)) {
      assert.equal(n, 48000);
      assert.ok(Math.abs(hz - 1000 * Number(f)) < 5, `speed ${f}: peak at ${hz} Hz`);
      assert.ok(Math.abs(speed - Number(f)) < 0.01);
    }
  });

  it("with noise_speed_prob 0 or 1 the pair rng's draws are the same: same noise file, offset and next draw", function () {
    const r = pyJson(`${FAKE_POOL}
import json
out = []
for p in (0.0, 1.0):
    rng = np.random.default_rng([7, 3, 15]); srng = np.random.default_rng([7, 3, 16])
    opts = {**augment.DEFAULTS, "babble_prob": 0.0, "generated_prob": 0.0, "noise_speed_prob": p}
    v, meta = augment.one_noise([], pool, 48000, rng, opts, srng)
    out.append([meta["offset"], meta.get("speed"), float(rng.random())])
print(json.dumps(out))`) as [number, number | null, number][];
    assert.equal(r[0][0], r[1][0]);
    assert.equal(r[0][2], r[1][2]);
    assert.equal(r[0][1], null);
    assert.ok(r[1][1]! >= 0.5 && r[1][1]! <= 2);
  });
});

// percepnet denoise: the exact-JS reference and the generated host C give the same bytes on more
// than 30 s of real noisy speech: oracle mode, the trained network (the firmware's mode) and the
// baseline noise-floor rule.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { runHost, runReference } from "../../sim/engines/engines.ts";
import { readWavInput } from "../../sim/audio/wav-input.ts";

const SET = path.resolve(".cache/testset");
const PAIRS = ["snr00_lena_default-furnace-active", "snr10_gcin3_fire-fire", "snr15_alsa_fire-fire"];

describe("denoise engines: reference and host C agree byte for byte on real noisy speech", function () {
  this.timeout(600_000);
  const pairs = PAIRS.map((id) => ({
    id,
    noisy: readWavInput(path.join(SET, `${id}_noisy.wav`)).samples,
    clean: readWavInput(path.join(SET, `${id}_clean.wav`)).samples,
  }));

  it("the pairs hold at least 30 s of audio", function () {
    const s = pairs.reduce((a, p) => a + p.noisy.length, 0) / 48000;
    assert.ok(s >= 30, `${s.toFixed(1)} s`);
    assert.ok(fs.existsSync(path.join(SET, "index.json")));
  });

  for (const mode of ["oracle", "net", "baseline"] as const) {
    for (const [comb, postfilter] of mode === "oracle" ? [[false, false], [true, false], [true, true]] : [[true, true]]) {
      it(`${mode}, comb ${comb ? "on" : "off"}, postfilter ${postfilter ? "on" : "off"}: identical output`, async function () {
        for (const p of pairs) {
          const job = { noisy: p.noisy, clean: mode === "oracle" ? p.clean : undefined, gains: mode === "baseline" ? ("baseline" as const) : ("net" as const), comb, postfilter };
          const ref = await runReference(job);
          const host = await runHost(job);
          assert.equal(host.length, p.noisy.length);
          const at = ref.findIndex((v, i) => v !== host[i]);
          assert.equal(at, -1, `${p.id}: first difference at sample ${at}: ref ${ref[at]}, host ${host[at]}`);
          // Not a trivial pass: the output differs from the input (the enhancer did something).
          assert.ok(ref.some((v, i) => v !== p.noisy[i]));
        }
      });
    }
  }
});

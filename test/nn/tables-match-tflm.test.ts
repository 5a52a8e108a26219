// The firmware route: a description turned into a subset module of constant tables and a step
// function (models/nn/tables.py), compiled with spec/nn to exact JS and to host C, gives TFLM's
// values for every layer output and state, frame by frame (headset size, 100 frames).
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { compare, loadDescription, loadTflm, readFeatures, unpackC } from "../../models/nn/ref.ts";
import { buildNetModule, collectHostC, collectJs } from "./net-module.ts";
import { py, ROOT, tmpDir } from "./helpers.ts";

describe("nn tables: generated constant tables + step function equal TFLM", function () {
  this.timeout(120_000);
  const FRAMES = 100;
  for (const [seed, profile] of [[41, "realistic"]] as const) {
    it(`headset ${profile}: exact JS and host C, every output and state, ${FRAMES} frames`, async () => {
      const dir = tmpDir("tables");
      // Generated modules must sit inside the repository for their relative spec imports.
      fs.mkdirSync(path.join(ROOT, "build"), { recursive: true }); // a fresh checkout has no build/ yet
      const gen = fs.mkdtempSync(path.join(ROOT, "build", "nn_tables_"));
      try {
        py("cli", ["gen", "--size", "headset", "--seed", String(seed), "--profile", profile, "--frames", String(FRAMES), "--out", dir, "--run"]);
        const out = path.join(dir, "compiled");
        const mod = buildNetModule(`${dir}/model`, gen, out);
        const { desc } = loadDescription(dir);
        const tflm = loadTflm(`${dir}/tflm`);
        const names = tflm.map((o) => o.name);
        const features = readFeatures(dir);
        const n = desc.tensors[desc.inputs[0]].size;

        // Exact JS.
        const js = compare(unpackC(await collectJs(mod, features, n, FRAMES), desc, FRAMES, names), tflm);
        // Host C: the host harness's `net` command over this module.
        const c = compare(unpackC(collectHostC(mod, out, features, n, FRAMES), desc, FRAMES, names), tflm);

        assert.equal(js.length, 17);
        for (const [side, res] of [["exact JS", js], ["host C", c]] as const) {
          for (const a of res) {
            assert.equal(a.agree, a.total, `${side} ${a.name}: ${a.agree}/${a.total}, first ${JSON.stringify(a.first)}`);
          }
        }
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
        fs.rmSync(gen, { recursive: true, force: true });
      }
    });
  }
});

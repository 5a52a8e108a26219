// The topology (models/nn/topology.py) is what training and the exporter build from, widths
// included: a tiny run with one width changed (train.py --widths strength_gru=24) trains, the
// exporter builds the description with the run's widths (export_model.py reads them from
// train.json, the manifest records them), and TFLM on the exported .tflite equals the reference
// (spec/nn as exact JS, driven by the description) on every output and state.
// Trains with PyTorch (/usr/bin/python3, as fine-tune-norm.test.ts), so it is skipped without torch.
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { compare, loadDescription, loadTflm, readFeatures, RefNet, type Layers } from "../../models/nn/ref.ts";
import { nn } from "../nn/exact.ts";
import { py as nnPy, ROOT, venvPython } from "../nn/helpers.ts";
import { hasTorch, TORCH_PY, writeSyntheticFeatures } from "./helpers.ts";

const FRAMES = 80;

function run(python: string, args: string[]): string {
  const r = spawnSync(python, args, { cwd: ROOT, encoding: "utf8" });
  assert.equal(r.status, 0, `${python} ${args.join(" ")}\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

describe("training with one width changed (train.py --widths)", function () {
  this.timeout(600_000);
  before(function () {
    if (!hasTorch()) this.skip();
  });

  it("trains, exports the changed width, and TFLM on the .tflite equals the reference bit for bit", async function () {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pn-widths-"));
    try {
      writeSyntheticFeatures(`${dir}/d.pnft`, { seed: 3, seqs: 2, frames: 300 });
      run(TORCH_PY, ["-m", "models.train.train", "--data", `${dir}/d.pnft`, "--size", "headset", "--widths", "strength_gru=24", "--device", "cpu",
        "--threads", "1", "--float-epochs", "1", "--qat-epochs", "1", "--batch", "4", "--qat-batch", "4", "--out", `${dir}/run`]);
      const model = path.join(dir, "model");
      run(venvPython(), ["-m", "models.train.export_model", `${dir}/run`, "--out", model]);

      const { desc, blob } = loadDescription(model);
      const g = desc.layers.find((l) => l.name === "strength_gru")!;
      assert.ok(g.kind === "gru" && g.hidden === 24, "the description has the run's width");
      const manifest = JSON.parse(fs.readFileSync(path.join(model, "manifest.json"), "utf8"));
      assert.equal(manifest.widths.strength_gru, 24);
      assert.equal(manifest.widths.gru, 32, "the other widths are the size's");

      run(venvPython(), ["-c", `
import numpy as np, sys
sys.path.insert(0, ".")
from models.nn import arch
desc, _ = arch.load("${model}/model")
x = arch.random_inputs(desc, ${FRAMES}, 5)
np.save("${model}/features.npy", x)
x.tofile("${model}/features.i8")
`]);
      nnPy("cli", ["run", model]);
      const tflm = loadTflm(`${model}/tflm`);
      const ref = new RefNet(desc, blob, (await nn("layers")) as Layers);
      const res = compare(ref.run(readFeatures(model), FRAMES), tflm);
      assert.equal(res.length, 17);
      for (const r of res) assert.equal(r.agree, r.total, `${r.name}: ${r.agree}/${r.total}, first mismatch ${JSON.stringify(r.first)}`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

// models/train/train.py --init: a fine-tune keeps the feature normalization its starting weights
// were trained with (the weights see the same inputs), whatever the new data's statistics; and the
// exported model's manifest names the run it started from (training.init: the weights' sha256 and
// that run's own record), so the chain of commands behind a fine-tuned model is in its manifest.
// Trains two tiny runs with PyTorch (training's Python, /usr/bin/python3: not part of the project's
// setup, docs/training.md), so it is skipped where torch is absent.
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { exportRun, hasTorch, torchPy as py, writeSyntheticFeatures } from "./helpers.ts";

describe("fine-tuning (train.py --init)", function () {
  let dir = "";
  before(function () {
    if (!hasTorch()) this.skip();
    this.timeout(600_000);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "pn-ft-"));
    // two data sets whose features differ in mean and spread
    writeSyntheticFeatures(`${dir}/a.pnft`, { seed: 1, seqs: 4, frames: 400, mean: 0.0, sd: 1.0 });
    writeSyntheticFeatures(`${dir}/b.pnft`, { seed: 4, seqs: 4, frames: 400, mean: 3.0, sd: 2.5 });
    const common = ["--size", "headset", "--device", "cpu", "--threads", "1", "--float-epochs", "1", "--qat-epochs", "1", "--qat-batch", "4", "--batch", "4"];
    py(["-m", "models.train.train", "--data", `${dir}/a.pnft`, ...common, "--out", `${dir}/a`]);
    py(["-m", "models.train.train", "--data", `${dir}/b.pnft`, "--init", `${dir}/a/trained.npz`, ...common, "--out", `${dir}/ft`]);
    py(["-m", "models.train.train", "--data", `${dir}/b.pnft`, ...common, "--out", `${dir}/b`]);
  });
  after(function () {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("keeps the init run's feature mean and std, not the new data's", function () {
    const r = JSON.parse(py(["-c", `
import numpy as np, json
a, ft, b = (np.load("${dir}/" + n + "/trained.npz") for n in ("a", "ft", "b"))
print(json.dumps({"ft_is_a": bool(np.array_equal(a["mean"], ft["mean"]) and np.array_equal(a["std"], ft["std"])),
                  "b_differs": bool(abs(float(b["mean"].mean()) - float(a["mean"].mean())) > 1)}))
`]).trim());
    assert.deepEqual(r, { ft_is_a: true, b_differs: true });
  });

  it("records the starting run in the exported manifest (training.init), and none for a run from scratch", function () {
    this.timeout(600_000);
    const exp = (run: string) => exportRun(`${dir}/${run}`, `${dir}/m-${run}`).training;
    const ft = exp("ft");
    const sha = spawnSync("sha256sum", [`${dir}/a/trained.npz`], { encoding: "utf8" }).stdout.split(" ")[0];
    assert.equal(ft.init.weights, `${dir}/a/trained.npz`);
    assert.equal(ft.init.weights_sha256, sha);
    assert.equal(ft.init.run.options.out, `${dir}/a`);
    assert.equal(ft.init.run.init, null);
    assert.equal(exp("b").init, null);
  });
});

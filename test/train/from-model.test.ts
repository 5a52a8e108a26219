// models/train/from_model.py: a committed model folder back into a run's trained.npz, so a fine-tune can
// start from the committed int8 weights when the float run that made them is gone. The proof that the
// parameters land where training keeps them: exporting the written run gives the committed files back
// byte for byte (every weight row, scale, bias, calibrated activation and the normalization), for all three
// trained sizes. The fine-tune itself needs PyTorch (training's Python), skipped where torch is absent.
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ROOT, venvPython } from "../nn/helpers.ts";
import { exportRun, hasTorch, torchPy as py, writeSyntheticFeatures } from "./helpers.ts";

function venv(args: string[]): string {
  const r = spawnSync(venvPython(), args, { cwd: ROOT, encoding: "utf8" });
  assert.equal(r.status, 0, `${args.join(" ")}\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

const FILES = ["model.json", "model.bin", "model.tflite", "norm.f32"];

/** The manifest of a committed model folder (models/trained/SIZE). */
function committedManifest(size: string): Record<string, any> {
  return JSON.parse(fs.readFileSync(path.join(ROOT, "models", "trained", size, "manifest.json"), "utf8"));
}

describe("models.train.from_model: a committed model as a run to fine-tune", function () {
  this.timeout(600_000);
  let dir = "";
  before(function () {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "pn-from-model-"));
  });
  after(function () {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  for (const size of ["headset", "m7", "full"]) {
    it(`exports the ${size} model's run back to the committed files, byte for byte`, function () {
      const model = path.join(ROOT, "models", "trained", size);
      venv(["-m", "models.train.from_model", model, "--out", `${dir}/${size}-run`]);
      // no --size: the export takes the run's own (from_model records the folder's)
      exportRun(`${dir}/${size}-run`, `${dir}/${size}-model`);
      for (const f of FILES) {
        const a = fs.readFileSync(path.join(model, f));
        const b = fs.readFileSync(path.join(dir, `${size}-model`, f));
        assert.ok(a.equals(b), `${size}/${f} differs after from_model + export_model`);
      }
      const info = JSON.parse(fs.readFileSync(`${dir}/${size}-run/train.json`, "utf8"));
      const man = committedManifest(size);
      assert.deepEqual(info.from_model.sha256, man.sha256, "the run names the files it came from");
    });
  }

  it("refuses a folder without a manifest, in one line", function () {
    fs.mkdirSync(`${dir}/empty`);
    const r = spawnSync(venvPython(), ["-m", "models.train.from_model", `${dir}/empty`, "--out", `${dir}/x`], { cwd: ROOT, encoding: "utf8" });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /manifest\.json: no such file/);
    assert.equal(r.stderr.trim().split("\n").length, 1);
    assert.ok(!fs.existsSync(`${dir}/x`), "nothing written");
  });

  it("starts a fine-tune whose export names the committed model it came from", function () {
    if (!hasTorch()) this.skip();
    venv(["-m", "models.train.from_model", path.join(ROOT, "models", "trained", "headset"), "--out", `${dir}/base`]);
    writeSyntheticFeatures(`${dir}/t.pnft`, { seed: 1, seqs: 4, frames: 400 });
    // train.py loads the parameters strictly: a missing or misnamed one fails here
    py(["-m", "models.train.train", "--data", `${dir}/t.pnft`, "--init", `${dir}/base/trained.npz`, "--size", "headset",
      "--device", "cpu", "--threads", "1", "--float-epochs", "1", "--qat-epochs", "0", "--batch", "4", "--energy-shift", "2",
      "--out", `${dir}/ft`]);
    const man = exportRun(`${dir}/ft`, `${dir}/ft-model`);
    assert.equal(man.training.init.run.from_model.name, "headset-trained");
    assert.ok(man.training.init.run.from_model.training_init, "the committed model's own chain is kept");
    assert.deepEqual(man.training.init.run.from_model.data,
      committedManifest("headset").data, "and its data");
    assert.equal(man.input.energy_shift, 2);
    // epoch-bounded on the CPU, from a fixed conversion of committed files: the commands repeat the weights
    assert.deepEqual(man.training.stopped_by, { float: "epochs", qat: "epochs" });
    assert.equal(man.reproducible.weights, true);
    assert.equal(man.reproducible.runs.length, 2);
    assert.ok(man.reproducible.runs[1].from_model.endsWith(path.join("models", "trained", "headset")));
  });

  it("says when a run's weights cannot be repeated: a wall-time bound", function () {
    if (!hasTorch()) this.skip();
    writeSyntheticFeatures(`${dir}/w.pnft`, { seed: 2, seqs: 4, frames: 400 });
    py(["-m", "models.train.train", "--data", `${dir}/w.pnft`, "--size", "headset", "--device", "cpu", "--threads", "1",
      "--float-epochs", "1000000000", "--float-seconds", "0.01", "--qat-epochs", "0", "--batch", "4", "--out", `${dir}/timed`]);
    const man = exportRun(`${dir}/timed`, `${dir}/timed-model`);
    assert.equal(man.training.stopped_by.float, "time");
    assert.equal(man.reproducible.weights, false);
  });

  it("records an init kept in the fine-tune's own folder as weights without a run, instead of recursing into itself", function () {
    venv(["-m", "models.train.from_model", path.join(ROOT, "models", "trained", "headset"), "--out", `${dir}/self`]);
    // a record as train.py writes it for `--init DIR/trained.npz --out DIR`: the folder's train.json is the fine-tune's own
    const tj = `${dir}/self/train.json`;
    const rec = JSON.parse(fs.readFileSync(tj, "utf8"));
    delete rec.from_model;
    rec.options = { ...rec.options, init: `${dir}/self/trained.npz`, out: `${dir}/self` };
    rec.repeatable = true;
    fs.writeFileSync(tj, JSON.stringify(rec));
    const man = exportRun(`${dir}/self`, `${dir}/self-model`);
    assert.equal(man.training.init.weights, `${dir}/self/trained.npz`);
    assert.equal(man.training.init.run, undefined, "the folder's record is the fine-tune's, not its init's");
    assert.equal(man.reproducible.weights, false);
    assert.equal(man.reproducible.runs[1].missing, "the run's train.json");
  });

  it("reads older records: a wall-time-bounded base makes the chain not repeatable (the headset of commit ab67307)", function () {
    // that model's manifest "training" record, kept as a fixture (the committed headset has since been replaced
    // by a repeatable fine-tune of it); its base run predates train.py's own "repeatable" field
    const out = venv(["-c", `
import json, sys
sys.path.insert(0, ".")
from models.train.export_model import reproducible
print(json.dumps(reproducible(json.load(open("test/train/fixtures/headset-5i-training.json")))))`]);
    const r = JSON.parse(out);
    assert.equal(r.weights, false);
    assert.deepEqual(r.runs.map((x: { repeatable: boolean }) => x.repeatable), [true, false]);
  });

  it("the committed headset's manifest says its commands repeat its weights, from the mixtures", function () {
    const man = committedManifest("headset");
    assert.equal(man.reproducible.weights, true, JSON.stringify(man.reproducible));
    assert.ok(man.reproducible.runs.every((x: { repeatable: boolean }) => x.repeatable));
    assert.ok(man.data.length > 0 && man.data.every((d: { file_sha256: string; hours: number }) => d.file_sha256 && d.hours > 0));
    assert.match(man.command, /models\.train\.train /);
    // from the mixtures: no run of the chain starts from a committed model's files, the first from nothing
    assert.ok(man.reproducible.runs.every((x: { from_model?: string }) => !x.from_model));
    let r = man.training;
    while (r.init) {
      assert.ok(r.init.run, `no record of the run that made ${r.init.weights}`);
      r = r.init.run;
    }
    assert.equal(r.options.init, null, "the chain's first run trains from scratch");
  });
});

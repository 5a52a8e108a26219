// models.model_module turns a model folder's manifest options into the generated norm module the
// build compiles (sim/c-build/spec-build.ts): here the log-energy feature floor (input.energy_floor).
import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

describe("models.model_module: the manifest's feature options reach the generated module", function () {
  this.timeout(120_000);
  it("the manifest's input.energy_floor becomes NET_ENERGY_FLOOR (1e-2 where absent); a floor outside (0, 1] is refused", function () {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pn-floor-"));
    const tmp = path.join(path.resolve("spec"), `.model-floor-${process.pid}`);
    try {
      for (const f of ["model.json", "model.bin", "norm.f32"]) fs.copyFileSync(path.join("models/trained/headset", f), path.join(dir, f));
      const man = JSON.parse(fs.readFileSync("models/trained/headset/manifest.json", "utf8"));
      const run = () => execFileSync(".venv/bin/python", ["-m", "models.model_module", dir, "--out", tmp], { stdio: "pipe" });
      // a manifest written before the option (the exporter writes it now): the reference's 1e-2, as f32
      delete man.input.energy_floor;
      fs.writeFileSync(path.join(dir, "manifest.json"), JSON.stringify(man));
      run();
      assert.match(fs.readFileSync(path.join(tmp, "norm.ts"), "utf8"), /export const NET_ENERGY_FLOOR: f32 = 0\.009999999776482582;/);
      man.input.energy_floor = 1e-8;
      fs.writeFileSync(path.join(dir, "manifest.json"), JSON.stringify(man));
      run();
      assert.match(fs.readFileSync(path.join(tmp, "norm.ts"), "utf8"), /export const NET_ENERGY_FLOOR: f32 = 9\.99999993922529e-09;/);
      man.input.energy_floor = 0;
      fs.writeFileSync(path.join(dir, "manifest.json"), JSON.stringify(man));
      assert.throws(run, /energy_floor 0 is not a number in \(0, 1\]/);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

// spec/model/ is generated from the committed trained model (models/headset): regenerating it
// gives the same files byte for byte, so the firmware runs exactly the model in models/headset.
import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

describe("spec/model: generated from models/headset and up to date", function () {
  this.timeout(120_000);
  it("python -m models.model_module models/headset reproduces spec/model/net.ts and norm.ts", function () {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "pn-model-"));
    // Generate beside spec/ so the module's relative imports come out the same.
    const tmp = path.join(path.resolve("spec"), `.model-check-${process.pid}`);
    try {
      execFileSync(".venv/bin/python", ["-m", "models.model_module", "models/headset", "--out", tmp], { stdio: "pipe" });
      for (const f of ["net.ts", "norm.ts"]) {
        const want = fs.readFileSync(path.join("spec/model", f), "utf8");
        const got = fs.readFileSync(path.join(tmp, f), "utf8");
        assert.ok(got === want, `spec/model/${f} is stale: run python -m models.model_module models/headset --out spec/model`);
      }
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
      fs.rmSync(out, { recursive: true, force: true });
    }
  });

  it("the manifest's input.energy_floor becomes NET_ENERGY_FLOOR (1e-2 where absent); a floor outside (0, 1] is refused", function () {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pn-floor-"));
    const tmp = path.join(path.resolve("spec"), `.model-floor-${process.pid}`);
    try {
      for (const f of ["model.json", "model.bin", "norm.f32"]) fs.copyFileSync(path.join("models/headset", f), path.join(dir, f));
      const man = JSON.parse(fs.readFileSync("models/headset/manifest.json", "utf8"));
      assert.equal(man.input.energy_floor, undefined, "the committed model predates the option");
      const run = () => execFileSync(".venv/bin/python", ["-m", "models.model_module", dir, "--out", tmp], { stdio: "pipe" });
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

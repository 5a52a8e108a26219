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
});

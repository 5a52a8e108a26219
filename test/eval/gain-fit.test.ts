// models/eval/gain_fit.py's ranking and calibration figures (issue 15's diagnosis), on made-up predictions.
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";

function py(code: string): string {
  const r = spawnSync(".venv/bin/python", ["-c", code], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim();
}

describe("gain_fit: how a network's gains fit their targets", () => {
  it("AUC is 1 for a perfect ranking, 0 reversed, 0.5 for ties, and counts ties as half", () => {
    const out = py(`
from models.eval.gain_fit import auc
import numpy as np
print(auc(np.array([.9, .8]), np.array([.1, .2])), auc(np.array([.1]), np.array([.9])),
      auc(np.array([.5, .5]), np.array([.5])), auc(np.array([.6, .4]), np.array([.5, .4])))`);
    assert.deepEqual(out.split(" ").map(Number), [1, 0, 0.5, 0.625]);
  });

  it("the report's calibration table gives the mean target per predicted-gain bin", () => {
    const out = py(`
from models.eval.gain_fit import report
import numpy as np
pred = np.array([[[0.05, 0.55, 0.55, 0.95]]]); target = np.array([[[0.0, 0.4, 1.0, 1.0]]])
print(report(np.array([0]), pred, target))`);
    assert.match(out, /\| 0\.5\.\.0\.6 \| 2 \| 0\.700 \| 0\.50 \|/);
    assert.match(out, /Ranking: AUC 1\.000/);
  });
});

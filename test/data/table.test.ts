// The comparison-table runner: a command row that only delays the noisy input by the enhancer's
// 1440 samples scores exactly like the noisy row (so the delay handling is right), a delayed clean
// pass-through scores as the ceiling, and the Markdown has a table per SNR with the rows in order.
import * as assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { PY, py, smallManifest, tmp } from "./helpers.ts";

describe("comparison table", function () {
  it("a delay-only enhancer row equals the noisy row, a delayed clean row is the ceiling, one table per SNR", function () {
    smallManifest();
    const d = tmp("table");
    const set = path.join(d, "set");
    py(["-m", "models.data.testset", set, "--per-snr", "1", "--snrs", "0", "10"]);
    const delay = path.join(d, "delay.py");
    writeFileSync(delay, `import sys, numpy as np, soundfile as sf
x, fs = sf.read(sys.argv[1]); sf.write(sys.argv[2], np.concatenate([np.zeros(1440), x]), fs, subtype="PCM_16")
`);
    const md = path.join(d, "table.md");
    const json = path.join(d, "table.json");
    py(["-m", "models.eval.table", "--set", set, "--work", path.join(d, "runs"), "--md", md, "--json", json,
      "--only", "SI-SDR,STOI,PESQ-WB",
      "--row", "noisy=", "--row", `delayed noisy=${PY} ${delay} {noisy} {out}`, "--row", `delayed clean=${PY} ${delay} {clean} {out}`]);
    const text = readFileSync(md, "utf8");
    const sections = text.split("\n## ").slice(1).map((s) => s.split("\n")[0]);
    assert.deepEqual(sections, ["0 dB SNR (1 pairs)", "10 dB SNR (1 pairs)", "All pairs (2 pairs)"]);
    const res = JSON.parse(readFileSync(json, "utf8")) as { label: string; delay: number; pairs: { id: string; metrics: Record<string, number> }[] }[];
    assert.deepEqual(res.map((r) => [r.label, r.delay]), [["noisy", 0], ["delayed noisy", 1440], ["delayed clean", 1440]]);
    res[0].pairs.forEach((p, i) => {
      const q = res[1].pairs[i].metrics;
      for (const k of ["SI-SDR", "STOI", "PESQ-WB"]) assert.ok(Math.abs(p.metrics[k] - q[k]) < 1e-3, `${p.id} ${k}: ${p.metrics[k]} vs ${q[k]}`);
      const c = res[2].pairs[i].metrics;
      assert.ok(c["PESQ-WB"] > 4.4 && c.STOI > 0.999 && c["SI-SDR"] > 60, JSON.stringify(c));
      assert.ok(c["PESQ-WB"] > p.metrics["PESQ-WB"] && c.STOI > p.metrics.STOI);
    });
  });
});

// Shared by the tests that train tiny runs: training's Python (/usr/bin/python3 with PyTorch: not part of
// the project's setup, docs/training.md), synthetic .pnft feature files, and the exporter.
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { ROOT, venvPython } from "../nn/helpers.ts";

export const TORCH_PY = "/usr/bin/python3";

/** Whether training's Python has torch (the tests that train skip without it). */
export function hasTorch(): boolean {
  return spawnSync(TORCH_PY, ["-c", "import torch"]).status === 0;
}

/** Runs training's Python in the repository; its stdout, or the test fails with its stderr. */
export function torchPy(args: string[]): string {
  const r = spawnSync(TORCH_PY, args, { cwd: ROOT, encoding: "utf8" });
  assert.equal(r.status, 0, `${TORCH_PY} ${args.join(" ")}\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/**
 * A .pnft of `seqs` sequences of `frames` frames: 70 features ~ N(mean, sd), 68 targets ~ U(lo, hi),
 * from numpy's default_rng(seed).
 */
export function writeSyntheticFeatures(file: string, o: { seed: number; seqs: number; frames: number; mean?: number; sd?: number; lo?: number; hi?: number }): void {
  const { seed, seqs, frames, mean = 0, sd = 1, lo = 0, hi = 1 } = o;
  torchPy(["-c", `
import numpy as np, sys
sys.path.insert(0, ".")
from models.train import dataset
r = np.random.default_rng(${seed})
seqs = []
for _ in range(${seqs}):
    x = np.zeros((${frames}, 138), np.float32)
    x[:, :70] = r.normal(${mean}, ${sd}, (${frames}, 70))
    x[:, 70:] = r.uniform(${lo}, ${hi}, (${frames}, 68))
    seqs.append(x)
dataset.write(${JSON.stringify(file)}, seqs)
`]);
}

/** models.train.export_model RUN --out OUT; the exported manifest. */
export function exportRun(run: string, out: string): Record<string, any> {
  const r = spawnSync(venvPython(), ["-m", "models.train.export_model", run, "--out", out], { cwd: ROOT, encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(fs.readFileSync(path.join(out, "manifest.json"), "utf8"));
}

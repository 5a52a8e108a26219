// Builds the host harness of the training tools (docs/training.md) over spec/dsp alone, with codegen:
//   npx tsx models/train/build.ts OUTDIR   -> OUTDIR/pn_harness (firmware/host/pn_harness.c; `features`)
// No model is needed: the features are the signal path's. The generated C is bit-identical with the
// exact-JS reference (codegen's contract). Denoising with a model goes through the product
// (`percepnet denoise --model`; models/train/enhance.py wraps it).
import * as fs from "node:fs";
import * as path from "node:path";
import { compileToDir } from "../../codegen/src/index.ts";
import { REPO_ROOT } from "../../codegen/src/host-build.ts";
import { buildHarness } from "../../sim/engines/harness.ts";

function tsFiles(dir: string): string[] {
  return fs.readdirSync(dir).filter((f) => f.endsWith(".ts")).sort().map((f) => path.join(dir, f));
}

const [outArg] = process.argv.slice(2);
if (!outArg || process.argv.length !== 3) {
  console.error("usage: build.ts OUTDIR");
  process.exit(2);
}
const out = path.resolve(outArg);
fs.mkdirSync(out, { recursive: true });
// Built in a private folder and renamed into place: two feature tools started together (two data
// sets made at once) must not run a half-written harness or compile into each other's gen/.
const work = fs.mkdtempSync(path.join(out, ".build-"));
try {
  const gen = path.join(work, "gen");
  compileToDir(tsFiles(path.join(REPO_ROOT, "spec/dsp")), gen);
  const built = buildHarness(path.join(gen, "c"), path.join(work, "pn_harness"));
  const exe = path.join(out, "pn_harness");
  fs.renameSync(built, exe);
  console.log(exe);
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}

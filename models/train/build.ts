// Builds the host-C feature driver of the training tools (docs/training.md) from the spec with codegen:
//   npx tsx models/train/build.ts feat OUTDIR              -> OUTDIR/feat_driver (spec/dsp)
// The generated C is bit-identical with the exact-JS reference (codegen's contract). Denoising with
// a model goes through the product (`percepnet denoise --model`; models/train/enhance.py wraps it).
import * as fs from "node:fs";
import * as path from "node:path";
import { compileToDir } from "../../codegen/src/index.ts";
import { buildHost, REPO_ROOT } from "../../codegen/src/host-build.ts";

function tsFiles(dir: string): string[] {
  return fs.readdirSync(dir).filter((f) => f.endsWith(".ts")).sort().map((f) => path.join(dir, f));
}

const [what, outArg] = process.argv.slice(2);
if (what !== "feat" || !outArg) {
  console.error("usage: build.ts feat OUTDIR");
  process.exit(2);
}
const out = path.resolve(outArg);
fs.mkdirSync(out, { recursive: true });
// Built in a private folder and renamed into place: two feature tools started together (two data
// sets made at once) must not run a half-written driver or compile into each other's gen/.
const work = fs.mkdtempSync(path.join(out, ".build-"));
try {
  const files = tsFiles(path.join(REPO_ROOT, "spec/dsp"));
  const gen = path.join(work, "gen");
  compileToDir(files, gen);
  const cDir = path.join(gen, "c");
  const extra = [path.join(REPO_ROOT, "models/train/c", `${what}_driver.c`)];
  // the drivers include "train_headers.h": the generated headers wherever the module root put them
  const header = (name: string): string => {
    const hit = fs.readdirSync(cDir, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(name)).sort();
    if (!hit.length) throw new Error(`no ${name} in ${cDir}`);
    return `#include "${hit[0].split(path.sep).join("/")}"\n`;
  };
  fs.writeFileSync(path.join(work, "train_headers.h"), header("dsp/denoiser.h"));
  const built = buildHost({ cDir, extra: [...extra, `-I${work}`], exe: path.join(work, `${what}_driver`) });
  const exe = path.join(out, `${what}_driver`);
  fs.renameSync(built, exe);
  console.log(exe);
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}

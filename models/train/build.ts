// Builds the host-C drivers of the training tools (docs/training.md) from the spec with codegen:
//   npx tsx models/train/build.ts feat OUTDIR              -> OUTDIR/feat_driver (spec/dsp)
//   npx tsx models/train/build.ts enhance OUTDIR NET.ts    -> OUTDIR/enhance_driver (spec/dsp, spec/nn
//                                                             with its glue, and a tables module of the model)
// The generated C is bit-identical with the exact-JS reference (codegen's contract).
import * as fs from "node:fs";
import * as path from "node:path";
import { CODEGEN_MARKER, compileToDir } from "../../codegen/src/index.ts";
import { buildHost, REPO_ROOT } from "../../codegen/src/host-build.ts";

function tsFiles(dir: string): string[] {
  return fs.readdirSync(dir).filter((f) => f.endsWith(".ts")).sort().map((f) => path.join(dir, f));
}

const [what, outArg, netArg] = process.argv.slice(2);
if (!what || !outArg || (what !== "feat" && what !== "enhance") || (what === "enhance" && !netArg)) {
  console.error("usage: build.ts feat OUTDIR | build.ts enhance OUTDIR NET.ts");
  process.exit(2);
}
const out = path.resolve(outArg);
fs.mkdirSync(out, { recursive: true });
const dsp = tsFiles(path.join(REPO_ROOT, "spec/dsp"));
let files = [...dsp];
if (what === "enhance") {
  // the tables module must sit inside the repository so that every module has a root-relative name
  files = [...files, ...tsFiles(path.join(REPO_ROOT, "spec/nn")), path.resolve(netArg)];
}
const gen = path.join(out, "gen");
// gen/ is this tool's own subfolder: one written before codegen marked its folders is replaced too.
if (fs.existsSync(gen) && !fs.existsSync(path.join(gen, CODEGEN_MARKER))) fs.rmSync(gen, { recursive: true, force: true });
compileToDir(files, gen);
const cDir = path.join(gen, "c");
const extra = [path.join(REPO_ROOT, "models/train/c", `${what}_driver.c`)];
// the drivers include "train_headers.h": the generated headers wherever the module root put them
function header(name: string): string {
  const hit = fs.readdirSync(cDir, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(name)).sort();
  if (!hit.length) throw new Error(`no ${name} in ${cDir}`);
  return `#include "${hit[0].split(path.sep).join("/")}"\n`;
}
let inc = header("dsp/denoiser.h");
if (what === "enhance") {
  const net = path.basename(netArg).replace(/\.ts$/, ".h");
  inc += header("nn/glue.h") + header(`/${net}`);
}
fs.writeFileSync(path.join(out, "train_headers.h"), inc);
const exe = buildHost({ cDir, extra: [...extra, `-I${out}`], exe: path.join(out, `${what}_driver`) });
console.log(exe);

/**
 * The generated spec for one trained model, built once per content: build/gen/<hash>/ (sim/c-build/build-root.ts)
 * holds the exact-JS reference (js/) and the C (c/) of every spec module, and src/spec/, the copy
 * of spec/ they were compiled from with the model module (model/net.ts, model/norm.ts, generated
 * by models/model_module.py from the model folder) in it. spec/model/ itself holds only the
 * module's interface (*.d.ts): the model is a build input, never generated into spec/. Keyed by
 * the hash of spec/, codegen/src/, the generator and the model, so every command and test uses
 * the same generated code without regenerating it.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { compileFiles, writeFiles } from "../../codegen/src/index.ts";
import { BUILD_DIR, privateTempDir, publishDir } from "./build-root.ts";
import { release, removeOnExit } from "../leftovers.ts";
import { resolveModel, type Model } from "../engines/model.ts";
export { privateTempDir } from "./build-root.ts";
import { REPO_ROOT } from "../../codegen/src/host-build.ts";

const SPEC_DIR = path.join(REPO_ROOT, "spec");
/** Where the model module goes in the staged spec; in spec/ this folder holds only its interface. */
const MODEL_SUBDIR = "model";
/** The sources that turn a model folder into the model module. */
const GENERATOR = ["models/model_module.py", "models/nn/tables.py", "models/nn/arch.py"].map((f) => path.join(REPO_ROOT, f));
/** A model module larger than this is compiled in a child Node with a large heap (the full size's is 45 MB). */
const IN_PROCESS_LIMIT_BYTES = 8 << 20;

function listTs(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...listTs(p));
    else if (e.name.endsWith(".ts")) out.push(p);
  }
  return out.sort();
}

/** The spec's own files: everything in spec/ but the model module's interface. */
function specSources(): string[] {
  return listTs(SPEC_DIR).filter((f) => !f.startsWith(path.join(SPEC_DIR, MODEL_SUBDIR) + path.sep));
}

export interface GeneratedSpec {
  dir: string;
  jsDir: string;
  cDir: string;
  /** The staged spec the code was compiled from (with the model module in model/). */
  specDir: string;
  model: Model;
}

/** The generated spec with this model (default: the product's, models/trained/headset). */
export function generatedSpec(model: Model = resolveModel(undefined)): GeneratedSpec {
  const sources = specSources();
  const h = createHash("sha256");
  for (const f of [...sources, ...listTs(path.join(REPO_ROOT, "codegen/src")), ...GENERATOR]) h.update(path.relative(REPO_ROOT, f)).update(fs.readFileSync(f));
  h.update(model.sha256);
  const dir = path.join(BUILD_DIR, "gen", h.digest("hex").slice(0, 16));
  const result = { dir, jsDir: path.join(dir, "js"), cDir: path.join(dir, "c"), specDir: path.join(dir, "src", "spec"), model };
  if (fs.existsSync(path.join(dir, "js/prelude.mjs"))) return result;
  // Generated into a private folder and renamed into place; a run that loses the race keeps the winner's.
  const tmp = privateTempDir(path.dirname(dir));
  removeOnExit(tmp);
  try {
    const staged = stageSpec(sources, model, path.join(tmp, "src", "spec"));
    const modules = listTs(staged).filter((f) => path.basename(f) !== "prelude.ts");
    if (fs.statSync(path.join(staged, MODEL_SUBDIR, "net.ts")).size > IN_PROCESS_LIMIT_BYTES) compileInChild(staged, tmp);
    else writeFiles(compileFiles(modules).files, tmp);
    fs.writeFileSync(path.join(tmp, "model.json"), JSON.stringify({ name: model.name, dir: model.label, sha256: model.sha256, macsPerFrame: model.macsPerFrame }, null, 1) + "\n");
    publishDir(tmp, dir);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
    release(tmp);
  }
  return result;
}

/** Whether command-line paths name the repository's spec/ as a whole (none given counts too). */
export function namesRepoSpec(paths: string[]): boolean {
  return paths.length === 0 || (paths.length === 1 && path.resolve(paths[0]) === SPEC_DIR);
}

/**
 * Run fn on a temporary staged spec (a copy of spec/ with the model module generated in): what
 * `percepnet check` and `codegen` see when given no paths. fn gets the staged module files and a
 * map from a staged path back to the file in spec/ (the copies are byte for byte the same).
 */
export function withStagedSpec<T>(model: Model, fn: (files: string[], toSource: (p: string) => string) => T): T {
  const tmp = privateTempDir(path.join(BUILD_DIR, "gen"));
  removeOnExit(tmp);
  try {
    const staged = stageSpec(specSources(), model, path.join(tmp, "spec"));
    const files = listTs(staged).filter((f) => path.basename(f) !== "prelude.ts");
    const toSource = (p: string) => (p.startsWith(staged + path.sep) && !p.startsWith(path.join(staged, MODEL_SUBDIR) + path.sep) ? path.join(SPEC_DIR, path.relative(staged, p)) : p);
    return fn(files, toSource);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
    release(tmp);
  }
}

/** A copy of spec/ at dest with the model module generated into dest/model/. */
function stageSpec(sources: string[], model: Model, dest: string): string {
  for (const f of sources) {
    const to = path.join(dest, path.relative(SPEC_DIR, f));
    fs.mkdirSync(path.dirname(to), { recursive: true });
    fs.copyFileSync(f, to);
  }
  const py = path.join(REPO_ROOT, ".venv/bin/python");
  if (!fs.existsSync(py)) throw new Error(`the model module is generated by Python (python -m models.model_module) and ${py} is missing: run bash scripts/setup.sh`);
  const r = spawnSync(py, ["-m", "models.model_module", model.dir, "--out", path.join(dest, MODEL_SUBDIR), "--spec", dest], { cwd: REPO_ROOT, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`${model.label}: generating its model module failed: ${(r.stderr || r.stdout || String(r.error)).trim().split("\n").pop()}`);
  return dest;
}

/**
 * Compile the staged spec in a child Node with a large heap: a module of 10 M weights as
 * TypeScript literals needs ~12 GB in ts-morph (PN_NODE_HEAP_MB overrides; docs/training.md 4b).
 */
function compileInChild(staged: string, tmp: string): void {
  const out = path.join(tmp, "codegen");
  const heap = process.env.PN_NODE_HEAP_MB ?? "12288";
  const r = spawnSync(process.execPath, [`--max-old-space-size=${heap}`, path.join(REPO_ROOT, "bin/percepnet.mjs"), "codegen", "--out", out, staged], { cwd: REPO_ROOT, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`codegen of the staged spec with its large model module failed (heap ${heap} MB, PN_NODE_HEAP_MB): ${(r.stderr || String(r.error)).trim().split("\n").pop()}`);
  for (const e of fs.readdirSync(out)) fs.renameSync(path.join(out, e), path.join(tmp, e));
  fs.rmdirSync(out);
}

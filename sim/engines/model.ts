/**
 * The trained model a build uses: a model folder (models/trained/<name>/ or a user's own) as the export
 * writes it (models/train/export_model.py): manifest.json (percepnet-model/1) naming the
 * description (model.json, percepnet-nn/1), the weights (model.bin), the feature normalization
 * (norm.f32) and the .tflite, with their sha256. `--model NAME|DIR` on denoise, sim, build-real,
 * flash, lib, wasm and eval picks one; without it a board's modelSize does, else headset.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { REPO_ROOT } from "../../codegen/src/host-build.ts";
import { DESCRIPTION_FORMAT, descriptionProblem } from "../../models/nn/description.ts";

/** The product's model when neither --model nor a board says otherwise. */
export const DEFAULT_MODEL = "headset";
/** The trained models (artefacts), apart from the code packages of models/. */
export const MODELS_DIR = path.join(REPO_ROOT, "models", "trained");

export class ModelError extends Error {}

/** The --model option's help, the same on every command. */
export const MODEL_HELP = "the trained model: a name under models/trained/ (headset, m7, full) or a model folder the exporter wrote (manifest.json, model.json, model.bin, norm.f32); default the board's model size (percepnet boards), headset without a board";

export interface Model {
  /** The folder's name (headset, m7, full, or a user's folder's name). */
  name: string;
  /** Absolute path of the model folder. */
  dir: string;
  /** The folder as a user would name it: models/trained/<name> inside the repository, else the absolute path. */
  label: string;
  /** sha256 over the files the build reads (manifest, description, weights, normalization): the model's identity. */
  sha256: string;
  macsPerFrame: number;
  files: { manifest: string; description: string; weights: string; norm: string; tflite?: string };
}

interface Manifest {
  format?: string;
  files?: { description?: string; weights?: string; norm?: string; tflite?: string };
  sha256?: Record<string, string>;
  macs_per_frame?: number;
}

/** NAME (a folder of models/trained/) or DIR (a path), else the board's model size, else headset. */
export function resolveModel(arg: string | undefined, boardModelSize?: string): Model {
  const given = arg ?? boardModelSize ?? DEFAULT_MODEL;
  const named = /^[A-Za-z0-9_-]+$/.test(given) && fs.existsSync(path.join(MODELS_DIR, given, "manifest.json"));
  const dir = named ? path.join(MODELS_DIR, given) : path.resolve(given);
  if (!fs.existsSync(dir))
    throw new ModelError(`--model ${given}: no such model (a name under models/trained/: ${modelNames().join(", ")}; or a folder with manifest.json, model.json, model.bin, norm.f32)`);
  if (!fs.statSync(dir).isDirectory()) throw new ModelError(`--model ${given}: not a folder (give the model folder the exporter wrote, not a file in it)`);
  return loadModel(dir);
}

/** The trained models of the repository (folders of models/trained/ with a manifest). */
export function modelNames(): string[] {
  return fs.readdirSync(MODELS_DIR).filter((d) => fs.existsSync(path.join(MODELS_DIR, d, "manifest.json"))).sort();
}

function loadModel(dir: string): Model {
  const manifestPath = path.join(dir, "manifest.json");
  const tflites = fs.readdirSync(dir).filter((f) => f.endsWith(".tflite"));
  if (!fs.existsSync(manifestPath)) {
    // A .tflite alone: say what about it the product cannot build, or that the description is missing.
    if (tflites.length) throw new ModelError(foreignTflite(path.join(dir, tflites[0])));
    throw new ModelError(`${dir}: no manifest.json: not a model folder (export one with python -m models.train.export_model, docs/training.md)`);
  }
  let m: Manifest;
  try {
    m = JSON.parse(fs.readFileSync(manifestPath, "utf8"));
  } catch (e) {
    throw new ModelError(`${manifestPath}: not JSON (${(e as Error).message.split("\n")[0]})`);
  }
  if (m.format !== "percepnet-model/1") throw new ModelError(`${manifestPath}: format ${JSON.stringify(m.format)}, expected "percepnet-model/1"`);
  const f = m.files ?? {};
  const need = { description: f.description, weights: f.weights, norm: f.norm } as const;
  const missing = Object.entries(need).filter(([, v]) => !v || !fs.existsSync(path.join(dir, v)));
  if (missing.length) {
    const tflite = f.tflite && fs.existsSync(path.join(dir, f.tflite)) ? path.join(dir, f.tflite) : tflites[0] && path.join(dir, tflites[0]);
    const names = missing.map(([k, v]) => `${k} (${v ?? "not named in files"})`).join(", ");
    if (tflite && missing.some(([k]) => k !== "norm")) throw new ModelError(`${foreignTflite(tflite)} [${names} missing]`);
    throw new ModelError(`${dir}: the manifest's ${names} missing`);
  }
  // The files must be those the manifest was written with: an edited or swapped file is refused.
  const files = { manifest: manifestPath, description: path.join(dir, f.description!), weights: path.join(dir, f.weights!), norm: path.join(dir, f.norm!), tflite: f.tflite ? path.join(dir, f.tflite) : undefined };
  for (const p of [files.description, files.weights, files.norm]) {
    const want = m.sha256?.[path.basename(p)];
    if (want && sha256(fs.readFileSync(p)) !== want) throw new ModelError(`${p}: its sha256 is not the one manifest.json records: the folder was changed after export`);
  }
  if (typeof m.macs_per_frame !== "number") throw new ModelError(`${manifestPath}: no macs_per_frame`);
  // The description's version (the generator, models/nn/tables.py, reads percepnet-nn/1 only), then
  // the rest of its schema: one line naming the field, before anything is built.
  let desc: unknown;
  try {
    desc = JSON.parse(fs.readFileSync(files.description, "utf8"));
  } catch (e) {
    throw new ModelError(`${files.description}: not JSON (${(e as Error).message.split("\n")[0]})`);
  }
  const format = (desc as { format?: unknown } | null)?.format;
  if (format !== DESCRIPTION_FORMAT) throw new ModelError(`${files.description}: description format ${JSON.stringify(format)}; the product builds ${DESCRIPTION_FORMAT} descriptions (docs/nn.md)`);
  const problem = descriptionProblem(desc);
  if (problem) throw new ModelError(`${files.description}: ${problem} (models/nn/description.schema.json)`);
  const h = createHash("sha256");
  for (const p of [files.manifest, files.description, files.weights, files.norm]) h.update(path.basename(p)).update("\0").update(fs.readFileSync(p));
  const inRepo = dir.startsWith(MODELS_DIR + path.sep);
  return { name: path.basename(dir), dir, label: inRepo ? path.relative(REPO_ROOT, dir) : dir, sha256: h.digest("hex"), macsPerFrame: m.macs_per_frame, files };
}

function sha256(b: Buffer): string {
  return createHash("sha256").update(b).digest("hex");
}

/**
 * The one-line reason a .tflite without our description cannot be built: the operators, tensor
 * types or fused activations outside what the product's layers compute (models/nn/graph.py names
 * them), else that it was not written by the exporter and so has no percepnet-nn/1 description.
 */
function foreignTflite(tflite: string): string {
  const py = path.join(REPO_ROOT, ".venv/bin/python");
  const r = spawnSync(py, ["-m", "models.nn.model_check", tflite], { cwd: REPO_ROOT, encoding: "utf8" });
  const said = (r.stdout ?? "").trim().split("\n").pop();
  if (r.error || !said) return `${tflite}: not a model folder the exporter wrote (no description model.json; the .tflite could not be inspected: run bash scripts/setup.sh)`;
  return `${tflite}: ${said}`;
}

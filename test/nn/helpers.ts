// Shared by the network tests: the Python venv with TFLM, and running the models/nn tools.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

let python: string | undefined;

/** The venv's python with tflite-micro importable; runs scripts/setup.sh once if it is not. */
export function venvPython(): string {
  if (python) return python;
  const py = path.join(ROOT, ".venv", "bin", "python");
  const ok = () =>
    fs.existsSync(py) &&
    spawnSync(py, ["-c", "import tflite_micro.python.tflite_micro.runtime, tflite_micro.tensorflow.lite.micro.compression.model_editor"], { cwd: ROOT }).status === 0;
  if (!ok()) spawnSync("bash", ["scripts/setup.sh"], { cwd: ROOT, stdio: "inherit" });
  if (!ok()) throw new Error("tflite-micro is not available in .venv: `bash scripts/setup.sh` must install requirements/nn.txt");
  python = py;
  return py;
}

/** Runs `python -m models.nn.<module> args…` in the repository root; throws on failure. */
export function py(module: string, args: string[]): string {
  const r = spawnSync(venvPython(), ["-m", `models.nn.${module}`, ...args], { cwd: ROOT, encoding: "utf8", maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`python -m models.nn.${module} ${args.join(" ")} failed:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

export function tmpDir(tag: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `pn-nn-${tag}-`));
}

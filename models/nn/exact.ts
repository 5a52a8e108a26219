// spec/nn as the exact-JS reference: compiled by codegen once per process into a temp folder
// (every i32 operation wrapping, every narrowing as the subset defines it), plus its C.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { compile, formatDiagnostic } from "../../codegen/src/index.ts";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export const NN_FILES = fs
  .readdirSync(path.join(ROOT, "spec/nn"))
  .filter((f) => f.endsWith(".ts"))
  .sort()
  .map((f) => path.join(ROOT, "spec/nn", f));

let outDir: string | undefined;

/** Compiles spec/nn once; returns the folder holding js/ and c/. */
export function compiledDir(): string {
  if (outDir) return outDir;
  const r = compile(NN_FILES);
  if (r.diagnostics.length) throw new Error(r.diagnostics.map((d) => formatDiagnostic(d)).join("\n"));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pn-nn-exact-"));
  for (const [rel, text] of r.files) {
    const p = path.join(dir, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, text);
  }
  outDir = dir;
  return dir;
}

/** Imports one compiled module of spec/nn by name (e.g. "layers"). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function nn(name: string): Promise<any> {
  return import(pathToFileURL(path.join(compiledDir(), "js", "nn", `${name}.mjs`)).href);
}

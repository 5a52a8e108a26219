// spec/nn as the exact-JS reference: compiled by codegen once per process into a temp folder
// (every i32 operation wrapping, every narrowing as the subset defines it), plus its C.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { compileToDir } from "../../codegen/src/index.ts";

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
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pn-nn-exact-"));
  compileToDir(NN_FILES, dir); // throws SubsetError listing every diagnostic
  outDir = dir;
  return dir;
}

/** Imports one compiled module of spec/nn by name (e.g. "layers"). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function nn(name: string): Promise<any> {
  return import(pathToFileURL(path.join(compiledDir(), "js", "nn", `${name}.mjs`)).href);
}

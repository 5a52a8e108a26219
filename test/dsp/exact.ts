// Loads the signal path as the exact-JS reference: spec/dsp/*.ts compiled by codegen (every f32
// operation rounded to binary32, i32 wrapping), once per process, into a temp folder.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { compileToDir } from "../../codegen/src/index.ts";
import { rng } from "../../firmware/kernels/seeded-random.ts";

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");
export const DSP_FILES = fs
  .readdirSync(path.join(ROOT, "spec/dsp"))
  .filter((f) => f.endsWith(".ts"))
  .sort()
  .map((f) => path.join(ROOT, "spec/dsp", f));

let outDir: string | undefined;

/** Compiles spec/dsp once; returns the folder holding js/ and c/. */
export function compiledDir(): string {
  if (outDir) return outDir;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pn-dsp-"));
  compileToDir(DSP_FILES, dir); // throws SubsetError listing every diagnostic
  outDir = dir;
  return dir;
}

/** Imports one compiled module of spec/dsp by name (e.g. "denoiser"). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function dsp(name: string): Promise<any> {
  return import(pathToFileURL(path.join(compiledDir(), "js", "dsp", `${name}.mjs`)).href);
}

/** A harmonic test signal: f0 with harmonics up to fmax, amplitude 1/h, fixed phases. */
export function harmonic(f0: number, n: number, amp = 0.3, fmax = 8000, fs = 48000): Float32Array {
  const x = new Float32Array(n);
  const nh = Math.floor(fmax / f0);
  for (let h = 1; h <= nh; h++) {
    const w = (2 * Math.PI * h * f0) / fs;
    const ph = 0.3 * h * h;
    for (let i = 0; i < n; i++) x[i] += (amp * Math.sin(w * i + ph)) / h;
  }
  return x;
}

/** mulberry32-based Gaussian noise, reproducible. */
export function noise(n: number, seed: number, sigma = 1): Float32Array {
  const r = rng(seed);
  const u = (): number => (r.u32() + 0.5) / 4294967296; // in (0, 1): log(u) stays finite
  const x = new Float32Array(n);
  for (let i = 0; i < n; i++) x[i] = sigma * Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
  return x;
}

// The compile API: check spec files, then translate every module to exact JS and to C99.
// Nothing is written unless the whole program is in the subset, and the output folder is
// replaced in one rename, so a failed run never leaves half an output behind; only a folder
// codegen made (CODEGEN_MARKER) is ever replaced.
import * as fs from "node:fs";
import * as path from "node:path";
import { ts } from "ts-morph";
import { checkFiles, type CheckResult } from "./checker/index.js";
import { emitJsModule } from "./emit-js/index.js";
import { emitCModule } from "./emit-c/index.js";
import { PRELUDE_PATH } from "./prelude.js";
import { SubsetError, type Diagnostic } from "./diagnostics.js";
import { STREAM_CONFIG_HEADER, STREAM_CONFIG_JSON, STREAM_CONFIG_MODULE, streamConfigHeader, streamConfigJson, streamConstants } from "./stream-config.js";

export { checkFiles } from "./checker/index.js";
export { formatDiagnostic, SubsetError, RULES } from "./diagnostics.js";
export type { Diagnostic } from "./diagnostics.js";

/** Generated files, keyed by path relative to the output folder (js/…, c/…; stream-config.json). */
export type GeneratedFiles = Map<string, string>;

export interface CompileResult {
  diagnostics: Diagnostic[];
  files: GeneratedFiles;
  /** Module names (paths below spec/ without extension), in dependency-free order. */
  modules: string[];
}

/** The prelude as a plain JS module: the exact reference of every builtin. */
export function preludeJs(): string {
  const src = fs.readFileSync(PRELUDE_PATH, "utf8");
  const out = ts.transpileModule(src, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } });
  return `// Generated from spec/prelude.ts: the exact reference of every builtin.\n${out.outputText}`;
}

export function compile(files: string[]): CompileResult {
  const checked: CheckResult = checkFiles(files);
  const out: GeneratedFiles = new Map();
  const modules = checked.cx.modules.map((m) => m.rel);
  if (checked.diagnostics.length > 0) return { diagnostics: checked.diagnostics, files: out, modules };
  out.set("js/prelude.mjs", preludeJs());
  for (const m of checked.cx.modules) {
    out.set(`js/${m.rel}.mjs`, emitJsModule(checked.cx, m));
    const c = emitCModule(checked.cx, m);
    out.set(`c/${m.rel}.h`, c.header);
    out.set(`c/${m.rel}.c`, c.source);
    if (m.rel === STREAM_CONFIG_MODULE) {
      // The stream configuration also as PN_ macros and JSON (codegen/src/stream-config.ts).
      const consts = streamConstants(checked.cx, m);
      out.set(STREAM_CONFIG_HEADER, streamConfigHeader(consts));
      out.set(STREAM_CONFIG_JSON, streamConfigJson(consts));
    }
  }
  return { diagnostics: [], files: out, modules };
}

/** Compile; throws SubsetError with every diagnostic. */
export function compileFiles(files: string[]): CompileResult {
  const r = compile(files);
  if (r.diagnostics.length > 0) throw new SubsetError(r.diagnostics);
  return r;
}

/** The file that marks a folder as made by codegen: only such a folder is ever replaced. */
export const CODEGEN_MARKER = ".percepnet-codegen";

export class OutputFolderError extends Error {}

/** Write generated files (and the marker) into an existing empty folder. */
export function writeFiles(files: GeneratedFiles, dir: string): void {
  for (const [rel, text] of files) {
    const p = path.join(dir, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, text);
  }
  fs.writeFileSync(path.join(dir, CODEGEN_MARKER), "written by percepnet codegen; this folder is replaced as a whole by the next codegen into it\n");
}

/**
 * Compile and write to outDir; throws SubsetError with every diagnostic. The files are written to
 * a temporary folder beside outDir first. outDir may be new, empty, or an earlier codegen output
 * (it has the marker), which is then replaced; any other folder is refused and nothing is deleted.
 */
export function compileToDir(files: string[], outDir: string): CompileResult {
  const abs = path.resolve(outDir);
  const st = fs.statSync(abs, { throwIfNoEntry: false });
  if (st && !st.isDirectory()) throw new OutputFolderError(`${outDir}: exists and is not a folder`);
  const entries = st ? fs.readdirSync(abs) : [];
  const ours = entries.includes(CODEGEN_MARKER);
  if (entries.length > 0 && !ours)
    throw new OutputFolderError(`${outDir}: the folder is not empty and was not made by percepnet codegen; give a new or empty folder (nothing was written or deleted)`);
  fs.mkdirSync(path.dirname(abs), { recursive: true });
  fs.accessSync(path.dirname(abs), fs.constants.W_OK);
  const r = compileFiles(files);
  const tmp = fs.mkdtempSync(path.join(path.dirname(abs), `.${path.basename(abs)}.tmp-`));
  fs.chmodSync(tmp, 0o777 & ~process.umask());
  try {
    writeFiles(r.files, tmp);
    if (!st) fs.renameSync(tmp, abs);
    else if (!ours) {
      // An existing empty folder (perhaps the working directory): move the entries in.
      for (const e of fs.readdirSync(tmp)) fs.renameSync(path.join(tmp, e), path.join(abs, e));
    } else {
      // Our earlier output: swap it out in one rename, then delete it.
      const old = `${tmp}-old`;
      fs.renameSync(abs, old);
      fs.renameSync(tmp, abs);
      fs.rmSync(old, { recursive: true, force: true });
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  return r;
}

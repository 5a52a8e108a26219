// The compile API: check spec files, then translate every module to exact JS and to C99.
// Nothing is written unless the whole program is in the subset, so a failed run never leaves half
// an output behind; codegen replaces only the files it wrote itself (listed in CODEGEN_MARKER).
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

/** The file that marks a folder as made by codegen; it lists the files codegen wrote there. */
export const CODEGEN_MARKER = ".percepnet-codegen";
const MARKER_HEADER = "written by percepnet codegen; the next codegen into this folder replaces the files listed below and leaves any other file alone";

export class OutputFolderError extends Error {}

/** Write generated files (and the marker listing them) into an existing empty folder. */
export function writeFiles(files: GeneratedFiles, dir: string): void {
  for (const [rel, text] of files) {
    const p = path.join(dir, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, text);
  }
  fs.writeFileSync(path.join(dir, CODEGEN_MARKER), [MARKER_HEADER, ...[...files.keys()].sort()].join("\n") + "\n");
}

/** Every file below dir, as paths relative to it with "/" separators. */
function listFiles(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => !e.isDirectory())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join("/"));
}

/**
 * The files an earlier codegen wrote into dir, from its marker. A marker of the first format
 * (no list) stands for what codegen has always written: js/*.mjs, c/*.c|h and stream-config.json.
 */
function writtenBefore(dir: string): Set<string> {
  const lines = fs.readFileSync(path.join(dir, CODEGEN_MARKER), "utf8").split("\n").slice(1).filter(Boolean);
  if (lines.length) return new Set(lines);
  return new Set(listFiles(dir).filter((f) => /^(js\/.*\.mjs|c\/.*\.[ch]|stream-config\.json)$/.test(f)));
}

/** Remove dir and its parents up to (not including) root while they are empty. */
function removeEmptyDirs(dir: string, root: string): void {
  for (let d = dir; d !== root && d.startsWith(root + path.sep); d = path.dirname(d)) {
    if (fs.readdirSync(d).length) return;
    fs.rmdirSync(d);
  }
}

/**
 * Compile and write to outDir; throws SubsetError with every diagnostic. The files are written to
 * a temporary folder beside outDir first, so nothing is written when the compile fails. outDir
 * may be new, empty, or an earlier codegen output (it has the marker): there the files the earlier
 * run wrote are replaced and every other file is left alone. A non-empty folder codegen did not
 * make is refused, and so is one where a new file would overwrite a file codegen did not write.
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
  const before = ours ? writtenBefore(abs) : new Set<string>();
  if (st) {
    const foreign = [...r.files.keys()].find((f) => !before.has(f) && fs.existsSync(path.join(abs, f)));
    if (foreign) throw new OutputFolderError(`${path.join(outDir, foreign)}: exists and was not written by percepnet codegen; move it away (nothing was written or deleted)`);
  }
  const tmp = fs.mkdtempSync(path.join(path.dirname(abs), `.${path.basename(abs)}.tmp-`));
  fs.chmodSync(tmp, 0o777 & ~process.umask());
  try {
    writeFiles(r.files, tmp);
    if (!st) fs.renameSync(tmp, abs);
    else {
      // The earlier run's files that this run does not write go; everything else in the folder stays.
      for (const f of before) {
        if (r.files.has(f)) continue;
        fs.rmSync(path.join(abs, f), { force: true });
        removeEmptyDirs(path.dirname(path.join(abs, f)), abs);
      }
      for (const f of [...r.files.keys(), CODEGEN_MARKER]) {
        fs.mkdirSync(path.dirname(path.join(abs, f)), { recursive: true });
        fs.renameSync(path.join(tmp, f), path.join(abs, f));
      }
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  return r;
}

// The compile API: check spec files, then translate every module to exact JS and to C99.
// Nothing is written unless the whole program is in the subset, and the output folder is
// replaced in one rename, so a failed run never leaves half an output behind.
import * as fs from "node:fs";
import * as path from "node:path";
import { ts } from "ts-morph";
import { checkFiles, type CheckResult } from "./checker/index.js";
import { emitJsModule } from "./emit-js/index.js";
import { emitCModule } from "./emit-c/index.js";
import { PRELUDE_PATH } from "./prelude.js";
import { SubsetError, type Diagnostic } from "./diagnostics.js";

export { checkFiles } from "./checker/index.js";
export { formatDiagnostic, SubsetError, RULES } from "./diagnostics.js";
export type { Diagnostic } from "./diagnostics.js";

/** Generated files, keyed by path relative to the output folder (js/…, c/…). */
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
  }
  return { diagnostics: [], files: out, modules };
}

/** Compile and write to outDir atomically; throws SubsetError with every diagnostic. */
export function compileToDir(files: string[], outDir: string): CompileResult {
  const r = compile(files);
  if (r.diagnostics.length > 0) throw new SubsetError(r.diagnostics);
  const abs = path.resolve(outDir);
  fs.mkdirSync(path.dirname(abs), { recursive: true });
  const tmp = fs.mkdtempSync(path.join(path.dirname(abs), `.${path.basename(abs)}.tmp-`));
  try {
    for (const [rel, text] of r.files) {
      const p = path.join(tmp, rel);
      fs.mkdirSync(path.dirname(p), { recursive: true });
      fs.writeFileSync(p, text);
    }
    fs.rmSync(abs, { recursive: true, force: true });
    fs.renameSync(tmp, abs);
  } catch (e) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
  return r;
}

// The kernel table: which prelude intrinsics have a C kernel, with their C signatures and per-core
// variants. Two sources, no third: the prelude (spec/prelude.ts: each intrinsic's parameters, its
// `@c call` name and `@writes`) and the folders of firmware/kernels/ (one per intrinsic that has a
// kernel, named after it, holding pn_<intrinsic>.c and pn_<intrinsic>_<core>.c per core). The
// kernels' header (firmware/runtime/pn_kernels.h, scripts/kernels-header.ts) and the per-core
// exact test's payload (firmware/kernels/exact-on-boards.ts) are written from it.
import * as fs from "node:fs";
import * as path from "node:path";
import { Project } from "ts-morph";
import { KERNELS_DIR } from "./host-build.ts";
import { loadPrelude, PRELUDE_PATH, type BuiltinParam } from "./prelude.ts";
import { C_SCALAR, type SType } from "./types.ts";

/**
 * The per-core variants a kernel may have, by file suffix, with the condition under which the
 * target has the instructions (the variant's file compiles to nothing elsewhere).
 */
export const CORE_VARIANTS = {
  dsp: "defined(__ARM_FEATURE_DSP) && __ARM_FEATURE_DSP && !defined(__aarch64__)",
  mve: "defined(__ARM_FEATURE_MVE) && (__ARM_FEATURE_MVE & 1)",
  neon: "defined(__aarch64__) && defined(__ARM_NEON)",
} as const;
export type Core = keyof typeof CORE_VARIANTS;

export interface KernelParam {
  /** The prelude's name in snake_case, as the C kernels spell it. */
  name: string;
  type: SType;
  /** Whether the kernel writes it (`@writes`); only arrays can be written. */
  written: boolean;
  /** Its C declaration, e.g. `const float *a`. */
  c: string;
}

export interface Kernel {
  /** The prelude intrinsic, which is also the folder's name (xcorr_f32). */
  intrinsic: string;
  /** The C function (pn_xcorr_f32). */
  cName: string;
  params: KernelParam[];
  ret: SType;
  /** Per-core variants present in the folder, in CORE_VARIANTS order. */
  cores: Core[];
}

const snake = (s: string): string => s.replace(/[A-Z]/g, (c) => "_" + c.toLowerCase());

function cType(t: SType): string {
  if (t.kind === "void") return "void";
  if (t.kind === "scalar") return C_SCALAR[t.name];
  if (t.kind === "array") return C_SCALAR[t.elem];
  throw new Error(`kernel table: a kernel cannot take a struct`);
}

function param(name: string, t: BuiltinParam, written: boolean, where: string): KernelParam {
  if (t === "numeric") throw new Error(`${where}: parameter ${name} is \`number\`; a kernel takes subset types`);
  const n = snake(name);
  const c = t.kind === "array" ? `${written ? "" : "const "}${cType(t)} *${n}` : `${cType(t)} ${n}`;
  return { name: n, type: t, written, c };
}

/** Every kernel folder's intrinsic, in folder order; throws where a folder and the prelude disagree. */
export function kernelTable(): Kernel[] {
  const project = new Project({ skipAddingFilesFromTsConfig: true });
  const prelude = loadPrelude(project.addSourceFileAtPath(PRELUDE_PATH));
  const entries = fs.readdirSync(KERNELS_DIR, { withFileTypes: true });
  const stray = entries.filter((e) => e.isFile() && /\.[ch]$/.test(e.name)).map((e) => e.name);
  if (stray.length) throw new Error(`firmware/kernels/: ${stray.join(", ")} outside a kernel folder: move each to firmware/kernels/<intrinsic>/`);
  return entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort()
    .map((intrinsic): Kernel => {
      const where = `firmware/kernels/${intrinsic}`;
      const fn = prelude.functions.get(intrinsic);
      if (!fn) throw new Error(`${where}: spec/prelude.ts has no intrinsic ${intrinsic}`);
      const cName = `pn_${intrinsic}`;
      if (fn.c.kind !== "call" || fn.c.name !== cName) throw new Error(`${where}: the prelude's ${intrinsic} must say \`@c call ${cName}\``);
      const files = fs.readdirSync(path.join(KERNELS_DIR, intrinsic)).filter((f) => f.endsWith(".c") && f.startsWith(cName));
      if (!files.includes(`${cName}.c`)) throw new Error(`${where}: no ${cName}.c (the portable kernel)`);
      const cores = files
        .filter((f) => f !== `${cName}.c`)
        .map((f) => {
          const core = f.slice(cName.length + 1, -2);
          if (!(core in CORE_VARIANTS)) throw new Error(`${where}/${f}: unknown core "${core}" (known: ${Object.keys(CORE_VARIANTS).join(", ")})`);
          return core as Core;
        });
      const names = project.getSourceFileOrThrow(PRELUDE_PATH).getFunctionOrThrow(intrinsic).getParameters().map((p) => p.getName());
      if (fn.ret.kind !== "void" && fn.ret.kind !== "scalar") throw new Error(`${where}: a kernel returns a scalar or nothing`);
      return {
        intrinsic,
        cName,
        params: fn.params.map((t, i) => param(names[i], t, fn.writes.has(i), where)),
        ret: fn.ret,
        cores: (Object.keys(CORE_VARIANTS) as Core[]).filter((c) => cores.includes(c)),
      };
    });
}

/** `RET NAME(PARAMS);`, wrapped at 120 columns under the opening parenthesis. */
export function cPrototype(k: Kernel, name = k.cName): string {
  const head = `${cType(k.ret)} ${name}(`;
  const lines: string[] = [];
  let line = head;
  k.params.forEach((p, i) => {
    const piece = p.c + (i === k.params.length - 1 ? ");" : ",");
    if (line.length + piece.length + 1 > 120 && line.trim() !== head.trim()) {
      lines.push(line.trimEnd());
      line = " ".repeat(head.length);
    }
    line += (line.endsWith("(") || line.trim() === "" ? "" : " ") + piece;
  });
  lines.push(line);
  return lines.join("\n");
}

/** firmware/runtime/pn_kernels.h: every kernel's declaration and its per-core variants'. */
export function kernelsHeader(kernels: Kernel[]): string {
  const out = [
    "/*",
    " * pn_kernels.h: the C kernels of spec/prelude.ts's intrinsics, generated by scripts/kernels-header.ts",
    " * from the prelude's signatures and the folders of firmware/kernels/ (codegen/src/kernel-table.ts).",
    " * Do not edit: add or change a kernel there and regenerate.",
    " */",
    "#ifndef PN_KERNELS_H",
    "#define PN_KERNELS_H",
    "",
    "#include <stdint.h>",
    "",
  ];
  for (const k of kernels) {
    out.push(`/* firmware/kernels/${k.intrinsic}/ */`, cPrototype(k));
    for (const core of k.cores) {
      // A variant exists only where its target has the instructions; pn_<intrinsic> selects it.
      out.push(`#if ${CORE_VARIANTS[core]}`, cPrototype(k, `${k.cName}_${core}`), "#endif");
    }
  }
  out.push("", "#endif /* PN_KERNELS_H */", "");
  return out.join("\n");
}

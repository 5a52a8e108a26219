/**
 * `percepnet lib`: a self-contained distribution of the enhancer for one board (or the host), for
 * firmware engineers who link it into their own product or vendor its C:
 *
 *   include/percepnet.h, include/pn_config.h   the frame API; PN_STATE_BYTES for this ABI
 *   lib/libpercepnet.a                          built with the board's flags; exports only pn_*
 *   lib/libcmsisdsp.a                           the CMSIS-DSP part the board's kernels call (if any)
 *   lib/pkgconfig/percepnet.pc, lib/cmake/percepnet/percepnet-config.cmake (percepnet::percepnet)
 *   src/ + sources.txt + flags.txt             the C itself, for users who build it in their tree
 *   examples/                                   a WAV/raw in, WAV/raw out program over the frame API
 *   README.md, manifest.json, LICENSE, LICENSES.md
 *
 * The archive is compiled from the copied src/ tree (so the tree is known to be complete) with the
 * same build code as `percepnet sim` (sim/c-build/build.ts); the whole folder is written next to the target
 * and renamed into place, so a failed run leaves no half distribution.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { linkerScript, loadBoard, type BoardProfile } from "../boards.ts";
import { BASE_CFLAGS, boardCflags, buildFirmware, BuildError, cmsisVariantFlags, compilerFor, runJobs, BUILD_DIR, STARTUP_CM, WARN } from "./build.ts";
import { generatedSpec } from "./spec-build.ts";
import { productPayload } from "./product.ts";
import { resolveModel, type Model } from "../engines/model.ts";
import { analyseStack, type StackReport } from "./stack.ts";
import { hostCc, REPO_ROOT } from "./toolchain.ts";
import { RUNTIME_DIR, KERNELS_DIR, kernelHeaders, kernelSources } from "../../codegen/src/host-build.ts";

export const LIBRARY_FORMAT = "percepnet-lib/1";
/** The example programs a distribution carries (examples/ in the repository). */
export const EXAMPLES_DIR = path.join(REPO_ROOT, "examples");
export interface LibraryOptions {
  /** A board profile name, or "host" (this machine's gcc, portable kernels, no CMSIS-DSP). */
  board: string;
  /** A model name under models/trained/ or a model folder (sim/engines/model.ts); default the board's model size, headset for the host. */
  model?: string;
  out: string;
  /** A `percepnet sim --report` JSON to take cycles per frame from (default docs/bench/<board>.report.json, if there). */
  simReport?: string;
  parallel?: number;
}

export interface LibraryManifest {
  format: string;
  board: string;
  core: string;
  compiler: { gcc: string; version: string };
  /** Flags the archive was compiled with, and the -D defines, as a vendoring user needs them. */
  cflags: string[];
  defines: string[];
  /** pn_state_size() on this ABI. */
  stateBytes: number;
  stack: { processFrame: number | null; init: number | null; complete: boolean; unknownCallees: string[] };
  /** Linked bytes (with --gc-sections, from a link of the board harness) or, for the host, object sizes. */
  memory: { method: string; flashPercepnet: number; flashCmsisDsp: number; ramStatic: number };
  archive: { file: string; bytes: number; objects: number; globalSymbols: number };
  cmsisDsp: { file: string; bytes: number; variant: string } | null;
  /** The trained model built in: its folder's name and path, the model hash (sim/engines/model.ts) and the manifest's per-file sha256. */
  model: { name: string; dir: string; modelSha256: string; sha256: Record<string, string> };
  cycles: { source: string; clockHz: number; meanPerFrame: number; worstPerFrame: number; meanPercent: number; worstPercent: number; outputSha256: string } | null;
  sources: string[];
}

/** Defined global symbols of an archive (nm -g --defined-only), one per name. */
export function archiveGlobals(nm: string, archive: string): string[] {
  const txt = execFileSync(nm, ["-g", "--defined-only", archive], { encoding: "utf8" });
  const out = new Set<string>();
  for (const line of txt.split("\n")) {
    const m = line.match(/^[0-9a-fA-F]*\s+[A-Za-z]\s+(\S+)$/);
    if (m) out.add(m[1]);
  }
  return [...out].sort();
}

function copyTree(from: string, to: string, keep: (f: string) => boolean): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(from, { withFileTypes: true })) {
    const src = path.join(from, e.name);
    const dst = path.join(to, e.name);
    if (e.isDirectory()) out.push(...copyTree(src, dst, keep));
    else if (keep(e.name)) {
      fs.mkdirSync(to, { recursive: true });
      fs.copyFileSync(src, dst);
      out.push(dst);
    }
  }
  return out;
}

/** Copy the C the library is built from into DIR/src: frame API, generated spec, runtime headers, kernels. */
function copySources(srcDir: string, model: Model): string[] {
  const gen = generatedSpec(model);
  const isC = (f: string) => f.endsWith(".c") || f.endsWith(".h");
  copyTree(path.join(REPO_ROOT, "firmware/src"), srcDir, isC);
  fs.copyFileSync(path.join(REPO_ROOT, "firmware/include/percepnet.h"), path.join(srcDir, "percepnet.h"));
  copyTree(gen.cDir, srcDir, isC);
  copyTree(RUNTIME_DIR, srcDir, isC);
  // Only the kernels' C and the headers they share (kernelSources, kernelHeaders), not the tests and
  // test payloads beside them.
  for (const k of [...kernelSources(), ...kernelHeaders()]) {
    const dst = path.join(srcDir, "kernels", path.relative(KERNELS_DIR, k));
    fs.mkdirSync(path.dirname(dst), { recursive: true });
    fs.copyFileSync(k, dst);
  }
  const all: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith(".c")) all.push(p);
    }
  };
  walk(srcDir);
  return all;
}

interface Compiled {
  objects: string[];
  cc: { gcc: string; version: string; ar: string; nm: string; size: string };
  cflags: string[];
  defines: string[];
  stack: StackReport;
  memory: LibraryManifest["memory"];
  cmsis: { lib: string; variant: string } | null;
}

/** Host: this machine's gcc, the contract flags, the portable kernels. */
async function compileHost(sources: string[], srcDir: string, objDir: string, parallel?: number): Promise<Compiled> {
  const cc = hostCc();
  const cflags = [...BASE_CFLAGS, "-ffunction-sections", "-fdata-sections"];
  const analysis = ["-fstack-usage", "-fcallgraph-info=su"];
  const objects = sources.map((s, i) => path.join(objDir, `${String(i).padStart(3, "0")}_${path.basename(s, ".c")}.o`));
  await runJobs(sources.map((s, i) => ({ cc: cc.path, args: [...cflags, ...analysis, ...WARN, "-I", srcDir, "-c", s, "-o", objects[i]], label: s })), parallel);
  const tools = { gcc: cc.path, version: cc.version, ar: "ar", nm: "nm", size: "size" };
  const sizes = execFileSync("size", ["-B", "-t", ...objects], { encoding: "utf8" }).trim().split("\n");
  const [text, data, bss] = sizes[sizes.length - 1].trim().split(/\s+/).map(Number);
  return {
    objects,
    cc: tools,
    cflags,
    defines: [],
    stack: analyseStack({ dirs: [objDir], roots: ["pn_process_frame", "pn_init"] }),
    memory: { method: "object sizes, before a link drops unused sections", flashPercepnet: text + data, flashCmsisDsp: 0, ramStatic: data + bss },
    cmsis: null,
  };
}

/** A board: the same build as `percepnet sim`/`build-real` (board flags, CMSIS-DSP, kernel choice), linked with the board harness for sizes. */
async function compileBoard(board: BoardProfile, model: Model, sources: string[], srcDir: string, objDir: string, parallel?: number): Promise<Compiled> {
  const p = productPayload(board.cmsisDsp.variant, board.features, model);
  const isArm = board.compiler.toolchain === "arm-none-eabi";
  const fw = await buildFirmware(board, isArm ? "board" : "sim", { sources, includeDirs: [srcDir], defines: p.defines, cmsis: p.cmsis, outDir: objDir, parallel });
  const cc = compilerFor(board);
  const comp = fw.sizes.components;
  const cflags = [...BASE_CFLAGS, ...boardCflags(board), ...(fw.cmsis ? cmsisVariantFlags(board) : []), "-ffunction-sections", "-fdata-sections"];
  return {
    // objectSources holds the names relative to the build folder (the link map's names): ar runs elsewhere
    objects: Object.keys(fw.objectSources).map((o) => path.join(fw.dir, o)),
    cc: { gcc: cc.gcc, version: cc.version, ar: cc.ar, nm: cc.nm, size: cc.size },
    cflags,
    defines: [...p.defines, ...(fw.cmsis ? fw.cmsis.defines : [])],
    stack: fw.stack,
    memory: comp
      ? { method: `linked with the ${isArm ? "real-board" : "simulation"} harness, --gc-sections (link map)`, flashPercepnet: comp.flash.payload, flashCmsisDsp: comp.flash["cmsis-dsp"], ramStatic: comp.ram.payload }
      : { method: "object sizes", flashPercepnet: fw.sizes.payloadObjects.text + fw.sizes.payloadObjects.data, flashCmsisDsp: 0, ramStatic: fw.sizes.payloadObjects.data + fw.sizes.payloadObjects.bss },
    cmsis: fw.cmsis ? { lib: fw.cmsis.lib, variant: fw.cmsis.variant } : null,
  };
}

/** pn_state_size() on the target's ABI, without running it: the size of an array of that many bytes, as nm reads it. */
function stateBytes(gcc: string, nm: string, cflags: string[], srcDir: string, objDir: string): number {
  const probe = path.join(objDir, "state_probe.c");
  fs.writeFileSync(probe, '#include "pn_config.h"\nchar pn_state_bytes_probe[sizeof(pn_instance)];\n');
  const obj = probe.replace(/\.c$/, ".o");
  execFileSync(gcc, [...cflags, "-I", srcDir, "-c", probe, "-o", obj]);
  const m = execFileSync(nm, ["-S", obj], { encoding: "utf8" }).match(/^[0-9a-fA-F]+\s+([0-9a-fA-F]+)\s+\w\s+pn_state_bytes_probe$/m);
  if (!m) throw new BuildError(`state size probe: no pn_state_bytes_probe in ${obj}`);
  return parseInt(m[1], 16);
}

function sha256File(f: string): string {
  return createHash("sha256").update(fs.readFileSync(f)).digest("hex");
}

/** Cycles per frame from a `percepnet sim` report, when one is given or committed for the board. */
function cyclesFrom(file: string | undefined, board: string): LibraryManifest["cycles"] {
  const f = file ?? path.join(REPO_ROOT, "docs/bench", `${board}.report.json`);
  if (!fs.existsSync(f)) {
    if (file) throw new BuildError(`--sim-report ${file}: no such file`);
    return null;
  }
  const r = JSON.parse(fs.readFileSync(f, "utf8"));
  if (r.board?.name !== board) throw new BuildError(`${f} is a report for board ${r.board?.name}, not ${board}`);
  return {
    source: path.relative(REPO_ROOT, path.resolve(f)),
    clockHz: r.board.clockHz,
    meanPerFrame: Math.round(r.cycles.stats.mean),
    worstPerFrame: r.cycles.stats.worst,
    meanPercent: r.cycles.budgetPercent.mean,
    worstPercent: r.cycles.budgetPercent.worst,
    outputSha256: r.output.sha256,
  };
}

/** Write the distribution for one board into opts.out (replacing a previous distribution there, nothing else). */
export async function buildLibrary(opts: LibraryOptions): Promise<LibraryManifest> {
  const board = opts.board === "host" ? null : loadBoard(opts.board);
  const model = resolveModel(opts.model, board?.modelSize);
  const out = path.resolve(opts.out);
  if (fs.existsSync(out)) {
    const prev = path.join(out, "manifest.json");
    const isDist = fs.existsSync(prev) && (() => { try { return JSON.parse(fs.readFileSync(prev, "utf8")).format === LIBRARY_FORMAT; } catch { return false; } })();
    if (!isDist && fs.readdirSync(out).length > 0) throw new BuildError(`${out} exists and is not a percepnet distribution: give an empty or new folder`);
  }
  const tmp = `${out}.tmp-${process.pid}`;
  const objDir = path.join(BUILD_DIR, "lib", `${opts.board}-${process.pid}`);
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.rmSync(objDir, { recursive: true, force: true });
  fs.mkdirSync(objDir, { recursive: true });
  try {
    const srcDir = path.join(tmp, "src");
    const sources = copySources(srcDir, model);
    const c = board ? await compileBoard(board, model, sources, srcDir, objDir, opts.parallel) : await compileHost(sources, srcDir, objDir, opts.parallel);
    const libDir = path.join(tmp, "lib");
    fs.mkdirSync(libDir, { recursive: true });
    const archive = path.join(libDir, "libpercepnet.a");
    execFileSync(c.cc.ar, ["rcs", archive, ...c.objects]);
    const globals = archiveGlobals(c.cc.nm, archive);
    const foreign = globals.filter((s) => !s.startsWith("pn_"));
    if (foreign.length) throw new BuildError(`libpercepnet.a exports symbols without the pn_ prefix: ${foreign.join(", ")}`);
    let cmsisDsp: LibraryManifest["cmsisDsp"] = null;
    if (c.cmsis) {
      fs.copyFileSync(c.cmsis.lib, path.join(libDir, "libcmsisdsp.a"));
      cmsisDsp = { file: "lib/libcmsisdsp.a", bytes: fs.statSync(path.join(libDir, "libcmsisdsp.a")).size, variant: c.cmsis.variant };
    }
    const defineFlags = c.defines.map((d) => "-D" + d);
    const state = stateBytes(c.cc.gcc, c.cc.nm, [...c.cflags, ...defineFlags], srcDir, objDir);
    const root = (name: string) => c.stack.roots.find((r) => r.root === name);
    const man: LibraryManifest = {
      format: LIBRARY_FORMAT,
      board: opts.board,
      core: board ? board.core : "host",
      compiler: { gcc: path.basename(c.cc.gcc), version: c.cc.version },
      cflags: c.cflags,
      defines: c.defines,
      stateBytes: state,
      stack: { processFrame: root("pn_process_frame")?.bytes ?? null, init: root("pn_init")?.bytes ?? null, complete: c.stack.roots.every((r) => r.complete), unknownCallees: [...new Set(c.stack.roots.flatMap((r) => r.unknownCallees))].sort() },
      memory: c.memory,
      archive: { file: "lib/libpercepnet.a", bytes: fs.statSync(archive).size, objects: c.objects.length, globalSymbols: globals.length },
      cmsisDsp,
      model: { name: model.name, dir: model.label, modelSha256: model.sha256, sha256: JSON.parse(fs.readFileSync(model.files.manifest, "utf8")).sha256 ?? {} },
      cycles: board ? cyclesFrom(opts.simReport, board.name) : null,
      sources: sources.map((s) => path.relative(tmp, s)),
    };
    writeDistributionFiles(tmp, man, board);
    fs.rmSync(out, { recursive: true, force: true });
    fs.renameSync(tmp, out);
    return man;
  } catch (e) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw e;
  } finally {
    fs.rmSync(objDir, { recursive: true, force: true });
  }
}

/** Headers, pkg-config, CMake, source and flag lists, README, licences, example, manifest. */
function writeDistributionFiles(dir: string, man: LibraryManifest, board: BoardProfile | null): void {
  const inc = path.join(dir, "include");
  fs.mkdirSync(inc, { recursive: true });
  fs.copyFileSync(path.join(REPO_ROOT, "firmware/include/percepnet.h"), path.join(inc, "percepnet.h"));
  fs.writeFileSync(
    path.join(inc, "pn_config.h"),
    `/* pn_config.h: the state size of this distribution (board ${man.board}), so a product can size a
 * static state buffer at compile time. Equal to pn_state_size() on this ABI (percepnet lib measured it). */
#ifndef PN_CONFIG_H
#define PN_CONFIG_H
#define PN_STATE_BYTES ${man.stateBytes}u
#endif
`,
  );
  const libs = `-lpercepnet${man.cmsisDsp ? " -lcmsisdsp" : ""}`;
  fs.mkdirSync(path.join(dir, "lib/pkgconfig"), { recursive: true });
  fs.writeFileSync(
    path.join(dir, "lib/pkgconfig/percepnet.pc"),
    `# percepnet ${man.board} distribution; relocatable: paths are relative to this file
prefix=\${pcfiledir}/../..
includedir=\${prefix}/include
libdir=\${prefix}/lib
state_bytes=${man.stateBytes}
board=${man.board}

Name: percepnet
Description: PercepNet speech enhancer, 48 kHz, 10 ms frames (board ${man.board}, model ${man.model.name})
Version: 0.1.0
Cflags: -I\${includedir}
Libs: -L\${libdir} ${libs}
`,
  );
  fs.mkdirSync(path.join(dir, "lib/cmake/percepnet"), { recursive: true });
  fs.writeFileSync(
    path.join(dir, "lib/cmake/percepnet/percepnet-config.cmake"),
    `# percepnet ${man.board} distribution: find_package(percepnet CONFIG) gives the imported target
# percepnet::percepnet (static library, include directory${man.cmsisDsp ? ", and the CMSIS-DSP part it calls" : ""}).
get_filename_component(_percepnet_prefix "\${CMAKE_CURRENT_LIST_DIR}/../../.." ABSOLUTE)
set(PERCEPNET_BOARD "${man.board}")
set(PERCEPNET_STATE_BYTES ${man.stateBytes})
${
  man.cmsisDsp
    ? `if(NOT TARGET percepnet::cmsisdsp)
  add_library(percepnet::cmsisdsp STATIC IMPORTED)
  set_target_properties(percepnet::cmsisdsp PROPERTIES IMPORTED_LOCATION "\${_percepnet_prefix}/lib/libcmsisdsp.a")
endif()
`
    : ""
}if(NOT TARGET percepnet::percepnet)
  add_library(percepnet::percepnet STATIC IMPORTED)
  set_target_properties(percepnet::percepnet PROPERTIES
    IMPORTED_LOCATION "\${_percepnet_prefix}/lib/libpercepnet.a"
    INTERFACE_INCLUDE_DIRECTORIES "\${_percepnet_prefix}/include"${man.cmsisDsp ? `\n    INTERFACE_LINK_LIBRARIES percepnet::cmsisdsp` : ""})
endif()
set(percepnet_FOUND TRUE)
`,
  );
  fs.writeFileSync(path.join(dir, "sources.txt"), man.sources.join("\n") + "\n");
  fs.writeFileSync(
    path.join(dir, "flags.txt"),
    [
      `# Compile every file of sources.txt with these flags (board ${man.board}); -I src is the only include`,
      `# directory of the tree itself. No -ffast-math and no FP contraction: the outputs are bit-exact with the`,
      `# reference only under -ffp-contract=off -fwrapv. -ffunction-sections -fdata-sections are optional.`,
      ...man.cflags,
      ...man.defines.map((d) => "-D" + d),
      "-Isrc",
      ...(man.cmsisDsp
        ? ["# PN_CMSIS_DSP=1 calls CMSIS-DSP: add your CMSIS-DSP Include/, PrivateInclude/ and CMSIS Core Include/ dirs,", "# or drop the PN_CMSIS_* defines for the portable C kernels (the same output bits, more cycles)."]
        : []),
    ].join("\n") + "\n",
  );
  fs.copyFileSync(path.join(REPO_ROOT, "LICENSE"), path.join(dir, "LICENSE"));
  fs.copyFileSync(path.join(REPO_ROOT, "docs/licences.md"), path.join(dir, "LICENSES.md"));
  const ex = path.join(dir, "examples");
  fs.mkdirSync(ex, { recursive: true });
  copyTree(EXAMPLES_DIR, ex, (f) => f.endsWith(".c"));
  if (board?.compiler.toolchain === "arm-none-eabi") {
    // What the example needs to run bare metal on this board (or its QEMU machine): reset code and memory map.
    fs.mkdirSync(path.join(ex, board.name), { recursive: true });
    fs.copyFileSync(STARTUP_CM, path.join(ex, board.name, "startup_cm.c"));
    fs.writeFileSync(path.join(ex, board.name, "link.ld"), linkerScript(board));
  }
  fs.writeFileSync(path.join(dir, "README.md"), libraryReadme(man, board));
  fs.writeFileSync(path.join(dir, "manifest.json"), JSON.stringify(man, null, 2) + "\n");
}

function libraryReadme(man: LibraryManifest, board: BoardProfile | null): string {
  const cyc = man.cycles;
  const cycles = cyc
    ? `${cyc.meanPerFrame.toLocaleString("en")} cycles per 10 ms frame on average, ${cyc.worstPerFrame.toLocaleString("en")} worst: ` +
      `${cyc.meanPercent.toFixed(1)} % / ${cyc.worstPercent.toFixed(1)} % of a ${(cyc.clockHz / 1e6).toFixed(0)} MHz core's real-time budget ` +
      `(from \`${cyc.source}\`, a \`percepnet sim\` run in QEMU with the board's cycle model; output sha256 ${cyc.outputSha256.slice(0, 16)}…)`
    : board
      ? `not measured for this distribution: run \`percepnet sim --board ${man.board} IN.wav --report DIR\` and pass \`--sim-report DIR/${man.board}.report.json\``
      : "not modelled for the host (use `percepnet sim` for a board)";
  const stack = (b: number | null) => (b === null ? "unknown" : `${b} bytes`);
  return `# percepnet: ${man.board} distribution

PercepNet-style speech enhancer: 48 kHz mono, 480-sample (10 ms) frames of int16, 30 ms delay,
static memory only (the caller owns the state; no heap, no libm). Made by \`percepnet lib --board
${man.board}\`.

| | |
|---|---|
| board | ${man.board} (${man.core}); compiler ${man.compiler.gcc}: ${man.compiler.version} |
| state (\`pn_state_size()\`, \`PN_STATE_BYTES\`) | ${man.stateBytes} bytes, aligned to 8 (\`PN_STATE_ALIGN\`) |
| stack bound | \`pn_process_frame\` ${stack(man.stack.processFrame)}, \`pn_init\` ${stack(man.stack.init)} (${man.stack.complete ? "complete call graph" : `plus what ${man.stack.unknownCallees.join(", ") || "some callees"} take${man.stack.unknownCallees.length === 1 ? "s" : ""}: no frame size for ${man.stack.unknownCallees.length === 1 ? "it" : "them"}`}; GCC -fstack-usage call graph) |
| flash | percepnet ${man.memory.flashPercepnet} bytes${man.cmsisDsp ? ` + CMSIS-DSP ${man.memory.flashCmsisDsp} bytes` : ""} (${man.memory.method}) |
| static RAM | ${man.memory.ramStatic} bytes besides the state and the stack |
| cycles | ${cycles} |
| model | ${man.model.name} (${man.model.dir}); model sha256 ${man.model.modelSha256}; model.bin sha256 ${man.model.sha256["model.bin"] ?? "?"} |
| archive | \`lib/libpercepnet.a\`, ${man.archive.bytes} bytes, ${man.archive.objects} objects, ${man.archive.globalSymbols} global symbols, all \`pn_*\`${man.cmsisDsp ? `; \`lib/libcmsisdsp.a\` (CMSIS-DSP ${man.cmsisDsp.variant} variant, \`arm_*\` symbols: leave it out if your product already links CMSIS-DSP)` : ""} |

## Use it

\`\`\`c
#include "percepnet.h"
static uint64_t state[(PN_STATE_BYTES + 7) / 8];      /* or any PN_STATE_ALIGN-aligned buffer of pn_state_size() bytes */
pn_init(state, sizeof state);                           /* PN_OK, or PN_ERR_* */
pn_process_frame(state, in480, out480);                 /* per 10 ms; in and out may alias */
\`\`\`

- Plain compiler: \`cc -I include app.c lib/libpercepnet.a${man.cmsisDsp ? " lib/libcmsisdsp.a" : ""}\` (with your board's flags: ${man.cflags.filter((f) => f.startsWith("-m")).join(" ") || "none"}).
- pkg-config: \`PKG_CONFIG_PATH=$PWD/lib/pkgconfig pkg-config --cflags --libs percepnet\`.
- CMake: \`find_package(percepnet CONFIG REQUIRED PATHS /path/to/this/folder/lib/cmake/percepnet)\` then \`target_link_libraries(app PRIVATE percepnet::percepnet)\`.
- Vendoring the C: compile the files of \`sources.txt\` with the flags of \`flags.txt\` (\`-I src\`).

\`examples/pn_denoise_file.c\` reads a 16-bit mono 48 kHz WAV (or raw s16le), runs the frame API and
writes a WAV (or raw) as long as the input, delayed 30 ms: the same bytes as \`percepnet denoise\`.
Build: \`cc -I include examples/pn_denoise_file.c lib/libpercepnet.a${man.cmsisDsp ? " lib/libcmsisdsp.a" : ""} -o pn_denoise_file\`.
On a bare-metal board, \`examples/pn_denoise_file.c\` needs semihosting for its file I/O (\`--specs=rdimon.specs\`);
the frame API itself needs no C library beyond the memcpy/memmove/memset GCC emits for copies.

## Licences

The code: BSD-3-Clause (\`LICENSE\`). The weights were trained on GPL-2 and CC-BY-SA-3.0 recordings:
read \`LICENSES.md\` before shipping them.${man.cmsisDsp ? " `lib/libcmsisdsp.a` is CMSIS-DSP, Apache-2.0." : ""}
`;
}

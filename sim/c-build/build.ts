/**
 * Building firmware for a board profile: CMSIS-DSP per board (cached static library), the payload
 * (a list of C sources + include dirs), the harness (simulation main or real-board main), the
 * Cortex-M startup and linker script; then size and stack analysis.
 */
import { execFileSync } from "node:child_process";
import { spawnGroup, removeOnExit, release } from "../leftovers.ts";
import { BUILD_DIR, privateTempDir, publishDir } from "./build-root.ts";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { BoardProfile, linkerScript } from "../boards.ts";
import { aarch64LinuxGnu, armNoneEabi, CompilerInfo, hostCc, REPO_ROOT } from "./toolchain.ts";
import { analyseStack, StackReport } from "./stack.ts";
import { componentSizes, ComponentSizes } from "./mapfile.ts";
import { C_CONTRACT_FLAGS, C_OPT_FLAG, C_WARNING_FLAGS } from "../../codegen/src/c-contract.ts";

/** The flags every C file of the signal path is compiled with (codegen/src/c-contract.ts: no fast-math, no contraction). */
export const BASE_CFLAGS = [...C_CONTRACT_FLAGS, C_OPT_FLAG];
/** Warnings are errors for everything we compile (not for CMSIS-DSP, third-party code built with -w). */
export const WARN = C_WARNING_FLAGS;

export const FIRMWARE_INCLUDE = path.join(REPO_ROOT, "firmware", "include");
export const SIM_MAIN = path.join(REPO_ROOT, "firmware", "sim", "sim_main.c");
export const BOARD_MAIN = path.join(REPO_ROOT, "firmware", "sim", "board_main.c");
export const STARTUP_CM = path.join(REPO_ROOT, "boards", "startup", "startup_cm.c");
export const CMSIS_DSP_DIR = path.join(REPO_ROOT, ".cache", "cmsis-dsp");
export const CMSIS_CORE_INCLUDE = path.join(REPO_ROOT, "node_modules", "@xpack-3rd-party", "arm-cmsis-core-m", "CMSIS", "Core", "Include");
export { BUILD_DIR } from "./build-root.ts";

/** CMSIS-DSP modules built into the per-board library by default (what a speech enhancer uses). */
export const DEFAULT_CMSIS_MODULES = [
  "BasicMathFunctions",
  "ComplexMathFunctions",
  "FastMathFunctions",
  "StatisticsFunctions",
  "SupportFunctions",
  "TransformFunctions",
  "MatrixFunctions",
  "CommonTables",
];

export class BuildError extends Error {}

export interface CompileJob {
  cc: string;
  args: string[];
  label: string;
  cwd?: string;
}

function run(cmd: string, args: string[], cwd?: string): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    // Its own process group, killed with this process: no compiler outlives an interrupted build.
    const p = spawnGroup(cmd, args, { cwd, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    p.stdout!.on("data", (d) => (out += d));
    p.stderr!.on("data", (d) => (out += d));
    p.on("error", (e) => resolve({ code: -1, out: String(e) }));
    p.on("close", (code) => resolve({ code: code ?? -1, out }));
  });
}

/** Run compile jobs with bounded parallelism; throws BuildError with the compiler output on failure. */
export async function runJobs(jobs: CompileJob[], parallel = Math.max(1, os.availableParallelism?.() ?? os.cpus().length)): Promise<void> {
  let next = 0;
  const errors: string[] = [];
  async function worker() {
    while (next < jobs.length && errors.length === 0) {
      const j = jobs[next++];
      const r = await run(j.cc, j.args, j.cwd);
      if (r.code !== 0) errors.push(`${j.label}:\n$ ${j.cc} ${j.args.join(" ")}\n${r.out}`);
    }
  }
  await Promise.all(Array.from({ length: Math.min(parallel, jobs.length) }, worker));
  if (errors.length) throw new BuildError(`compile failed: ${errors[0]}`);
}

export function compilerFor(board: BoardProfile): CompilerInfo {
  return board.compiler.toolchain === "arm-none-eabi" ? armNoneEabi() : aarch64LinuxGnu();
}

/** Compile flags for a board (without -static, which is a link flag). */
export function boardCflags(board: BoardProfile): string[] {
  return board.compiler.flags.filter((f) => f !== "-static");
}

function hashOf(...parts: unknown[]): string {
  return createHash("sha256").update(JSON.stringify(parts)).digest("hex").slice(0, 16);
}

/**
 * The text of every header beside the payload's sources and in the repository's own include
 * folders (not CMSIS-DSP's or node_modules', which are keyed by their stamp and path): a build key
 * must change when a kernel's shared header does (firmware/kernels/xcorr_f32/pn_xcorr_lanes.h,
 * taps_f32/pn_taps_block.h), not only when a .c file does.
 */
function headerTexts(payload: string[], includeDirs: string[]): [string, string][] {
  const own = (d: string) => d.startsWith(REPO_ROOT + path.sep) && !/[\\/](\.cache|node_modules)[\\/]/.test(d.slice(REPO_ROOT.length));
  const dirs = [...new Set([...payload.map((f) => path.dirname(f)), ...includeDirs])].filter(own).sort();
  const out: [string, string][] = [];
  for (const d of dirs) {
    if (!existsSync(d)) continue;
    for (const f of readdirSync(d).filter((f) => f.endsWith(".h")).sort()) out.push([path.join(d, f), readFileSync(path.join(d, f), "utf8")]);
  }
  return out;
}

function objName(src: string, i: number): string {
  return `${String(i).padStart(3, "0")}_${path.basename(src).replace(/\.c$/, "")}.o`;
}

// ---------------------------------------------------------------- CMSIS-DSP

export interface CmsisLib {
  lib: string;
  includeDirs: string[];
  defines: string[];
  variant: string;
  files: number;
  cached: boolean;
  dir: string;
}

export function cmsisDspAvailable(): boolean {
  return existsSync(path.join(CMSIS_DSP_DIR, "Include", "arm_math.h"));
}

/** Include dirs a payload (and the library) needs for the board's CMSIS-DSP variant. */
export function cmsisIncludeDirs(board?: BoardProfile): string[] {
  const dirs = [path.join(CMSIS_DSP_DIR, "Include"), path.join(CMSIS_DSP_DIR, "PrivateInclude"), CMSIS_CORE_INCLUDE];
  // The Neon variant (as CMSIS-DSP's own CMake does) needs ComputeLibrary's NEMath.h and the Ne10 FFT headers.
  if (board?.cmsisDsp.variant === "neon") dirs.push(path.join(CMSIS_DSP_DIR, "ComputeLibrary", "Include"), path.join(CMSIS_DSP_DIR, "Ne10"));
  return dirs;
}

/** Extra compiler flags of the vector variants: CMSIS-DSP's CMake adds -flax-vector-conversions for GCC. */
export function cmsisVariantFlags(board: BoardProfile): string[] {
  return board.cmsisDsp.variant === "neon" || board.cmsisDsp.variant === "helium" ? ["-flax-vector-conversions"] : [];
}

/** The CMSIS-DSP source files of the given modules (the per-function files, not the amalgamations). */
export function cmsisSources(modules: string[], board: BoardProfile, only?: string[]): string[] {
  const out: string[] = [];
  const keep = only ? new Set(only.map((f) => f.replace(/\.c$/, ""))) : null;
  const noF16 = board.cmsisDsp.defines.includes("DISABLEFLOAT16");
  for (const m of modules) {
    const dir = path.join(CMSIS_DSP_DIR, "Source", m);
    if (!existsSync(dir)) throw new BuildError(`CMSIS-DSP module ${m} not found in ${dir}`);
    for (const f of readdirSync(dir).sort()) {
      if (!f.endsWith(".c") || f.startsWith("_")) continue; // "_x.c" files are templates #included by others
      if (f === `${m}.c` || f === `${m}F16.c`) continue; // amalgamations of the per-function files
      if (noF16 && /_f16\.c$|F16\.c$/.test(f)) continue;
      if (keep && !keep.has(f.slice(0, -2))) continue;
      out.push(path.join(dir, f));
    }
  }
  if (board.cmsisDsp.variant === "neon") {
    // As Source/TransformFunctions/Config.cmake and CommonTables/Config.cmake do for NEON.
    if (modules.includes("TransformFunctions"))
      for (const f of ["NE10_fft_float32.neonintrinsic.c", "NE10_fft_int32.neonintrinsic.c", "NE10_fft_int16.neonintrinsic.c", "NE10_rfft_float32.neonintrinsic.c", "CMSIS_NE10_fft_init.c", "CMSIS_NE10_fft_generic_float32.neonintrisic.c", "CMSIS_NE10_fft_generic_int32.neonintrisic.c"])
        out.push(path.join(CMSIS_DSP_DIR, "Ne10", f));
    if (modules.includes("CommonTables")) out.push(path.join(CMSIS_DSP_DIR, "ComputeLibrary", "Source", "arm_cl_tables.c"));
  }
  return out;
}

/**
 * Build CMSIS-DSP for a board into build/cmsis-dsp/<board>-<hash>/libcmsisdsp.a (cached: the hash
 * covers sources, flags, defines and compiler version).
 */
export async function buildCmsisDsp(board: BoardProfile, opts: { modules?: string[]; only?: string[]; parallel?: number } = {}): Promise<CmsisLib> {
  if (!cmsisDspAvailable()) throw new BuildError(`CMSIS-DSP sources missing in ${CMSIS_DSP_DIR}: run bash scripts/setup.d/cmsis.sh (or scripts/setup.sh)`);
  if (!existsSync(path.join(CMSIS_CORE_INCLUDE, "cmsis_compiler.h")))
    throw new BuildError(`CMSIS Core headers missing in ${CMSIS_CORE_INCLUDE}: run npm ci (package @xpack-3rd-party/arm-cmsis-core-m)`);
  const cc = compilerFor(board);
  const modules = opts.modules ?? DEFAULT_CMSIS_MODULES;
  const sources = cmsisSources(modules, board, opts.only);
  if (opts.only) {
    const found = new Set(sources.map((f) => path.basename(f, ".c")));
    const missing = opts.only.filter((f) => !found.has(f.replace(/\.c$/, "")));
    if (missing.length) throw new BuildError(`CMSIS-DSP files not found in modules ${modules.join(", ")}: ${missing.join(", ")}`);
  }
  const defines = board.cmsisDsp.defines;
  const cflags = [...BASE_CFLAGS, ...boardCflags(board), ...cmsisVariantFlags(board), ...defines.map((d) => "-D" + d), "-ffunction-sections", "-fdata-sections", "-fstack-usage", "-fcallgraph-info=su", "-w"];
  const stamp = readFileSync(path.join(CMSIS_DSP_DIR, readdirSync(CMSIS_DSP_DIR).find((f) => f.startsWith(".cmsisdsp-")) ?? "LICENSE"), "utf8");
  const key = hashOf(stamp, cc.version, cflags, sources.map((s) => path.relative(CMSIS_DSP_DIR, s)));
  const dir = path.join(BUILD_DIR, "cmsis-dsp", `${board.name}-${key}`);
  const lib = path.join(dir, "libcmsisdsp.a");
  const base = { includeDirs: cmsisIncludeDirs(board), defines, variant: board.cmsisDsp.variant, files: sources.length, dir };
  if (existsSync(lib)) return { lib, ...base, cached: true };
  const tmp = privateTempDir(path.dirname(dir));
  removeOnExit(tmp);
  const inc = cmsisIncludeDirs(board).flatMap((d) => ["-I", d]);
  const objs = sources.map((s, i) => path.join(tmp, objName(s, i)));
  try {
    await runJobs(
      sources.map((s, i) => ({ cc: cc.gcc, args: [...cflags, ...inc, "-c", s, "-o", objs[i]], label: path.relative(REPO_ROOT, s) })),
      opts.parallel,
    );
    execFileSync(cc.ar, ["rcs", path.join(tmp, "libcmsisdsp.a"), ...objs]);
    // Another process may have finished the same library meanwhile: keep the first one.
    publishDir(tmp, dir);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
    release(tmp);
  }
  return { lib, ...base, cached: false };
}

// ---------------------------------------------------------------- firmware

export interface PayloadSpec {
  /** C sources of the payload (the frame API implementation). */
  sources: string[];
  /** Include directories of the payload (firmware/include is always added). */
  includeDirs?: string[];
  /** Extra -D defines, without the -D. */
  defines?: string[];
  /**
   * Link CMSIS-DSP built for the board (default true: DEFAULT_CMSIS_MODULES). An object narrows the
   * library to some modules and, with `only`, to some files (basenames such as "arm_dot_prod_f32").
   */
  cmsis?: boolean | { modules: string[]; only?: string[] };
}

export interface SizeReport {
  text: number;
  data: number;
  bss: number;
  /** Flash image: text + data (initialised data is copied from flash). */
  flashBytes: number;
  /** RAM: data + bss + reserved stack (Cortex-M); data + bss for hosted targets. */
  ramBytes: number;
  flashLimit: number | null;
  ramLimit: number | null;
  flashPercent: number | null;
  ramPercent: number | null;
  fits: boolean;
  /** Per linker region: bytes placed there (by section address) and the region's length. */
  regions: { name: string; used: number; length: number; percent: number }[];
  /** The payload's own objects before linking (upper bound: before --gc-sections). */
  payloadObjects: { text: number; data: number; bss: number };
  /** Linked bytes per component (payload, CMSIS-DSP, harness, libc+runtime, fill), from the link map. */
  components: ComponentSizes | null;
}

export interface FirmwareBuild {
  board: string;
  elf: string;
  map: string | null;
  dir: string;
  harness: "sim" | "board" | "host";
  sizes: SizeReport;
  stack: StackReport;
  cmsis: CmsisLib | null;
  compiler: { gcc: string; version: string; source: string };
  cflags: string[];
  markers: { begin: number; end: number } | null;
  /** Bytes of the harness's static state buffer (PN_STATE_BYTES from pn_config.h, stateBytes, or the default). */
  harnessStateBytes: number | null;
  /** Each payload object file (relative to the build folder `dir`: the link map's names) and the source it was compiled from. */
  objectSources: Record<string, string>;
}

/** Size of a data symbol in an ELF (nm -S), or null. */
export function symbolSize(nmTool: string, elf: string, sym: string): number | null {
  const txt = execFileSync(nmTool, ["-S", elf], { encoding: "utf8" });
  const m = txt.match(new RegExp(`^[0-9a-fA-F]+\\s+([0-9a-fA-F]+)\\s+\\w\\s+${sym}$`, "m"));
  return m ? parseInt(m[1], 16) : null;
}

const FORBIDDEN_PAYLOAD_SYMBOLS = ["malloc", "calloc", "realloc", "free", "_malloc_r", "_calloc_r", "_realloc_r", "_free_r", "_sbrk", "sbrk", "aligned_alloc", "posix_memalign", "memalign"];

/** Undefined symbols of object files. */
function undefinedSymbols(nm: string, objs: string[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const o of objs) {
    const txt = execFileSync(nm, ["-u", o], { encoding: "utf8" });
    for (const line of txt.split("\n")) {
      const m = line.trim().match(/^U\s+(\S+)$/);
      if (m) out.set(m[1], [...(out.get(m[1]) ?? []), path.basename(o)]);
    }
  }
  return out;
}

function berkeley(sizeTool: string, files: string[]): { text: number; data: number; bss: number } {
  const txt = execFileSync(sizeTool, ["-B", "-t", ...files], { encoding: "utf8" }).trim().split("\n");
  const total = txt[txt.length - 1].trim().split(/\s+/).map(Number);
  return { text: total[0], data: total[1], bss: total[2] };
}

function sectionTable(sizeTool: string, elf: string): { name: string; size: number; addr: number }[] {
  const txt = execFileSync(sizeTool, ["-A", "-d", elf], { encoding: "utf8" });
  const out: { name: string; size: number; addr: number }[] = [];
  for (const line of txt.split("\n")) {
    const m = line.match(/^(\.\S+)\s+(\d+)\s+(\d+)/);
    if (m) out.push({ name: m[1], size: Number(m[2]), addr: Number(m[3]) });
  }
  return out;
}

export function sizeReport(board: BoardProfile, elf: string, payloadObjs: string[], mapFile?: string): SizeReport {
  const cc = compilerFor(board);
  const b = berkeley(cc.size, [elf]);
  const isArm = board.compiler.toolchain === "arm-none-eabi";
  const stack = isArm ? board.memory.stackBytes : 0;
  const flashBytes = b.text + b.data;
  const ramBytes = b.data + b.bss + stack;
  const flashLimit = board.memory.flashBytes;
  const ramLimit = board.memory.ramBytes;
  const regions: SizeReport["regions"] = [];
  if (isArm) {
    const secs = sectionTable(cc.size, elf).filter((s) => s.size > 0 && !s.name.startsWith(".debug") && !s.name.startsWith(".comment") && !s.name.startsWith(".ARM.attributes"));
    for (const r of board.memory.regions) {
      let used = secs.filter((s) => s.addr >= r.origin && s.addr < r.origin + r.length && s.name !== ".heap").reduce((a, s) => a + s.size, 0);
      if (r.name === board.memory.data) used += stack;
      if (r.name === board.memory.code) used += b.data; // .data's load image
      regions.push({ name: r.name, used, length: r.length, percent: round1((100 * used) / r.length) });
    }
  }
  const flashPercent = flashLimit ? round1((100 * flashBytes) / flashLimit) : null;
  const ramPercent = ramLimit ? round1((100 * ramBytes) / ramLimit) : null;
  const fits = (flashLimit === null || flashBytes <= flashLimit) && (ramLimit === null || ramBytes <= ramLimit) && regions.every((r) => r.used <= r.length);
  const payloadObjects = payloadObjs.length ? berkeley(cc.size, payloadObjs) : { text: 0, data: 0, bss: 0 };
  const components = mapFile && existsSync(mapFile) ? componentSizes(mapFile) : null;
  return { text: b.text, data: b.data, bss: b.bss, flashBytes, ramBytes, flashLimit, ramLimit, flashPercent, ramPercent, fits, regions, payloadObjects, components };
}

const round1 = (x: number) => Math.round(x * 10) / 10;

/** Addresses of the frame markers in a built ELF (Thumb bit cleared). */
export function markerAddresses(nmTool: string, elf: string): { begin: number; end: number } {
  const txt = execFileSync(nmTool, [elf], { encoding: "utf8" });
  const find = (sym: string) => {
    const m = txt.match(new RegExp(`^([0-9a-fA-F]+)\\s+T\\s+${sym}$`, "m"));
    if (!m) throw new BuildError(`${elf}: symbol ${sym} not found (is firmware/sim/sim_main.c linked?)`);
    return Number(BigInt("0x" + m[1]) & ~1n);
  };
  return { begin: find("pn_sim_frame_begin"), end: find("pn_sim_frame_end") };
}

export interface BuildOptions extends PayloadSpec {
  /** Output directory (default build/fw/<board>-<hash>). */
  outDir?: string;
  /** Bytes of the harness's static state buffer (sim: PN_SIM_STATE_BYTES, board: PN_BOARD_STATE_BYTES). */
  stateBytes?: number;
  parallel?: number;
}

/**
 * Build the firmware ELF for a board. harness "sim": firmware/sim/sim_main.c with semihosting
 * (Cortex-M) or stdio (AArch64 Linux); "board": firmware/sim/board_main.c, no stdio, for real parts.
 */
export async function buildFirmware(board: BoardProfile, harness: "sim" | "board", opts: BuildOptions): Promise<FirmwareBuild> {
  if (!opts.sources.length) throw new BuildError("no payload sources given");
  for (const s of opts.sources) if (!existsSync(s)) throw new BuildError(`payload source not found: ${s}`);
  const cc = compilerFor(board);
  const isArm = board.compiler.toolchain === "arm-none-eabi";
  if (!isArm && harness === "board") throw new BuildError(`board ${board.name} is a Linux user-mode target: no real-board build`);
  const useCmsis = opts.cmsis !== false;
  const cmsis = useCmsis ? await buildCmsisDsp(board, { modules: typeof opts.cmsis === "object" ? opts.cmsis.modules : undefined, only: typeof opts.cmsis === "object" ? opts.cmsis.only : undefined, parallel: opts.parallel }) : null;

  const includeDirs = [FIRMWARE_INCLUDE, ...(opts.includeDirs ?? []).map((d) => path.resolve(d)), ...(cmsis ? cmsis.includeDirs : [])];
  const defines = [...(opts.defines ?? []), ...(cmsis ? cmsis.defines : [])];
  const cflags = [...BASE_CFLAGS, ...boardCflags(board), ...(cmsis ? cmsisVariantFlags(board) : []), "-ffunction-sections", "-fdata-sections", "-fstack-usage", "-fcallgraph-info=su"];
  const payload = opts.sources.map((s) => path.resolve(s));
  const harnessSrc = harness === "sim" ? SIM_MAIN : BOARD_MAIN;
  const harnessDefs = [
    ...(isArm && harness === "sim" ? ["PN_SEMIHOSTING=1"] : []),
    ...(opts.stateBytes ? [`${harness === "sim" ? "PN_SIM_STATE_BYTES" : "PN_BOARD_STATE_BYTES"}=${opts.stateBytes}u`] : []),
    `PN_NUM_IRQS=${board.irqs}`,
  ];
  const key = hashOf(board, harness, cc.version, cflags, defines, harnessDefs, includeDirs, payload, cmsis?.lib ?? null,
    [...payload, harnessSrc, STARTUP_CM].map((f) => readFileSync(f, "utf8")), headerTexts(payload, includeDirs));
  const dir = opts.outDir ? path.resolve(opts.outDir) : path.join(BUILD_DIR, "fw", `${board.name}-${harness}-${key}`);
  // Built in a private folder (cwd) with paths relative to it, so the map file and the object names
  // hold no temporary path, then renamed to dir: concurrent builds of one key never share files.
  const work = opts.outDir ? dir : privateTempDir(path.dirname(dir));
  if (opts.outDir) mkdirSync(dir, { recursive: true });
  else removeOnExit(work);
  try {
    const built = await buildIn(work);
    if (work !== dir) publishDir(work, dir);
    return { ...built, elf: path.join(dir, path.basename(built.elf)), map: path.join(dir, "link.map"), dir };
  } finally {
    if (work !== dir) {
      rmSync(work, { recursive: true, force: true });
      release(work);
    }
  }

  async function buildIn(dir: string): Promise<FirmwareBuild> {
  const inc = includeDirs.flatMap((d) => ["-I", d]);
  const rel = (f: string) => "./" + f;
  const payloadObjs = payload.map((s, i) => rel("payload_" + objName(s, i)));
  const harnessObjs = [rel("harness_main.o"), ...(isArm ? [rel("harness_startup.o")] : [])];
  const jobs: CompileJob[] = [
    ...payload.map((s, i) => ({ cc: cc.gcc, args: [...cflags, ...WARN, ...defines.map((d) => "-D" + d), ...inc, "-c", s, "-o", payloadObjs[i]], label: s, cwd: dir })),
    { cc: cc.gcc, args: [...cflags, ...WARN, ...harnessDefs.map((d) => "-D" + d), ...inc, "-c", harnessSrc, "-o", harnessObjs[0]], label: harnessSrc, cwd: dir },
  ];
  if (isArm)
    jobs.push({ cc: cc.gcc, args: [...cflags, ...WARN, ...harnessDefs.map((d) => "-D" + d), "-c", STARTUP_CM, "-o", harnessObjs[1]], label: STARTUP_CM, cwd: dir });
  await runJobs(jobs, opts.parallel);

  const abs = (f: string) => path.join(dir, f);
  const undef = undefinedSymbols(cc.nm, payloadObjs.map(abs));
  const heap = FORBIDDEN_PAYLOAD_SYMBOLS.filter((s) => undef.has(s));
  if (heap.length) throw new BuildError(`payload uses the heap (${heap.map((s) => `${s} in ${undef.get(s)!.map((o) => path.basename(o)).join(", ")}`).join("; ")}): the firmware must use static state only`);

  const elfName = harness === "sim" ? "sim.elf" : "firmware.elf";
  const elf = path.join(dir, elfName);
  const map = path.join(dir, "link.map");
  let linkArgs: string[];
  if (isArm) {
    writeFileSync(path.join(dir, "link.ld"), linkerScript(board));
    const specs = harness === "sim" ? ["--specs=rdimon.specs"] : ["--specs=nano.specs", "--specs=nosys.specs"];
    // No -lm anywhere: a payload that needs libm fails to link, which is the point.
    linkArgs = [...boardCflags(board), ...specs, "-nostartfiles", "-T", "link.ld", "-Wl,--gc-sections", "-Wl,-Map=link.map", ...harnessObjs, ...payloadObjs, ...(cmsis ? [cmsis.lib] : []), "-o", elfName];
  } else {
    linkArgs = [...board.compiler.flags, "-Wl,--gc-sections", "-Wl,-Map=link.map", ...harnessObjs, ...payloadObjs, ...(cmsis ? [cmsis.lib] : []), "-o", elfName];
  }
  const r = await run(cc.gcc, linkArgs, dir);
  if (r.code !== 0) {
    const libm = /undefined reference to `(sinf|cosf|expf|logf|sqrtf|powf|tanhf|exp|log|sqrt|sin|cos|pow|floorf|ceilf|roundf|fabsf|atan2f)'/.exec(r.out);
    throw new BuildError(`link failed for board ${board.name}${libm ? ` (the payload calls ${libm[1]} from libm, which the firmware must not use)` : ""}:\n$ ${cc.gcc} ${linkArgs.join(" ")}\n${r.out}`);
  }
  const sizes = sizeReport(board, elf, payloadObjs.map(abs), map);
  const stack = analyseStack({ dirs: [dir, ...(cmsis ? [cmsis.dir] : [])], roots: ["pn_process_frame", "pn_init"] });
  return {
    board: board.name,
    elf,
    map,
    dir,
    harness,
    sizes,
    stack,
    cmsis,
    compiler: { gcc: cc.gcc, version: cc.version, source: cc.source },
    cflags,
    markers: harness === "sim" ? markerAddresses(cc.nm, elf) : null,
    harnessStateBytes: symbolSize(cc.nm, elf, harness === "sim" ? "pn_sim_state" : "pn_board_state"),
    objectSources: Object.fromEntries(payloadObjs.map((o, i) => [o, payload[i]])),
  };
  }
}

/**
 * Build the payload + sim main for the host with the host C compiler and the same flags (the
 * "host gcc" reference the simulated outputs are compared with). No CMSIS-DSP: payloads that call
 * CMSIS-DSP need a host build of it, which this does not provide.
 */
export async function buildHost(opts: PayloadSpec & { outDir?: string }): Promise<{ exe: string; dir: string }> {
  const cc = hostCc();
  const payload = opts.sources.map((s) => path.resolve(s));
  const includeDirs = [FIRMWARE_INCLUDE, ...(opts.includeDirs ?? []).map((d) => path.resolve(d))];
  const cflags = [...BASE_CFLAGS, ...WARN, ...(opts.defines ?? []).map((d) => "-D" + d)];
  const key = hashOf("host", cc.version, cflags, includeDirs, [...payload, SIM_MAIN].map((f) => readFileSync(f, "utf8")), headerTexts(payload, includeDirs));
  const dir = opts.outDir ? path.resolve(opts.outDir) : path.join(BUILD_DIR, "fw", `host-${key}`);
  mkdirSync(dir, { recursive: true });
  const exe = path.join(dir, "sim_host");
  // A private name, then a rename: concurrent builds of one key never run a half-written binary.
  const tmp = `${exe}.tmp-${process.pid}`;
  removeOnExit(tmp);
  const r = await run(cc.path, [...cflags, ...includeDirs.flatMap((d) => ["-I", d]), SIM_MAIN, ...payload, "-o", tmp]);
  if (r.code !== 0) {
    rmSync(tmp, { force: true });
    throw new BuildError(`host build failed:\n${r.out}`);
  }
  renameSync(tmp, exe);
  release(tmp);
  return { exe, dir };
}

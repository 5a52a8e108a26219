/**
 * Board profiles (boards/*.json): load, validate, and derive the linker script.
 * Every error names the file and the field.
 */
import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { REPO_ROOT } from "./c-build/toolchain.ts";

export type Core = "cortex-m4" | "cortex-m7" | "cortex-m33" | "cortex-m55" | "cortex-a53";
export type ModelSize = "headset" | "m7" | "full";
export type CmsisVariant = "scalar" | "scalar-dsp" | "helium" | "neon";

export interface MemoryRegion {
  name: string;
  origin: number;
  length: number;
  kind: "code" | "ram" | "reserved";
  source: string;
}

export interface BoardProfile {
  name: string;
  description: string;
  kind: "simulated" | "real";
  core: Core;
  arch: string;
  clockHz: number;
  clockNote: string;
  budgetCyclesPerFrame: number;
  modelSize: ModelSize;
  features: { fpu: string | null; doublePrecisionFpu: boolean; dsp: boolean; mve: "none" | "int" | "float"; neon: boolean };
  compiler: { toolchain: "arm-none-eabi" | "aarch64-linux-gnu"; flags: string[] };
  cmsisDsp: { variant: CmsisVariant; defines: string[]; note: string };
  memory: {
    regions: MemoryRegion[];
    code: string | null;
    /** Region for .rodata (tables, weights); defaults to `code`. */
    rodata: string | null;
    data: string | null;
    stackBytes: number;
    flashBytes: number | null;
    ramBytes: number | null;
    limitsNote: string;
  };
  irqs: number;
  sim: null | { mode: "system" | "user"; qemu: string; machine: string | null; cpu: string | null };
  flash?: { openocdTarget: string | null; openocdInterface: string | null; pyocdTarget: string | null; note?: string };
  cycleModel: string;
  /**
   * Real boards: modelled timing from a simulated board's per-frame instruction counts, costed with
   * this board's cycleModel at this board's clock, under the memory assumption stated here.
   */
  timing?: {
    /** The simulated board whose sim report gives the per-frame, per-class instruction counts. */
    fromSimulatedBoard: string;
    /** Why that board is the closest. */
    why: string;
    /** Where code and data are assumed to live, and what that costs (stated, not measured). */
    memoryAssumption: string;
    /** Extra cycles per modelled cycle for memory wait states under that assumption (0 = none). */
    waitStateOverhead: number;
    /** What the estimate leaves out. */
    ignores: string[];
  };
  /** Absolute path of the profile file. */
  file: string;
}

export const BOARDS_DIR = path.join(REPO_ROOT, "boards");
export const CYCLE_MODELS_DIR = path.join(REPO_ROOT, "sim", "qemu", "cycle-models");

/** Frame length in seconds: 480 samples at 48 kHz. */
export const FRAME_SECONDS = 0.01;

export class BoardProfileError extends Error {
  constructor(
    public readonly file: string,
    public readonly field: string,
    message: string,
  ) {
    super(`${path.relative(process.cwd(), file) || file}: field "${field}": ${message}`);
    this.name = "BoardProfileError";
  }
}

type Json = unknown;

class V {
  constructor(private file: string) {}
  fail(field: string, msg: string): never {
    throw new BoardProfileError(this.file, field, msg);
  }
  obj(v: Json, field: string): Record<string, Json> {
    if (typeof v !== "object" || v === null || Array.isArray(v)) this.fail(field, `expected an object, got ${show(v)}`);
    return v as Record<string, Json>;
  }
  str(o: Record<string, Json>, k: string, field: string, opts: { nullable?: boolean; nonEmpty?: boolean } = {}): string {
    const v = o[k];
    if (v === null && opts.nullable) return null as unknown as string;
    if (typeof v !== "string") this.fail(field, `expected a string${opts.nullable ? " or null" : ""}, got ${show(v)}`);
    if ((opts.nonEmpty ?? true) && (v as string).trim() === "") this.fail(field, "must not be empty");
    return v as string;
  }
  oneOf<T extends string>(o: Record<string, Json>, k: string, field: string, allowed: readonly T[]): T {
    const v = o[k];
    if (typeof v !== "string" || !(allowed as readonly string[]).includes(v)) this.fail(field, `expected one of ${allowed.map((a) => JSON.stringify(a)).join(", ")}, got ${show(v)}`);
    return v as T;
  }
  int(o: Record<string, Json>, k: string, field: string, opts: { min?: number; nullable?: boolean } = {}): number {
    const v = o[k];
    if (v === null && opts.nullable) return null as unknown as number;
    if (typeof v !== "number" || !Number.isInteger(v)) this.fail(field, `expected an integer${opts.nullable ? " or null" : ""}, got ${show(v)}`);
    if (opts.min !== undefined && (v as number) < opts.min) this.fail(field, `must be >= ${opts.min}, got ${v}`);
    return v as number;
  }
  bool(o: Record<string, Json>, k: string, field: string): boolean {
    const v = o[k];
    if (typeof v !== "boolean") this.fail(field, `expected true or false, got ${show(v)}`);
    return v as boolean;
  }
  strArray(o: Record<string, Json>, k: string, field: string): string[] {
    const v = o[k];
    if (!Array.isArray(v) || v.some((x) => typeof x !== "string" || x === "")) this.fail(field, `expected an array of non-empty strings, got ${show(v)}`);
    return v as string[];
  }
  hex(o: Record<string, Json>, k: string, field: string): number {
    const v = o[k];
    if (typeof v !== "string" || !/^0x[0-9a-fA-F]{1,8}$/.test(v)) this.fail(field, `expected a hex string like "0x20000000", got ${show(v)}`);
    return parseInt(v as string, 16);
  }
}

function show(v: Json): string {
  if (v === undefined) return "nothing (field missing)";
  const s = JSON.stringify(v);
  return s.length > 60 ? s.slice(0, 57) + "..." : s;
}

const CORES = ["cortex-m4", "cortex-m7", "cortex-m33", "cortex-m55", "cortex-a53"] as const;
const KNOWN_TOP = new Set([
  "$comment", "name", "description", "kind", "core", "arch", "clockHz", "clockNote", "budgetCyclesPerFrame", "modelSize",
  "features", "compiler", "cmsisDsp", "memory", "irqs", "sim", "flash", "cycleModel", "timing",
]);

/** Validate a parsed profile. `file` is used in error messages only. */
export function validateBoard(raw: Json, file: string): BoardProfile {
  const v: V = new V(file);
  const o = v.obj(raw, "(top level)");
  for (const k of Object.keys(o)) if (!KNOWN_TOP.has(k)) v.fail(k, "unknown field (typo?)");
  const name = v.str(o, "name", "name");
  const base = path.basename(file, ".json");
  if (name !== base) v.fail("name", `must equal the file name "${base}", got ${show(name)}`);
  const kind = v.oneOf(o, "kind", "kind", ["simulated", "real"] as const);
  const core = v.oneOf(o, "core", "core", CORES);
  const clockHz = v.int(o, "clockHz", "clockHz", { min: 1_000_000 });
  const budget = v.int(o, "budgetCyclesPerFrame", "budgetCyclesPerFrame", { min: 1 });
  const expect = Math.round(clockHz * FRAME_SECONDS);
  if (budget !== expect) v.fail("budgetCyclesPerFrame", `must be clockHz x 10 ms = ${expect}, got ${budget}`);

  const f = v.obj(o.features, "features");
  const features = {
    fpu: v.str(f, "fpu", "features.fpu", { nullable: true }),
    doublePrecisionFpu: v.bool(f, "doublePrecisionFpu", "features.doublePrecisionFpu"),
    dsp: v.bool(f, "dsp", "features.dsp"),
    mve: v.oneOf(f, "mve", "features.mve", ["none", "int", "float"] as const),
    neon: v.bool(f, "neon", "features.neon"),
  };

  const c = v.obj(o.compiler, "compiler");
  const toolchain = v.oneOf(c, "toolchain", "compiler.toolchain", ["arm-none-eabi", "aarch64-linux-gnu"] as const);
  const flags = v.strArray(c, "flags", "compiler.flags");
  const mcpu = flags.find((x) => x.startsWith("-mcpu="));
  if (!mcpu) v.fail("compiler.flags", "must contain -mcpu=...");
  if (mcpu !== `-mcpu=${core}`) v.fail("compiler.flags", `-mcpu must match core "${core}", got ${show(mcpu)}`);
  if (core === "cortex-a53") {
    if (toolchain !== "aarch64-linux-gnu") v.fail("compiler.toolchain", `core cortex-a53 needs "aarch64-linux-gnu", got ${show(toolchain)}`);
  } else {
    if (toolchain !== "arm-none-eabi") v.fail("compiler.toolchain", `core ${core} needs "arm-none-eabi", got ${show(toolchain)}`);
    if (!flags.includes("-mthumb")) v.fail("compiler.flags", "M-profile cores need -mthumb");
    const abi = flags.find((x) => x.startsWith("-mfloat-abi="));
    if (features.fpu !== null && abi !== "-mfloat-abi=hard") v.fail("compiler.flags", "a board with an FPU must use -mfloat-abi=hard");
  }
  for (const bad of ["-ffast-math", "-Ofast", "-ffp-contract=fast", "-funsafe-math-optimizations"])
    if (flags.includes(bad)) v.fail("compiler.flags", `${bad} breaks bit-exactness and is not allowed`);

  const cm = v.obj(o.cmsisDsp, "cmsisDsp");
  const variant = v.oneOf(cm, "variant", "cmsisDsp.variant", ["scalar", "scalar-dsp", "helium", "neon"] as const);
  const defines = v.strArray(cm, "defines", "cmsisDsp.defines");
  if (variant === "helium" && features.mve === "none") v.fail("cmsisDsp.variant", "helium needs features.mve");
  if (variant === "neon" && !features.neon) v.fail("cmsisDsp.variant", "neon needs features.neon");
  if (variant === "neon" && !defines.includes("ARM_MATH_NEON")) v.fail("cmsisDsp.defines", "the neon variant needs ARM_MATH_NEON");
  if (variant === "helium" && !defines.includes("ARM_MATH_HELIUM")) v.fail("cmsisDsp.defines", "the helium variant needs ARM_MATH_HELIUM");
  if ((variant === "scalar" || variant === "scalar-dsp") && defines.some((d) => /NEON|HELIUM|MVE/.test(d)))
    v.fail("cmsisDsp.defines", `variant ${variant} must not define vector variants`);

  const m = v.obj(o.memory, "memory");
  if (!Array.isArray(m.regions)) v.fail("memory.regions", `expected an array, got ${show(m.regions)}`);
  const regions: MemoryRegion[] = (m.regions as Json[]).map((r, i) => {
    const fld = `memory.regions[${i}]`;
    const ro = v.obj(r, fld);
    const reg: MemoryRegion = {
      name: v.str(ro, "name", `${fld}.name`),
      origin: v.hex(ro, "origin", `${fld}.origin`),
      length: v.hex(ro, "length", `${fld}.length`),
      kind: v.oneOf(ro, "kind", `${fld}.kind`, ["code", "ram", "reserved"] as const),
      source: v.str(ro, "source", `${fld}.source`),
    };
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(reg.name)) v.fail(`${fld}.name`, `not a linker region name: ${show(reg.name)}`);
    if (reg.length === 0) v.fail(`${fld}.length`, "must be > 0");
    if (reg.origin + reg.length > 0x1_0000_0000) v.fail(`${fld}.length`, "region runs past the 32-bit address space");
    return reg;
  });
  for (let i = 0; i < regions.length; i++)
    for (let j = i + 1; j < regions.length; j++) {
      const a = regions[i], b = regions[j];
      if (a.name === b.name) v.fail(`memory.regions[${j}].name`, `duplicate region name ${a.name}`);
      if (a.origin < b.origin + b.length && b.origin < a.origin + a.length)
        v.fail(`memory.regions[${j}]`, `region ${b.name} overlaps region ${a.name}`);
    }
  const isArm = toolchain === "arm-none-eabi";
  const code = v.str(m, "code", "memory.code", { nullable: !isArm });
  const data = v.str(m, "data", "memory.data", { nullable: !isArm });
  let rodata: string | null = code;
  if (m.rodata !== undefined) {
    rodata = v.str(m, "rodata", "memory.rodata");
    if (!isArm) v.fail("memory.rodata", "only M-profile boards have a linker script");
    const rr = regions.find((r) => r.name === rodata);
    if (!rr) v.fail("memory.rodata", `names no region in memory.regions: ${show(rodata)}`);
    if (rr.kind !== "code") v.fail("memory.rodata", `region ${rodata} has kind ${rr.kind}, expected "code"`);
  }
  for (const k of Object.keys(m))
    if (!["regions", "code", "rodata", "data", "stackBytes", "flashBytes", "ramBytes", "limitsNote"].includes(k)) v.fail(`memory.${k}`, "unknown field (typo?)");
  if (isArm) {
    const cr = regions.find((r) => r.name === code);
    if (!cr) v.fail("memory.code", `names no region in memory.regions: ${show(code)}`);
    if (cr.kind !== "code") v.fail("memory.code", `region ${code} has kind ${cr.kind}, expected "code"`);
    const dr = regions.find((r) => r.name === data);
    if (!dr) v.fail("memory.data", `names no region in memory.regions: ${show(data)}`);
    if (dr.kind !== "ram") v.fail("memory.data", `region ${data} has kind ${dr.kind}, expected "ram"`);
  }
  const stackBytes = v.int(m, "stackBytes", "memory.stackBytes", { min: isArm ? 1024 : 0 });
  const flashBytes = v.int(m, "flashBytes", "memory.flashBytes", { min: 1, nullable: !isArm });
  const ramBytes = v.int(m, "ramBytes", "memory.ramBytes", { min: 1, nullable: !isArm });
  if (isArm) {
    const codeTotal = regions.filter((r) => r.kind === "code").reduce((s, r) => s + r.length, 0);
    if (flashBytes > codeTotal + regions.filter((r) => r.kind === "reserved").reduce((s, r) => s + r.length, 0))
      v.fail("memory.flashBytes", `${flashBytes} exceeds the code regions' total ${codeTotal}`);
    const ramTotal = regions.filter((r) => r.kind === "ram").reduce((s, r) => s + r.length, 0);
    if (ramBytes > ramTotal) v.fail("memory.ramBytes", `${ramBytes} exceeds the RAM regions' total ${ramTotal}`);
  }
  const irqs = v.int(o, "irqs", "irqs", { min: 0 });

  let sim: BoardProfile["sim"] = null;
  if (kind === "simulated") {
    const s = v.obj(o.sim, "sim");
    const mode = v.oneOf(s, "mode", "sim.mode", ["system", "user"] as const);
    sim = {
      mode,
      qemu: v.str(s, "qemu", "sim.qemu"),
      machine: v.str(s, "machine", "sim.machine", { nullable: mode === "user" }),
      cpu: v.str(s, "cpu", "sim.cpu", { nullable: mode === "system" }),
    };
    if (mode === "system" && !sim.machine) v.fail("sim.machine", "system mode needs a QEMU machine");
    if (mode === "user" && !sim.cpu) v.fail("sim.cpu", "user mode needs a QEMU -cpu");
  } else if (o.sim !== null) v.fail("sim", "real boards are not simulated: must be null");

  let flash: BoardProfile["flash"];
  if (o.flash !== undefined) {
    const fl = v.obj(o.flash, "flash");
    flash = {
      openocdTarget: v.str(fl, "openocdTarget", "flash.openocdTarget", { nullable: true }),
      openocdInterface: v.str(fl, "openocdInterface", "flash.openocdInterface", { nullable: true }),
      pyocdTarget: v.str(fl, "pyocdTarget", "flash.pyocdTarget", { nullable: true }),
      ...(fl.note !== undefined ? { note: v.str(fl, "note", "flash.note") } : {}),
    };
  }
  const cycleModel = v.str(o, "cycleModel", "cycleModel");
  if (!existsSync(path.join(CYCLE_MODELS_DIR, cycleModel + ".json")))
    v.fail("cycleModel", `no cycle model sim/qemu/cycle-models/${cycleModel}.json`);
  let timing: BoardProfile["timing"];
  if (o.timing !== undefined) {
    if (kind !== "real") v.fail("timing", "only real boards take a modelled timing (simulated boards are measured)");
    const t = v.obj(o.timing, "timing");
    for (const k of Object.keys(t)) if (!["fromSimulatedBoard", "why", "memoryAssumption", "waitStateOverhead", "ignores"].includes(k)) v.fail(`timing.${k}`, "unknown field (typo?)");
    const ws = t.waitStateOverhead;
    if (typeof ws !== "number" || !(ws >= 0)) v.fail("timing.waitStateOverhead", `expected a number >= 0, got ${show(ws)}`);
    timing = {
      fromSimulatedBoard: v.str(t, "fromSimulatedBoard", "timing.fromSimulatedBoard"),
      why: v.str(t, "why", "timing.why"),
      memoryAssumption: v.str(t, "memoryAssumption", "timing.memoryAssumption"),
      waitStateOverhead: ws as number,
      ignores: v.strArray(t, "ignores", "timing.ignores"),
    };
  }

  return {
    name,
    description: v.str(o, "description", "description"),
    kind,
    core,
    arch: v.str(o, "arch", "arch"),
    clockHz,
    clockNote: v.str(o, "clockNote", "clockNote"),
    budgetCyclesPerFrame: budget,
    modelSize: v.oneOf(o, "modelSize", "modelSize", ["headset", "m7", "full"] as const),
    features,
    compiler: { toolchain, flags },
    cmsisDsp: { variant, defines, note: v.str(cm, "note", "cmsisDsp.note") },
    memory: { regions, code, rodata, data, stackBytes, flashBytes, ramBytes, limitsNote: v.str(m, "limitsNote", "memory.limitsNote") },
    irqs,
    sim,
    flash,
    cycleModel,
    ...(timing ? { timing } : {}),
    file,
  };
}

/** Load and validate boards/<name>.json (or a path to a profile file). */
export function loadBoard(nameOrFile: string, dir = BOARDS_DIR): BoardProfile {
  const file = nameOrFile.endsWith(".json") ? path.resolve(nameOrFile) : path.join(dir, nameOrFile + ".json");
  if (!existsSync(file)) {
    const known = listBoardNames(dir);
    throw new BoardProfileError(file, "(file)", `no such board profile; known boards: ${known.join(", ")}`);
  }
  let raw: Json;
  try {
    raw = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    throw new BoardProfileError(file, "(file)", `not valid JSON: ${(e as Error).message}`);
  }
  return validateBoard(raw, file);
}

export function listBoardNames(dir = BOARDS_DIR): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .map((f) => f.slice(0, -5))
    .sort();
}

/** Load every profile in boards/ (throws on the first invalid one). */
export function loadAllBoards(dir = BOARDS_DIR): BoardProfile[] {
  return listBoardNames(dir).map((n) => loadBoard(n, dir));
}

const hex = (n: number) => "0x" + n.toString(16).toUpperCase().padStart(8, "0");

/** The GNU ld script for an M-profile board, from boards/ld/cortex-m.ld.in. */
export function linkerScript(board: BoardProfile): string {
  if (board.compiler.toolchain !== "arm-none-eabi") throw new Error(`board ${board.name}: no linker script for a hosted (Linux) target`);
  const tmpl = readFileSync(path.join(BOARDS_DIR, "ld", "cortex-m.ld.in"), "utf8");
  const mem = board.memory.regions
    .map((r) => {
      const attr = r.kind === "code" ? "rx" : r.kind === "ram" ? "rwx" : "r";
      return `  ${r.name.padEnd(10)} (${attr}) : ORIGIN = ${hex(r.origin)}, LENGTH = ${hex(r.length)}`;
    })
    .join("\n");
  // VTOR needs the table aligned to the next power of two of its size (at least 128 bytes).
  const tableBytes = (16 + board.irqs) * 4;
  let align = 128;
  while (align < tableBytes) align *= 2;
  return tmpl
    .replaceAll("@MEMORY@", mem)
    .replaceAll("@CODE@", board.memory.code!)
    .replaceAll("@RODATA@", board.memory.rodata ?? board.memory.code!)
    .replaceAll("@DATA@", board.memory.data!)
    .replaceAll("@STACK@", String(board.memory.stackBytes))
    .replaceAll("@VECTOR_ALIGN@", String(align));
}

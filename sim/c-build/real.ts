/**
 * Real boards: build + link + size against the part's limits, and flash through pyOCD or OpenOCD.
 */
import { spawnSync, execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { BoardProfile, FRAME_SECONDS, loadBoard } from "../boards.ts";
import { buildFirmware, compilerFor, FirmwareBuild, PayloadSpec, SizeReport } from "./build.ts";
import { frameCycles, loadCycleModel, stats } from "../qemu/cycles.ts";
import type { SimReport } from "../qemu/simulate.ts";
import { optionalTool, REPO_ROOT } from "./toolchain.ts";

export interface RealBuildOptions extends PayloadSpec {
  board: string | BoardProfile;
  /** State buffer of the real-board main (PN_BOARD_STATE_BYTES, default 64 KiB). */
  stateBytes?: number;
  outDir?: string;
  parallel?: number;
  /**
   * A folder of sim reports (<board>.report.json, as `percepnet sim --report DIR` writes them):
   * the board profile's timing.fromSimulatedBoard report there, of the same payload, gives the
   * modelled timing (realBoardTiming). Without it, or without such a report, timing is null.
   */
  timingFrom?: string;
}

/**
 * Modelled timing of a real board: a simulated board's exact per-frame, per-class instruction
 * counts, costed with the real board's cycle model, times (1 + waitStateOverhead), at the real
 * board's clock. An estimate under the profile's stated memory assumption, never a measurement.
 */
export interface RealTiming {
  fromSimulatedBoard: string;
  /** The sim report used (repo-relative when inside the repo), its frames and output sha256. */
  report: string;
  frames: number;
  reportOutputSha256: string;
  cycleModel: string;
  clockHz: number;
  budgetCyclesPerFrame: number;
  cyclesPerFrame: { mean: number; p99: number; worst: number };
  budgetPercent: { mean: number; p99: number; worst: number };
  msPerFrame: { mean: number; worst: number };
  why: string;
  memoryAssumption: string;
  waitStateOverhead: number;
  ignores: string[];
  /** The real board's cycle model's own basis and blind spots. */
  modelBasis: string;
  modelBlindSpots: string[];
}

/** Timing from a sim report, or null and the reason. payloadSources: the real build's sources (to check the report ran the same payload). */
export function realBoardTiming(board: BoardProfile, reportDir: string | undefined, payloadSources: string[]): { timing: RealTiming | null; note: string } {
  const t = board.timing;
  if (!t) return { timing: null, note: `board ${board.name} has no "timing" section in its profile` };
  if (!reportDir) return { timing: null, note: `no sim reports given (build-real --timing-from DIR, e.g. docs/bench after \`percepnet sim --board ${t.fromSimulatedBoard} ... --report DIR\`)` };
  const from = loadBoard(t.fromSimulatedBoard);
  if (from.kind !== "simulated") throw new Error(`${board.file}: timing.fromSimulatedBoard ${from.name} is not a simulated board`);
  const file = path.resolve(reportDir, `${from.name}.report.json`);
  const rel = (f: string) => (f.startsWith(REPO_ROOT + path.sep) ? path.relative(REPO_ROOT, f) : f);
  if (!existsSync(file)) return { timing: null, note: `no sim report ${rel(file)} (run \`percepnet sim --board ${from.name} IN.wav --report ${reportDir}\` with the same payload)` };
  const r = JSON.parse(readFileSync(file, "utf8")) as SimReport;
  const norm = (xs: string[]) => xs.map((x) => rel(path.resolve(REPO_ROOT, x))).sort().join("\n");
  if (norm(r.payload.sources) !== norm(payloadSources)) {
    // generated sources sit in a content-addressed folder (build/gen/<hash>): an older spec shows up here
    const a = new Set(norm(r.payload.sources).split("\n")), b = norm(payloadSources).split("\n");
    const diff = b.find((x) => !a.has(x));
    return { timing: null, note: `${rel(file)} simulated another payload than this build (this build's ${diff ?? "sources"} is not in it: stale report or another payload; rerun the sim with --report)` };
  }
  const model = loadCycleModel(board.cycleModel);
  const k = 1 + t.waitStateOverhead;
  const per = r.instructions.perFrameByClass.map((f) => k * frameCycles(model, r.instructions.classes, f));
  const st = stats(per);
  const budget = board.budgetCyclesPerFrame;
  const bp = (x: number) => (100 * x) / budget;
  const ms = (x: number) => (1000 * x) / board.clockHz;
  return {
    timing: {
      fromSimulatedBoard: from.name,
      report: rel(file),
      frames: r.frames,
      reportOutputSha256: r.output.sha256,
      cycleModel: board.cycleModel,
      clockHz: board.clockHz,
      budgetCyclesPerFrame: budget,
      cyclesPerFrame: { mean: st.mean, p99: st.p99, worst: st.worst },
      budgetPercent: { mean: bp(st.mean), p99: bp(st.p99), worst: bp(st.worst) },
      msPerFrame: { mean: ms(st.mean), worst: ms(st.worst) },
      why: t.why,
      memoryAssumption: t.memoryAssumption,
      waitStateOverhead: t.waitStateOverhead,
      ignores: t.ignores,
      modelBasis: model.basis,
      modelBlindSpots: model.blindSpots,
    },
    note: `modelled from ${from.name}'s counts (${rel(file)}), ${board.cycleModel} costs, ${(board.clockHz / 1e6).toFixed(0)} MHz, ${FRAME_SECONDS * 1000} ms frames; assumes: ${t.memoryAssumption.split(":")[0].toLowerCase()}`,
  };
}

export interface RealBuild {
  board: string;
  core: string;
  clockHz: number;
  modelSize: string;
  build: FirmwareBuild;
  sizes: SizeReport;
  fits: boolean;
  artifacts: { elf: string; hex: string; bin: string };
  /** Modelled timing (see RealTiming), null with timingNote saying why when it cannot be given. */
  timing: RealTiming | null;
  timingNote: string;
}

/** Build the payload with firmware/sim/board_main.c for any Cortex-M board (real or simulated) and size it. */
export async function buildRealBoard(opts: RealBuildOptions): Promise<RealBuild> {
  const board = typeof opts.board === "string" ? loadBoard(opts.board) : opts.board;
  const build = await buildFirmware(board, "board", opts);
  const cc = compilerFor(board);
  const hex = build.elf.replace(/\.elf$/, ".hex");
  const bin = build.elf.replace(/\.elf$/, ".bin");
  execFileSync(cc.objcopy, ["-O", "ihex", build.elf, hex]);
  execFileSync(cc.objcopy, ["-O", "binary", build.elf, bin]);
  return {
    board: board.name,
    core: board.core,
    clockHz: board.clockHz,
    modelSize: board.modelSize,
    build,
    sizes: build.sizes,
    fits: build.sizes.fits,
    artifacts: { elf: build.elf, hex, bin },
    ...(() => {
      const t = realBoardTiming(board, opts.timingFrom, opts.sources);
      return { timing: t.timing, timingNote: t.note };
    })(),
  };
}

/** One line of modelled timing: "stm32h7  timing (model): 656,737 cycles/frame mean, 13.7 % of 480 MHz ...". */
export function timingLine(r: RealBuild): string {
  const t = r.timing;
  if (!t) return `${r.board.padEnd(10)} timing: n/a (${r.timingNote})`;
  const f = (x: number) => Math.round(x).toLocaleString("en-US");
  return (
    `${r.board.padEnd(10)} timing (modelled, not measured): ${f(t.cyclesPerFrame.mean)} cycles/frame mean, ${f(t.cyclesPerFrame.worst)} worst = ` +
    `${t.budgetPercent.mean.toFixed(1)} % / ${t.budgetPercent.worst.toFixed(1)} % of the ${(t.clockHz / 1e6).toFixed(0)} MHz budget (${t.msPerFrame.mean.toFixed(2)} ms of 10 ms); ` +
    `counts from ${t.fromSimulatedBoard} (${t.frames} frames), ${t.cycleModel} costs, ${t.waitStateOverhead === 0 ? "zero wait states assumed (the profile's timing.memoryAssumption): a lower bound" : `wait-state overhead ${t.waitStateOverhead} assumed`}`
  );
}

/** One line per board for humans: "stm32h7  flash 1234 / 2097152 (0.1 %)  RAM ...". */
export function sizeLine(r: RealBuild): string {
  const s = r.sizes;
  const f = `flash ${s.flashBytes} / ${s.flashLimit ?? "-"} (${s.flashPercent ?? "-"} %)`;
  const m = `RAM ${s.ramBytes} / ${s.ramLimit ?? "-"} (${s.ramPercent ?? "-"} %)`;
  const c = s.components ? `  payload flash ${s.components.flash.payload} + CMSIS-DSP ${s.components.flash["cmsis-dsp"]}` : "";
  return `${r.board.padEnd(10)} ${f.padEnd(36)} ${m.padEnd(34)} ${r.fits ? "fits" : "DOES NOT FIT"}${c}`;
}

export class FlashToolMissingError extends Error {
  readonly exitCode = 3;
}

export interface FlashOptions {
  board: string | BoardProfile;
  /** The image to flash: an .elf (its .hex sibling is used for pyOCD when present). */
  elf: string;
  /** Which tool; "auto" prefers pyOCD, then OpenOCD. */
  tool?: "auto" | "pyocd" | "openocd";
  /** Print the command instead of running it. */
  dryRun?: boolean;
}

export interface FlashResult {
  tool: "pyocd" | "openocd";
  command: string[];
  exitCode: number | null;
  output: string;
}

/** Flash an image with pyOCD or OpenOCD. Throws FlashToolMissingError (exitCode 3) if neither is installed. */
export function flash(opts: FlashOptions): FlashResult {
  const board = typeof opts.board === "string" ? loadBoard(opts.board) : opts.board;
  if (!existsSync(opts.elf)) throw new Error(`image not found: ${opts.elf}`);
  const want = opts.tool ?? "auto";
  const pyocd = want !== "openocd" ? optionalTool("pyocd") : null;
  const openocd = want !== "pyocd" ? optionalTool("openocd") : null;
  const fl = board.flash;
  let command: string[] | null = null;
  let tool: FlashResult["tool"] | null = null;
  if (pyocd && fl?.pyocdTarget) {
    const hex = opts.elf.replace(/\.elf$/, ".hex");
    // --no-wait: fail at once when no probe is connected instead of waiting forever.
    command = [pyocd.path, "flash", "--no-wait", "--target", fl.pyocdTarget, existsSync(hex) ? hex : opts.elf];
    tool = "pyocd";
  } else if (openocd && fl?.openocdTarget && fl.openocdInterface) {
    command = [openocd.path, "-f", fl.openocdInterface, "-f", fl.openocdTarget, "-c", `program ${path.resolve(opts.elf)} verify reset exit`];
    tool = "openocd";
  }
  if (!command || !tool) {
    const why = !fl
      ? `board ${board.name} has no "flash" section in its profile (simulated boards are not flashed)`
      : `neither pyOCD${fl.pyocdTarget ? "" : " (no pyocdTarget in the profile)"} nor OpenOCD${fl.openocdTarget ? "" : " (no openocdTarget in the profile)"} is available` +
        (want !== "auto" ? ` (asked for ${want})` : "");
    throw new FlashToolMissingError(
      `cannot flash ${board.name}: ${why}. Install pyOCD 0.46.0 into the project venv (.venv/bin/pip install -r requirements/board.txt, or scripts/setup.sh) ` +
        `or OpenOCD (sudo apt-get install openocd). The images are ready: ${opts.elf} (.hex and .bin next to it).`,
    );
  }
  if (opts.dryRun) return { tool, command, exitCode: null, output: "" };
  const r = spawnSync(command[0], command.slice(1), { encoding: "utf8" });
  return { tool, command, exitCode: r.status, output: (r.stdout ?? "") + (r.stderr ?? "") };
}

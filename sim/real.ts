/**
 * Real boards: build + link + size against the part's limits, and flash through pyOCD or OpenOCD.
 */
import { spawnSync, execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { BoardProfile, loadBoard } from "./boards.ts";
import { buildFirmware, compilerFor, FirmwareBuild, PayloadSpec, SizeReport } from "./build.ts";
import { optionalTool } from "./toolchain.ts";

export interface RealBuildOptions extends PayloadSpec {
  board: string | BoardProfile;
  /** State buffer of the real-board main (PN_BOARD_STATE_BYTES, default 64 KiB). */
  stateBytes?: number;
  outDir?: string;
  parallel?: number;
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
  };
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

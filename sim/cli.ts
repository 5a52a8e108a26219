/**
 * Command line for the board layer and simulator, until the percepnet CLI wires these in:
 *
 *   npx tsx sim/cli.ts boards
 *   npx tsx sim/cli.ts sim --board m4f [--board m7 ...] --source a.c [--source b.c] [--include dir] \
 *        --in in.wav|in.pcm [--out out.wav|out.pcm] [--report DIR] [--no-cmsis]
 *   npx tsx sim/cli.ts build-real [--board stm32h7 ...] --source a.c ...
 *   npx tsx sim/cli.ts flash --board stm32h7 --source a.c ... [--tool pyocd|openocd] [--dry-run]
 *
 * --fixture uses the TEST FIXTURE payload (test/fixtures/firmware/fixture_biquad.c), which is not
 * the product: it exists to exercise the harness before the generated signal path does.
 * --json prints one object on stdout (sim/ci-json.ts) instead of the text lines; errors and progress
 * go to stderr. Exit status: 0 ok; 1 error; 2 a real board does not fit, or a simulated board's
 * worst frame is over `sim --max-budget P` % of its real-time budget; 3 no flashing tool.
 */
import { Command } from "commander";
import { SingleBar, Presets } from "cli-progress";
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { listBoardNames, loadAllBoards, loadBoard } from "./boards.ts";
import { renderComparisonSvg } from "./qemu/report.ts";
import { buildRealBoard, flash, FlashToolMissingError, sizeLine, timingLine } from "./c-build/real.ts";
import { finishPcmOutputFromFile, openPcmOutput, pcmInputFile } from "./audio/pcm.ts";
import { refuseInputAsOutput, writeFileAtomic } from "./audio/atomic-output.ts";
import { removeOnExit, removeStale, release } from "./leftovers.ts";
import { BUILD_DIR } from "./c-build/build-root.ts";
import { parseControls, ATTEN_LIM_HELP, BYPASS_HELP, type ControlFlags } from "./engines/controls.ts";
import { simulate, SimReport } from "./qemu/simulate.ts";
import { REPO_ROOT } from "./c-build/toolchain.ts";
import { realSummary, simSummary, type SimSummary } from "./ci-json.ts";

import { productPayload } from "./c-build/product.ts";
import { MODEL_HELP, resolveModel } from "./engines/model.ts";
import { exitQuietlyOnClosedPipe, reportFailure } from "../bin/fail.ts";

export const FIXTURE_PAYLOAD = path.join(REPO_ROOT, "test", "fixtures", "firmware", "fixture_biquad.c");

/** The converted input of a running sim, named with its process id (removed on exit; a killed run's by the next). */
const SIM_INPUT = /^sim-input-(\d+)\.pcm$/;

const collect = (v: string, prev: string[]) => [...prev, v];
/** build-real's default --timing-from: the sim reports scripts/bench.sh writes just before it. */
const DEFAULT_TIMING_FROM = path.join(REPO_ROOT, "docs", "bench");

interface PayloadFlags {
  source: string[];
  include: string[];
  define: string[];
  fixture?: boolean;
  cmsis: boolean;
  stateBytes?: string;
  networkMacs?: string;
  networkName?: string;
  model?: string;
}

function payload(o: PayloadFlags, board: string) {
  if (!o.source.length && !o.fixture) {
    // The product: the frame API over the generated spec, kernels on the board's CMSIS-DSP.
    const profile = loadBoard(board);
    const p = productPayload(o.cmsis ? profile.cmsisDsp.variant : undefined, profile.features, resolveModel(o.model, profile.modelSize));
    const baseline = o.define.some((d) => d.startsWith("PN_GAINS_BASELINE"));
    return { sources: p.sources, includeDirs: [...p.includeDirs, ...o.include], defines: [...p.defines, ...o.define], cmsis: p.cmsis, stateBytes: o.stateBytes ? Number(o.stateBytes) : undefined, network: baseline ? undefined : p.network };
  }
  if (o.model !== undefined) throw new Error("--model builds the product: it does not go with --source or --fixture");
  const sources = [...o.source, ...(o.fixture ? [FIXTURE_PAYLOAD] : [])];
  if (o.fixture) process.stderr.write("note: using the TEST FIXTURE payload (fixture_biquad.c), not the PercepNet signal path\n");
  // a payload given with --network-macs is a network alone (models/nn/sim_net.sh): all of it is booked to the network
  let network: { model: string; macsPerFrame: number; wholePayload: boolean } | undefined;
  if (o.networkMacs !== undefined) {
    const macs = Number(o.networkMacs);
    if (!Number.isInteger(macs) || macs <= 0) throw new Error(`--network-macs must be a positive integer, got "${o.networkMacs}"`);
    network = { model: o.networkName ?? "(payload's network)", macsPerFrame: macs, wholePayload: true };
  }
  return { sources, includeDirs: o.include, defines: o.define, cmsis: o.cmsis, stateBytes: o.stateBytes ? Number(o.stateBytes) : undefined, network };
}

type Network = ReturnType<typeof payload>["network"];

/** The trained model a product build carries, for --json (null for another payload). */
function modelOf(n: Network): { name: string; dir: string; sha256: string; macsPerFrame: number } | null {
  return n && "sha256" in n ? { name: n.model, dir: n.dir, sha256: n.sha256, macsPerFrame: n.macsPerFrame } : null;
}

/** "  model m7 (models/trained/m7, sha256 …)" after a product build's size line. */
function modelNote(n: Network): string {
  const m = modelOf(n);
  return m ? `  model ${m.name} (${m.dir}, sha256 ${m.sha256.slice(0, 16)})` : "";
}

function addPayloadOptions(c: Command): Command {
  return c
    .option("--model <name|dir>", MODEL_HELP)
    .option("--source <file>", "payload C source (repeatable; instead of the product)", collect, [])
    .option("--include <dir>", "payload include directory (repeatable)", collect, [])
    .option("--define <NAME=VALUE>", "extra -D for the payload (repeatable)", collect, [])
    .option("--fixture", "use the test fixture payload (not the product)")
    .option("--no-cmsis", "do not build and link CMSIS-DSP")
    .option("--state-bytes <n>", "harness state buffer bytes")
    .option("--network-macs <n>", "the payload is an int8 network alone with this many MAC per frame (models/nn/sim_net.sh): all of it is booked to the network, with MAC/cycle (the product's is its --model's)")
    .option("--network-name <name>", "the network's name in the report (with --network-macs)");
}

export async function main(argv: string[]): Promise<number> {
  const program = new Command("percepnet").exitOverride().configureOutput({ outputError: (str, write) => write(`percepnet: ${str.trim().replace(/\s*\n\s*/g, " ")}\n`) });
  let code = 0;

  program
    .command("boards")
    .description("validate and list the board profiles")
    .action(() => {
      for (const b of loadAllBoards()) {
        const mem = b.memory.flashBytes === null ? "hosted" : `flash ${b.memory.flashBytes / 1024} KiB, RAM ${b.memory.ramBytes! / 1024} KiB`;
        console.log(`${b.name.padEnd(10)} ${b.kind.padEnd(9)} ${b.core.padEnd(11)} ${(b.clockHz / 1e6).toFixed(0).padStart(5)} MHz  ${mem.padEnd(32)} cmsis=${b.cmsisDsp.variant.padEnd(10)} model=${b.modelSize}  ${b.sim ? (b.sim.machine ?? `${b.sim.qemu} -cpu ${b.sim.cpu}`) : "build+size"}`);
      }
    });

  addPayloadOptions(
    program
      .command("sim")
      .description("build for simulated board(s), run under QEMU, report cycles per frame")
      .option("--board <name>", "simulated board (repeatable; default m4f)", collect, [])
      .argument("[input]", "input: .wav (mono 48 kHz; 16/24/32-bit PCM or 32-bit float) or raw s16le")
      .option("--in <file>", "the input, as an option")
      .option("--out <file>", "output .wav or raw s16le (with several boards: board name is appended)")
      .option("--report <dir>", "write <board>.report.json/.md, <board>.cycles.svg (and boards.svg) here")
      .option("--max-budget <percent>", "exit 2 when a board's worst frame takes more than this % of its real-time budget")
      .option("--atten-lim <dB>", ATTEN_LIM_HELP)
      .option("--bypass <FROM:TO>", BYPASS_HELP)
      .option("--json", "print one JSON object on stdout (per-board summary) instead of text"),
  ).action(async (input: string | undefined, o: PayloadFlags & ControlFlags & { board: string[]; in?: string; out?: string; report?: string; maxBudget?: string; json?: boolean }) => {
    const boards = o.board.length ? o.board : ["m4f"];
    const controls = parseControls(o);
    const maxBudget = o.maxBudget === undefined ? null : Number(o.maxBudget);
    if (maxBudget !== null && !(maxBudget > 0)) throw new Error(`--max-budget must be a positive percentage, got "${o.maxBudget}"`);
    const inFile = input ?? o.in;
    if (!inFile) throw new Error("no input: percepnet sim --board B IN.wav");
    // Every output is opened (in a temporary file beside it) before the run: unwritable targets fail first.
    const outName = (b: string) => (boards.length > 1 ? o.out!.replace(/(\.\w+)?$/, (ext) => `.${b}${ext}`) : o.out!);
    for (const b of boards) if (o.out) refuseInputAsOutput(outName(b), [inFile]);
    const outs = new Map(o.out ? boards.map((b) => [b, openPcmOutput(outName(b))] as const) : []);
    mkdirSync(BUILD_DIR, { recursive: true });
    removeStale(BUILD_DIR, SIM_INPUT);
    const tmpIn = path.join(BUILD_DIR, `sim-input-${process.pid}.pcm`);
    removeOnExit(tmpIn);
    const reports: SimReport[] = [];
    const summaries: SimSummary[] = [];
    try {
      const inputPcm = pcmInputFile(inFile, tmpIn);
      for (const b of boards) {
        const out = outs.get(b);
        // The output is copied from QEMU's file in blocks, never held whole: memory stays bounded.
        const onOutputFile = (pcmFile: string) => out && finishPcmOutputFromFile(out, pcmFile);
        // Progress on stderr, only for a person watching: QEMU runs a 60 s file for about a minute.
        const bar = process.stderr.isTTY ? new SingleBar({ format: `sim ${b} [{bar}] {percentage}% {value}/{total} frames`, stream: process.stderr }, Presets.shades_classic) : undefined;
        let started = false;
        const onProgress = bar ? (done: number, total: number) => (started ? bar.update(done) : (bar.start(total, done), (started = true))) : undefined;
        const r = await simulate({ board: b, inputPcm, reportDir: o.report, onOutputFile, onProgress, controls, ...payload(o, b) }).finally(() => started && bar?.stop());
        reports.push(r.report);
        const summary = simSummary(r.report, maxBudget);
        summaries.push(summary);
        if (summary.withinMaxBudget === false) {
          console.error(`${b}: worst frame ${summary.budgetPercent.worst.toFixed(2)} % of the real-time budget, over --max-budget ${maxBudget} %`);
          code = 2;
        }
        if (o.json) continue;
        if (r.report.model?.sha256) console.log(`${b.padEnd(5)} model ${r.report.model.name} (${r.report.model.dir}), sha256 ${r.report.model.sha256.slice(0, 16)}, ${r.report.model.macsPerFrame} MAC/frame`);
        const s = r.report.cycles.stats, bp = r.report.cycles.budgetPercent;
        console.log(
          `${b.padEnd(5)} ${r.report.frames} frames  instr/frame mean ${Math.round(r.report.instructions.stats.mean)}  cycles/frame mean ${Math.round(s.mean)} p99 ${s.p99} worst ${s.worst}  ` +
            `budget ${bp.mean.toFixed(2)} % / ${bp.p99.toFixed(2)} % / ${bp.worst.toFixed(2)} %  worst over mean ${summary.worstOverMeanPercent.toFixed(2)} %  flash ${r.report.memory.flashBytes} RAM ${r.report.memory.ramBytes}  output sha256 ${r.report.output.sha256.slice(0, 16)}`,
        );
        const prof = r.report.profile;
        if (prof) {
          const pt = prof.parts;
          const n = prof.network;
          console.log(
            `      signal path ${Math.round(pt["signal path"].cyclesPerFrame)} cycles/frame (${pt["signal path"].percentOfBudget.toFixed(1)} %)  network ${Math.round(pt.network.cyclesPerFrame)} (${pt.network.percentOfBudget.toFixed(1)} %)` +
              (n ? `  ${n.macsPerFrame} MAC/frame, kernel ${n.kernel.macPerCycle.toFixed(2)} MAC/cycle of peak ${n.kernel.peakMacPerCycle}` : "") +
              `  libc ${Math.round(pt.libc.cyclesPerFrame)}`,
          );
        }
      }
    } finally {
      for (const out of outs.values()) out.abort();
      rmSync(tmpIn, { force: true });
      release(tmpIn);
    }
    if (o.report && reports.length) writeFileAtomic(path.join(o.report, "boards.svg"), renderComparisonSvg(reports));
    if (o.json) console.log(JSON.stringify({ schema: "percepnet-sim-summary/1", maxBudgetPercent: maxBudget, withinMaxBudget: maxBudget === null ? null : code !== 2, boards: summaries }, null, 2));
  });

  addPayloadOptions(
    program
      .command("build-real")
      .description("build, link and size for real boards (default: every real board)")
      .option("--board <name>", "board (repeatable)", collect, [])
      .option("--timing-from <dir>", "sim reports (<board>.report.json of the same payload) for the modelled timing per board (its profile's timing section)", DEFAULT_TIMING_FROM)
      .option("--json", "print one JSON object on stdout (per-board sizes and modelled timing) instead of text"),
  ).action(async (o: PayloadFlags & { board: string[]; json?: boolean; timingFrom?: string }) => {
    const boards = o.board.length ? o.board : listBoardNames().filter((n) => loadBoard(n).kind === "real");
    const results = [];
    const timingLines: string[] = [];
    for (const b of boards) {
      const p = payload(o, b);
      const r = await buildRealBoard({ board: b, ...p, timingFrom: o.timingFrom });
      results.push({ ...realSummary(r), model: modelOf(p.network) });
      timingLines.push(timingLine(r));
      if (!o.json) console.log(sizeLine(r) + `  ${r.artifacts.elf}` + modelNote(p.network));
      if (!r.fits) code = 2;
    }
    if (!o.json) for (const l of timingLines) console.log(l);
    if (o.json) console.log(JSON.stringify({ schema: "percepnet-build-real/1", fits: code !== 2, boards: results }, null, 2));
  });

  addPayloadOptions(
    program
      .command("flash")
      .description("build for a real board, write .elf/.hex/.bin, flash with pyOCD or OpenOCD")
      .requiredOption("--board <name>", "real board")
      .option("--tool <tool>", "auto | pyocd | openocd", "auto")
      .option("--dry-run", "print the flashing command only"),
  ).action(async (o: PayloadFlags & { board: string; tool: "auto" | "pyocd" | "openocd"; dryRun?: boolean }) => {
    const p = payload(o, o.board);
    const r = await buildRealBoard({ board: o.board, ...p });
    console.log(sizeLine(r) + modelNote(p.network));
    console.log(`images: ${r.artifacts.elf}\n        ${r.artifacts.hex}\n        ${r.artifacts.bin}`);
    if (!r.fits) {
      code = 2;
      return;
    }
    try {
      const f = flash({ board: o.board, elf: r.artifacts.elf, tool: o.tool, dryRun: o.dryRun });
      console.log(`${f.tool}: ${f.command.join(" ")}`);
      if (f.output) console.log(f.output);
      if (f.exitCode !== null && f.exitCode !== 0) code = 1;
    } catch (e) {
      if (e instanceof FlashToolMissingError) {
        console.error(e.message);
        code = e.exitCode;
        return;
      }
      throw e;
    }
  });

  try {
    await program.parseAsync(argv, { from: "user" });
  } catch (e) {
    const err = e as { code?: string; exitCode?: number; message?: string };
    if (err.code?.startsWith("commander.")) return err.code === "commander.helpDisplayed" || err.code === "commander.version" ? 0 : err.exitCode ?? 1;
    reportFailure(e);
    return 1;
  }
  return code;
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith("sim/cli.ts")) {
  exitQuietlyOnClosedPipe();
  main(process.argv.slice(2)).then((c) => process.exit(c));
}

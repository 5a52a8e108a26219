// percepnet lib --board B [--model M] --out DIR [--sim-report FILE] [--json]: a distribution to link or vendor.
import type { Command } from "commander";
import { reportFailure } from "../fail.ts";
import { buildLibrary } from "../../sim/c-build/library.ts";
import { MODEL_HELP } from "../../sim/engines/model.ts";

interface Opts {
  board: string;
  model?: string;
  out: string;
  simReport?: string;
  json?: boolean;
}

export function registerLib(program: Command): void {
  program
    .command("lib")
    .description("write a self-contained distribution for a board or the host: libpercepnet.a, percepnet.h, pkg-config and CMake files, the C sources and flags, an example, a README with state, stack, flash/RAM and cycles")
    .requiredOption("--board <name>", "a board profile (percepnet boards) or host")
    .option("--model <name|dir>", MODEL_HELP)
    .requiredOption("--out <dir>", "output folder (new, empty, or a previous distribution, which is replaced)")
    .option("--sim-report <file>", "cycles per frame from this `percepnet sim --report` JSON (default docs/bench/<board>.report.json)")
    .option("--json", "print the distribution's manifest as JSON on stdout")
    .action(async (opts: Opts) => {
      try {
        const m = await buildLibrary({ board: opts.board, model: opts.model, out: opts.out, simReport: opts.simReport });
        if (opts.json) console.log(JSON.stringify(m, null, 2));
        else
          console.log(
            `wrote ${opts.out}: ${m.archive.file} ${m.archive.bytes} bytes, ${m.archive.globalSymbols} global symbols (all pn_*), state ${m.stateBytes} bytes, ` +
              `stack ${m.stack.processFrame ?? "?"} bytes, flash ${m.memory.flashPercepnet}${m.cmsisDsp ? ` + CMSIS-DSP ${m.memory.flashCmsisDsp}` : ""} bytes` +
              (m.cycles ? `, ${m.cycles.meanPerFrame} cycles/frame (${m.cycles.meanPercent.toFixed(1)} %)` : ""),
          );
      } catch (e) {
        reportFailure(e); // one line, percepnet: error: …
      }
    });
}

// percepnet wasm --out DIR: the enhancer as WebAssembly and a page that denoises a dropped WAV
// (and the microphone, live); serve DIR over http (browsers do not load modules from file://).
import type { Command } from "commander";
import { reportFailure } from "../fail.ts";
import { buildWasm } from "../../sim/c-build/wasm.ts";
import { MODEL_HELP, resolveModel } from "../../sim/engines/model.ts";

export function registerWasm(program: Command): void {
  program
    .command("wasm")
    .description("compile the enhancer to WebAssembly (clang --target=wasm32) with a web page: drop a WAV, hear noisy vs denoised; same bytes as denoise")
    .requiredOption("--out <dir>", "output folder: percepnet.wasm, index.html, percepnet.js, worklet.js (replaced if it exists)")
    .option("--model <name|dir>", MODEL_HELP)
    .action((opts: { out: string; model?: string }) => {
      try {
        const r = buildWasm(opts.out, resolveModel(opts.model));
        console.log(`wrote ${r.dir}: percepnet.wasm ${r.bytes} bytes (${r.compiler}); serve it, e.g. python3 -m http.server -d ${opts.out}, and open index.html`);
      } catch (e) {
        reportFailure(e); // one line, percepnet: error: …
      }
    });
}

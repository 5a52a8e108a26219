// percepnet denoise IN.wav OUT.wav --oracle CLEAN.wav [--no-comb] [--no-postfilter] [--engine ref|host]
// Streams: the input is read, enhanced and written in blocks, so memory does not grow with length.
import type { Command } from "commander";
import { SingleBar, Presets } from "cli-progress";
import { openWavInput, WavWriter, WavInputError, type WavReader } from "../../sim/audio/wav-input.ts";
import { refuseInputAsOutput } from "../../sim/audio/atomic-output.ts";
import { streamEngine, modeOf, HOP, type Engine } from "../../sim/engines/engines.ts";
import { parseControls, ATTEN_LIM_HELP, BYPASS_HELP, type ControlFlags } from "../../sim/engines/controls.ts";
import { MODEL_HELP, resolveModel } from "../../sim/engines/model.ts";

interface Opts extends ControlFlags {
  oracle?: string;
  model?: string;
  gains: "net" | "baseline";
  comb: boolean;
  postfilter: boolean;
  engine: Engine;
}

export function registerDenoise(program: Command): void {
  program
    .command("denoise")
    .description("enhance a 48 kHz mono WAV; output is 16-bit and delayed by 30 ms (1440 samples)")
    .argument("<in>", "noisy input WAV")
    .argument("<out>", "output WAV (written only when the whole run succeeds)")
    .option("--oracle <clean>", "oracle mode: ideal gains and strengths from this clean reference (default: the built-in gains)")
    .option("--gains <source>", "without --oracle: net (the trained network, as the firmware) or baseline (noise-floor rule)", "net")
    .option("--model <name|dir>", MODEL_HELP)
    .option("--no-comb", "no comb filter (strengths 0)")
    .option("--no-postfilter", "no envelope postfilter")
    .option("--engine <engine>", "ref: the exact-JS reference; host: the generated C for this machine", "ref")
    .option("--atten-lim <dB>", ATTEN_LIM_HELP)
    .option("--bypass <FROM:TO>", BYPASS_HELP)
    .action(async (input: string, output: string, opts: Opts) => {
      const controls = parseControls(opts);
      if (opts.engine !== "ref" && opts.engine !== "host") throw new WavInputError(`--engine must be ref or host, not ${opts.engine}`);
      if (opts.gains !== "net" && opts.gains !== "baseline") throw new WavInputError(`--gains must be net or baseline, not ${opts.gains}`);
      // Resolved (and its files checked) before any output is opened: a bad --model writes nothing.
      const model = resolveModel(opts.model);
      const readers: WavReader[] = [];
      try {
        const noisy = openWavInput(input);
        readers.push(noisy);
        const clean = opts.oracle ? openWavInput(opts.oracle) : undefined;
        if (clean) readers.push(clean);
        if (clean && clean.length !== noisy.length) throw new WavInputError(`${opts.oracle}: ${clean.length} samples, the input has ${noisy.length}`);
        refuseInputAsOutput(output, [input, opts.oracle]);
        // Opened before processing: an unwritable or full target fails now, not after the run.
        const out = new WavWriter(output, noisy.length);
        const frames = Math.ceil(noisy.length / HOP);
        const bar = process.stderr.isTTY && frames > 500 ? new SingleBar({ format: "denoise [{bar}] {percentage}% {value}/{total} frames", stream: process.stderr }, Presets.shades_classic) : undefined;
        bar?.start(frames, 0);
        try {
          await streamEngine(opts.engine, {
            length: noisy.length,
            noisy: (n) => noisy.read(n),
            clean: clean && ((n) => clean.read(n)),
            gains: opts.gains,
            model,
            comb: opts.comb,
            postfilter: opts.postfilter,
            controls,
            write: (y) => out.write(y),
            onFrame: bar ? (d) => (d % 50 === 0 || d === frames) && bar.update(d) : undefined,
          });
          out.commit();
        } catch (e) {
          out.abort();
          throw e;
        } finally {
          bar?.stop();
        }
        for (const [name, r] of [[input, noisy], [opts.oracle, clean]] as const) {
          if (!r || !name) continue;
          if (r.silent) console.error(`note: ${name} is silent`);
          if (r.clipped > r.length / 1000) console.error(`warning: ${name}: ${r.clipped} samples at full scale (clipped input)`);
        }
        const mode = modeOf({ clean, gains: opts.gains });
        const source = { oracle: "oracle", net: `trained network ${model.name} (${model.label}, sha256 ${model.sha256.slice(0, 16)})`, baseline: "baseline noise-floor rule" }[mode];
        console.log(`wrote ${output}: ${noisy.length} samples (${(noisy.length / 48000).toFixed(2)} s), engine ${opts.engine}, gains: ${source}, comb ${opts.comb ? "on" : "off"}, postfilter ${opts.postfilter ? "on" : "off"}` +
          (controls.attenLimitDb !== undefined ? `, attenuation limit ${controls.attenLimitDb} dB` : "") + (controls.bypass ? `, bypass frames ${controls.bypass[0]}..${controls.bypass[1] - 1}` : ""));
      } finally {
        for (const r of readers) r.close();
      }
    });
}

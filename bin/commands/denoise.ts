// percepnet denoise IN.wav OUT.wav --oracle CLEAN.wav [--no-comb] [--no-postfilter] [--engine ref|host]
import type { Command } from "commander";
import { SingleBar, Presets } from "cli-progress";
import { readWavInput, writeWavAtomic, WavInputError } from "../../sim/wav-input.ts";
import { runEngine, modeOf, HOP, type Engine } from "../../sim/engines.ts";

interface Opts {
  oracle?: string;
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
    .option("--gains <source>", "without --oracle: net (the trained headset network, as the firmware) or baseline (noise-floor rule)", "net")
    .option("--no-comb", "no comb filter (strengths 0)")
    .option("--no-postfilter", "no envelope postfilter")
    .option("--engine <engine>", "ref: the exact-JS reference; host: the generated C for this machine", "ref")
    .action(async (input: string, output: string, opts: Opts) => {
      try {
        if (opts.engine !== "ref" && opts.engine !== "host") throw new WavInputError(`--engine must be ref or host, not ${opts.engine}`);
        if (opts.gains !== "net" && opts.gains !== "baseline") throw new WavInputError(`--gains must be net or baseline, not ${opts.gains}`);
        const noisy = readWavInput(input);
        const clean = opts.oracle ? readWavInput(opts.oracle) : undefined;
        if (clean && clean.samples.length !== noisy.samples.length)
          throw new WavInputError(`${opts.oracle}: ${clean.samples.length} samples, the input has ${noisy.samples.length}`);
        for (const [name, pcm] of [[input, noisy], [opts.oracle, clean]] as const) {
          if (!pcm || !name) continue;
          if (pcm.silent) console.error(`note: ${name} is silent`);
          if (pcm.clipped > pcm.samples.length / 1000) console.error(`warning: ${name}: ${pcm.clipped} samples at full scale (clipped input)`);
        }
        const frames = Math.ceil(noisy.samples.length / HOP);
        const bar = process.stderr.isTTY && frames > 500 ? new SingleBar({ format: "denoise [{bar}] {percentage}% {value}/{total} frames", stream: process.stderr }, Presets.shades_classic) : undefined;
        bar?.start(frames, 0);
        const out = await runEngine(opts.engine, {
          noisy: noisy.samples,
          clean: clean?.samples,
          gains: opts.gains,
          comb: opts.comb,
          postfilter: opts.postfilter,
          onFrame: bar ? (d) => (d % 50 === 0 || d === frames) && bar.update(d) : undefined,
        });
        bar?.stop();
        writeWavAtomic(output, out);
        const mode = modeOf({ noisy: noisy.samples, clean: clean?.samples, gains: opts.gains, comb: opts.comb, postfilter: opts.postfilter });
        const source = { oracle: "oracle", net: "trained headset network (models/headset)", baseline: "baseline noise-floor rule" }[mode];
        console.log(`wrote ${output}: ${out.length} samples (${(out.length / 48000).toFixed(2)} s), engine ${opts.engine}, gains: ${source}, comb ${opts.comb ? "on" : "off"}, postfilter ${opts.postfilter ? "on" : "off"}`);
      } catch (e) {
        if (!(e instanceof WavInputError)) throw e;
        console.error(`error: ${e.message}`);
        process.exitCode = 1;
      }
    });
}

// percepnet nn verify --size S | --tflite FILE [--seed N] [--frames F] [--profile P] [--keep DIR]:
// our int8 layers (exact-JS reference and host C) against TFLM, frame by frame (models/nn/verify.ts).
import type { Command } from "commander";

interface VerifyFlags {
  size?: string;
  tflite?: string;
  seed: string;
  frames: string;
  profile: string;
  keep?: string;
}

export function registerNn(program: Command): void {
  const nn = program.command("nn").description("int8 network tools: `nn verify` checks our layers against TFLM");
  nn.command("verify")
    .description("run a network through TFLM, the exact-JS reference and the host C, and compare every output and state, every frame (exit 1 on a mismatch, 2 on a usage or setup error)")
    .option("--size <size>", "a generated network of this size: headset, m7 or full")
    .option("--tflite <file>", "a .tflite model instead (ours or another writer's)")
    .option("--seed <n>", "seed of the generated network and inputs", "1")
    .option("--frames <n>", "frames to run", "100")
    .option("--profile <profile>", "weights profile of the generated network: realistic, extreme or pot", "realistic")
    .option("--keep <dir>", "keep the model, inputs and outputs in this folder")
    .action(async (o: VerifyFlags) => {
      const { verifyMain } = await import("../../models/nn/verify.ts");
      const args = ["--seed", o.seed, "--frames", o.frames, "--profile", o.profile];
      for (const [flag, v] of [["--size", o.size], ["--tflite", o.tflite], ["--keep", o.keep]] as const) if (v !== undefined) args.push(flag, v);
      process.exitCode = await verifyMain(args);
    });
}

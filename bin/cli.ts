// percepnet: one command-line entry, one file per command under bin/commands/.
import { Command, CommanderError } from "commander";
import { exitQuietlyOnClosedPipe, reportFailure, setDebug, takeDebugFlag } from "./fail.ts";
import { registerCheck } from "./commands/check.ts";
import { registerCodegen } from "./commands/codegen.ts";
import { registerDenoise } from "./commands/denoise.ts";
import { registerDoctor } from "./commands/doctor.ts";
import { registerEval } from "./commands/eval.ts";
import { registerLib } from "./commands/lib.ts";
import { registerNn } from "./commands/nn.ts";
import { registerWasm } from "./commands/wasm.ts";

setDebug(takeDebugFlag(process.argv));
exitQuietlyOnClosedPipe();
process.on("uncaughtException", (e) => {
  reportFailure(e);
  process.exit(1);
});
process.on("unhandledRejection", (e) => {
  reportFailure(e);
  process.exit(1);
});

const program = new Command();
// Commander's own errors (unknown option, missing argument) are one line too: "percepnet: error: …".
program.exitOverride().configureOutput({ outputError: (str, write) => write(`percepnet: ${str.trim().replace(/\s*\n\s*/g, " ")}\n`) });
program.name("percepnet").description("PercepNet speech enhancer for ARM: bit-exact reference, firmware and cycle reports").version("0.1.0");
registerCheck(program);
registerCodegen(program);
registerDenoise(program);
registerDoctor(program);
registerEval(program);
registerLib(program);
registerNn(program);
registerWasm(program);
// Board, simulator and flashing commands live in sim/cli.ts; they are listed here and handed over.
const SIM_COMMANDS: Record<string, string> = {
  sim: "build the firmware for simulated board(s), run it under QEMU, report cycles per frame",
  "build-real": "build, link and size the firmware for real boards",
  flash: "build for a real board, write .elf/.hex/.bin, flash with pyOCD or OpenOCD",
  boards: "validate and list the board profiles",
};
for (const [name, description] of Object.entries(SIM_COMMANDS)) {
  program
    .command(name)
    .description(description)
    .allowUnknownOption()
    .helpOption(false)
    .argument("[args...]")
    .action(async () => {
      const { main } = await import("../sim/cli.ts");
      const at = process.argv.indexOf(name);
      process.exitCode = await main(process.argv.slice(at));
    });
}
try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) process.exitCode = e.exitCode;
  else reportFailure(e);
}

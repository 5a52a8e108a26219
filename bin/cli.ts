// percepnet: one command-line entry, one file per command under bin/commands/.
import { Command } from "commander";
import { registerCheck } from "./commands/check.ts";
import { registerCodegen } from "./commands/codegen.ts";
import { registerDenoise } from "./commands/denoise.ts";

const program = new Command();
program.name("percepnet").description("PercepNet speech enhancer for ARM: bit-exact reference, firmware and cycle reports").version("0.1.0");
registerCheck(program);
registerCodegen(program);
registerDenoise(program);
program.showHelpAfterError();
await program.parseAsync(process.argv);

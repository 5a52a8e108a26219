// percepnet doctor: compile, link and run a tiny C program with every toolchain the project uses.
// scripts/setup.sh runs it after installing, so a broken toolchain stops the setup before any test.
import type { Command } from "commander";
import { checkToolchains, formatChecks } from "../../sim/c-build/toolchain-check.ts";

export function registerDoctor(program: Command): void {
  program
    .command("doctor")
    .description("check that each toolchain really compiles, links and runs (host gcc, arm-none-eabi-gcc per board, aarch64-linux-gnu-gcc under qemu-aarch64, qemu-system-arm machines)")
    .action(() => {
      const checks = checkToolchains();
      const failed = checks.filter((c) => !c.ok);
      console.log(formatChecks(checks));
      if (failed.length) {
        console.error(`doctor: ${failed.length} of ${checks.length} toolchain checks failed; install the packages named above (scripts/setup.sh does, as root)`);
        process.exitCode = 1;
      } else console.log(`doctor: all ${checks.length} toolchain checks passed`);
    });
}

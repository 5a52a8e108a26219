// percepnet check [paths…]: report every subset violation as file:line:col, exit 1 if any.
import type { Command } from "commander";
import { checkFiles, formatDiagnostic } from "../../codegen/src/index.ts";
import { specFiles } from "./spec-files.ts";

export function registerCheck(program: Command): void {
  program
    .command("check")
    .description("check spec files against the TypeScript subset")
    .argument("[paths...]", "spec files or folders (default: spec/)")
    .action((paths: string[]) => {
      const files = specFiles(paths);
      const { diagnostics } = checkFiles(files);
      for (const d of diagnostics) console.error(formatDiagnostic(d));
      if (diagnostics.length > 0) {
        console.error(`${diagnostics.length} error${diagnostics.length === 1 ? "" : "s"} in ${files.length} file${files.length === 1 ? "" : "s"}`);
        process.exitCode = 1;
      } else console.log(`ok: ${files.length} file${files.length === 1 ? "" : "s"} in the subset`);
    });
}

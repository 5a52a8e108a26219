// percepnet check [paths…]: report every subset violation as file:line:col, exit 1 if any. With
// no paths: spec/ with the model module generated from --model (default headset), as builds see it.
import type { Command } from "commander";
import { checkFiles, formatDiagnostic } from "../../codegen/src/index.ts";
import { specFiles } from "./spec-files.ts";
import { resolveModel } from "../../sim/engines/model.ts";
import { namesRepoSpec, withStagedSpec } from "../../sim/c-build/spec-build.ts";

export function registerCheck(program: Command): void {
  program
    .command("check")
    .description("check spec files against the TypeScript subset")
    .argument("[paths...]", "spec files or folders (default: spec/, with the model module of --model)")
    .option("--model <name|dir>", "with no paths (or spec/): the trained model whose generated module spec/ is checked with (default headset)")
    .action((paths: string[], opts: { model?: string }) => {
      const check = (files: string[], toSource: (p: string) => string = (p) => p) => {
        const { diagnostics } = checkFiles(files);
        for (const d of diagnostics) console.error(formatDiagnostic({ ...d, file: toSource(d.file) }));
        if (diagnostics.length > 0) {
          console.error(`${diagnostics.length} error${diagnostics.length === 1 ? "" : "s"} in ${files.length} file${files.length === 1 ? "" : "s"}`);
          process.exitCode = 1;
        } else console.log(`ok: ${files.length} file${files.length === 1 ? "" : "s"} in the subset`);
      };
      // spec/ itself is checked as builds compile it: with a model module generated in
      if (!namesRepoSpec(paths)) check(specFiles(paths));
      else withStagedSpec(resolveModel(opts.model), check);
    });
}

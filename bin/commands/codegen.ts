// percepnet codegen --out DIR [paths…]: write the exact-JS reference (DIR/js) and C99 (DIR/c); with
// no paths, of spec/ with the model module generated from --model (default headset).
import type { Command } from "commander";
import { compileToDir, formatDiagnostic, SubsetError } from "../../codegen/src/index.ts";
import { specFiles } from "./spec-files.ts";
import { resolveModel } from "../../sim/engines/model.ts";
import { namesRepoSpec, withStagedSpec } from "../../sim/c-build/spec-build.ts";

export function registerCodegen(program: Command): void {
  program
    .command("codegen")
    .description("translate spec files to exact JS and C99")
    .requiredOption("--out <dir>", "output folder: new, empty, or an earlier codegen output (marked with .percepnet-codegen), whose generated files are replaced (other files in it are left alone); any other folder is refused")
    .argument("[paths...]", "spec files or folders (default: spec/, with the model module of --model)")
    .option("--model <name|dir>", "with no paths (or spec/): the trained model whose generated module is compiled with spec/ (default headset)")
    .action((paths: string[], opts: { out: string; model?: string }) => {
      try {
        const r = !namesRepoSpec(paths)
          ? compileToDir(specFiles(paths), opts.out)
          : withStagedSpec(resolveModel(opts.model), (files, toSource) => {
              try {
                return compileToDir(files, opts.out);
              } catch (e) {
                // diagnostics name the files in spec/, not their staged copies
                if (e instanceof SubsetError) for (const d of e.diagnostics) d.file = toSource(d.file);
                throw e;
              }
            });
        console.log(`wrote ${r.files.size} files for ${r.modules.length} modules to ${opts.out}`);
      } catch (e) {
        if (!(e instanceof SubsetError)) throw e;
        for (const d of e.diagnostics) console.error(formatDiagnostic(d));
        console.error(`${e.diagnostics.length} errors: nothing written`);
        process.exitCode = 1;
      }
    });
}

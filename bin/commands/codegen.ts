// percepnet codegen --out DIR [paths…]: write the exact-JS reference (DIR/js) and C99 (DIR/c).
import type { Command } from "commander";
import { compileToDir, formatDiagnostic, SubsetError } from "../../codegen/src/index.ts";
import { specFiles } from "./spec-files.ts";

export function registerCodegen(program: Command): void {
  program
    .command("codegen")
    .description("translate spec files to exact JS and C99")
    .requiredOption("--out <dir>", "output folder: new, empty, or an earlier codegen output (marked with .percepnet-codegen), whose generated files are replaced (other files in it are left alone); any other folder is refused")
    .argument("[paths...]", "spec files or folders (default: spec/)")
    .action((paths: string[], opts: { out: string }) => {
      try {
        const r = compileToDir(specFiles(paths), opts.out);
        console.log(`wrote ${r.files.size} files for ${r.modules.length} modules to ${opts.out}`);
      } catch (e) {
        if (!(e instanceof SubsetError)) throw e;
        for (const d of e.diagnostics) console.error(formatDiagnostic(d));
        console.error(`${e.diagnostics.length} errors: nothing written`);
        process.exitCode = 1;
      }
    });
}

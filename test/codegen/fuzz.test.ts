// Differential fuzzing: random well-typed subset programs, each run through the exact-JS
// reference and the host C build on the same seeded inputs; every output bit must agree.
// PN_FUZZ_COUNT (default 1000) and PN_FUZZ_SEED (default 20261126) choose the run; a failure
// prints the seed and the program, so it can be replayed alone. The C is built with -Werror
// (C_WARNING_FLAGS of codegen/src/host-build.ts): a program the checker accepts but gcc rejects
// (seed 426824 did, -Werror=overflow) fails the run.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { compileBatch, firstDifference, inputs, runC, runJs } from "../support/differential.ts";
import { ProgramGenerator } from "../support/program-generator.ts";

const COUNT = Number(process.env.PN_FUZZ_COUNT ?? 1000);
const SEED = Number(process.env.PN_FUZZ_SEED ?? 20261126);
const BATCH = 125;
const TRIALS = 6;
const PRELUDE = path.resolve("spec/prelude.ts");

describe(`differential fuzzing: ${COUNT} generated programs, bit-identical across backends`, function () {
  this.timeout(600_000);
  for (let start = 0; start < COUNT; start += BATCH) {
    const n = Math.min(BATCH, COUNT - start);
    it(`programs ${start}..${start + n - 1} (seeds ${SEED + start}..${SEED + start + n - 1})`, async function () {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pn-fuzz-src-"));
      const files: string[] = [];
      const programs = [];
      for (let k = start; k < start + n; k++) {
        const name = `fz${String(k).padStart(5, "0")}`;
        const file = path.join(dir, `${name}.ts`);
        const rel = path.relative(dir, PRELUDE).split(path.sep).join("/");
        fs.writeFileSync(file, new ProgramGenerator(SEED + k).program(`run_${name}`, rel));
        files.push(file);
        programs.push({ module: name, entry: `run_${name}` });
      }
      const batch = compileBatch(files, programs);
      const ins = inputs(SEED + start, TRIALS);
      const js = await runJs(batch, ins);
      const c = runC(batch, ins);
      for (let p = 0; p < n; p++) {
        const diff = firstDifference(js[p], c[p]);
        if (diff) {
          const src = fs.readFileSync(files[p], "utf8");
          assert.fail(`seed ${SEED + start + p} (inputs seed ${SEED + start}): ${diff}\n${src}`);
        }
      }
      fs.rmSync(dir, { recursive: true, force: true });
      fs.rmSync(batch.dir, { recursive: true, force: true });
    });
  }
});

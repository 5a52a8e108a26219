// The kernel table (codegen/src/kernel-table.ts) against the tree: the committed pn_kernels.h is
// the generated one, every prelude intrinsic the C runtime does not define has a kernel folder,
// the builds' source list is the table's files, and every kernel folder holds its exact test.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { Project } from "ts-morph";
import { KERNELS_DIR, kernelSources, RUNTIME_DIR } from "../../codegen/src/host-build.ts";
import { kernelsHeader, kernelTable } from "../../codegen/src/kernel-table.ts";
import { loadPrelude, PRELUDE_PATH } from "../../codegen/src/prelude.ts";
import { KERNELS_HEADER } from "../../scripts/kernels-header.ts";

describe("kernel table: firmware/kernels/ and spec/prelude.ts describe the same kernels", function () {
  const table = kernelTable();

  it("the committed firmware/runtime/pn_kernels.h is the generated one (npx tsx scripts/kernels-header.ts)", function () {
    assert.equal(fs.readFileSync(KERNELS_HEADER, "utf8"), kernelsHeader(table), "pn_kernels.h is out of date: run npx tsx scripts/kernels-header.ts");
  });

  it("every `@c call` intrinsic is either a pn_rt.h function or a kernel folder", function () {
    const rt = fs.readFileSync(path.join(RUNTIME_DIR, "pn_rt.h"), "utf8");
    const prelude = loadPrelude(new Project({ skipAddingFilesFromTsConfig: true }).addSourceFileAtPath(PRELUDE_PATH));
    const kernels = new Set(table.map((k) => k.cName));
    const missing = [...prelude.functions.values()]
      .filter((f) => f.c.kind === "call")
      .map((f) => (f.c as { name: string }).name)
      .filter((name) => !kernels.has(name) && !new RegExp(`\\b${name}\\s*\\(`).test(rt));
    assert.deepEqual(missing, [], "prelude intrinsics with neither a runtime function nor firmware/kernels/<intrinsic>/");
    assert.ok(kernels.size >= 10, `${kernels.size} kernels`);
  });

  it("kernelSources(), which every build compiles, is the table's portable and per-core files", function () {
    const want = table.flatMap((k) => [k.cName, ...k.cores.map((c) => `${k.cName}_${c}`)].map((f) => path.join(KERNELS_DIR, k.intrinsic, `${f}.c`)));
    assert.deepEqual(kernelSources(), want.sort());
  });

  it("every kernel folder holds its exact per-core test (a .test.ts beside the C)", function () {
    const without = table.filter((k) => !fs.readdirSync(path.join(KERNELS_DIR, k.intrinsic)).some((f) => f.endsWith(".test.ts")));
    assert.deepEqual(without.map((k) => k.intrinsic), []);
  });
});

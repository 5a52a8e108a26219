// One C contract for every build (codegen/src/c-contract.ts): the numeric flags and -Werror reach
// the host tools' build, the board firmware (payload, harness, startup) and the simulation host
// build, so a warning in any C we compile stops the build; and no other file spells the flags.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { C_CONTRACT_FLAGS, C_WARNING_FLAGS } from "../../codegen/src/c-contract.ts";
import { buildHost as buildCodegenHost } from "../../codegen/src/host-build.ts";
import { buildFirmware, buildHost as buildSimHost, BASE_CFLAGS } from "../../sim/c-build/build.ts";
import { loadBoard } from "../../sim/boards.ts";

// A payload with an unused parameter and an unused variable: warnings under -Wall -Wextra.
const WARNS = `#include <stdint.h>
#include <stddef.h>
size_t pn_state_bytes(void) { int unused = 3; return 16; }
int pn_init(void *st, size_t n) { return 0; }
void pn_process_frame(void *st, const int16_t *in, int16_t *out) { for (int i = 0; i < 480; i++) out[i] = in[i]; }
`;

describe("C contract: one set of flags, -Werror in every build", function () {
  this.timeout(300_000);
  let dir: string;
  let src: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "pn-contract-"));
    src = path.join(dir, "warns.c");
    fs.writeFileSync(src, WARNS);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("the contract has -Werror and the numeric flags; the boards' base flags are exactly them plus -O2", function () {
    assert.ok(C_WARNING_FLAGS.includes("-Werror"));
    for (const f of ["-std=c99", "-ffp-contract=off", "-fwrapv", "-fno-math-errno"]) assert.ok(C_CONTRACT_FLAGS.includes(f), f);
    assert.deepEqual(BASE_CFLAGS, [...C_CONTRACT_FLAGS, "-O2"]);
  });

  it("a warning fails the board firmware build (m4f), the simulation host build and the host tools' build", async function () {
    await assert.rejects(buildFirmware(loadBoard("m4f"), "sim", { sources: [src], cmsis: false, outDir: path.join(dir, "fw") }), /unused.*\[-Werror/s);
    await assert.rejects(buildSimHost({ sources: [src], outDir: path.join(dir, "host") }), /unused.*\[-Werror/s);
    const cDir = path.join(dir, "c");
    fs.mkdirSync(cDir);
    assert.throws(() => buildCodegenHost({ cDir, extra: [src], exe: path.join(dir, "exe") }), /unused.*\[-Werror/s);
  });

  it("no other source spells the contract's flags (sim/, codegen/, bin/, models/)", function () {
    const offenders: string[] = [];
    const walk = (d: string): void => {
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        const p = path.join(d, e.name);
        if (e.isDirectory()) walk(p);
        // sim/qemu/qemu.ts builds the QEMU counting plugin, a host tool outside the contract.
        else if (p.endsWith(".ts") && !p.endsWith("c-contract.ts") && /"-(Werror|Wall|ffp-contract=off|fwrapv|fno-math-errno)"/.test(fs.readFileSync(p, "utf8")) && !p.endsWith(path.join("sim", "qemu", "qemu.ts")))
          offenders.push(p);
      }
    };
    for (const d of ["sim", "codegen", "bin", "models"]) walk(d);
    assert.deepEqual(offenders, [], "these define C flags of their own: use codegen/src/c-contract.ts");
  });
});

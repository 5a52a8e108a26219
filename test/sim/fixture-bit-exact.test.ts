import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { buildHost } from "../../sim/c-build/build.ts";
import { runHost } from "../../sim/qemu/qemu.ts";
import { simulate, SimulateResult } from "../../sim/qemu/simulate.ts";
import { FIXTURES, testPcm } from "./helpers.ts";

const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");
const FIXTURE = path.join(FIXTURES, "fixture_biquad.c");

describe("simulation harness: fixture payload under QEMU equals the host gcc build", function () {
  // 10 s of audio plus 123 samples: 1001 frames, the last one partial.
  const input = testPcm("bitexact-10s.pcm", 10, 123);
  let host: Buffer;

  before(async () => {
    const h = await buildHost({ sources: [FIXTURE] });
    host = await runHost(h.exe, input);
  });

  it("the host build processes the whole input, keeps its length and changes the signal", () => {
    const inp = readFileSync(input);
    assert.equal(host.length, inp.length);
    assert.notEqual(sha(host), sha(inp), "the fixture must not be a passthrough, or the comparison proves little");
  });

  for (const board of ["m4f", "m7", "m55", "a53"]) {
    it(`${board}: output under QEMU is byte-identical to the host gcc build on 10 s of audio`, async () => {
      const r: SimulateResult = await simulate({ board, sources: [FIXTURE], inputPcm: input, cmsis: false });
      assert.equal(r.report.frames, 1001);
      assert.equal(r.output.length, host.length);
      assert.equal(sha(r.output), sha(host), `${board} output differs from the host build`);
      assert.ok(r.output.equals(host));
      assert.ok(r.report.instructions.stats.mean > 10_000, "a frame of the fixture runs thousands of instructions");
      assert.ok(r.report.instructions.classTotals[r.report.instructions.classes.indexOf("fp")] > 0, "the float fixture executes FP instructions");
    });
  }
});

describe("large read-only data (network-weight sized tables)", function () {
  it("m55: 1.25 MB of constant tables go to QSPI flash (ITCM is 512 KB) and the output equals the host build", async () => {
    const src = path.join(FIXTURES, "fixture_bigtable.c");
    const input = testPcm("bigtable-0.2s.pcm", 0.2);
    const h = await buildHost({ sources: [src] });
    const host = await runHost(h.exe, input);
    const r = await simulate({ board: "m55", sources: [src], inputPcm: input, cmsis: false });
    assert.ok(r.output.equals(host));
    const qspi = r.report.memory.regions.find((x) => x.name === "QSPI")!;
    const itcm = r.report.memory.regions.find((x) => x.name === "ITCM")!;
    assert.ok(qspi.used >= 1_310_720, `QSPI holds the table: ${qspi.used}`);
    assert.ok(itcm.used < 512 * 1024, `ITCM holds the code: ${itcm.used}`);
    assert.ok(r.report.memory.fits);
  });
});

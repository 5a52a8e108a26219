import assert from "node:assert/strict";
import path from "node:path";
import { simulate } from "../../sim/qemu/simulate.ts";
import { FIXTURES, testPcm } from "./helpers.ts";

const LOOP = path.join(FIXTURES, "fixture_loop.c");
const BIQUAD = path.join(FIXTURES, "fixture_biquad.c");

describe("instruction counting (QEMU TCG plugin)", function () {
  const input = testPcm("count-1s.pcm", 1);

  for (const board of ["m4f", "a53"]) {
    it(`${board}: counts per frame are identical across two runs`, async () => {
      const a = await simulate({ board, sources: [BIQUAD], inputPcm: input, cmsis: false });
      const b = await simulate({ board, sources: [BIQUAD], inputPcm: input, cmsis: false });
      assert.equal(a.report.frames, 100);
      assert.deepEqual(a.report.instructions.perFrameByClass, b.report.instructions.perFrameByClass);
      assert.deepEqual(a.report.cycles.perFrame, b.report.cycles.perFrame);
      const { classes, classTotals } = a.report.instructions;
      assert.deepEqual(classes, ["alu", "load", "store", "xfer", "branch", "mul", "div", "fp", "fpmac", "fpdiv", "vec", "load1", "store1"]);
      // Load/store pipelining (Cortex-M4 TRM 3.3.2) is decided for AArch32 only.
      if (board === "a53") for (const k of ["load1", "store1"]) assert.equal(classTotals[classes.indexOf(k)], 0, k);
    });

    it(`${board}: 1000 more iterations of a 2-instruction loop add exactly 2000 instructions per frame (1000 alu, 1000 branch)`, async () => {
      const run = (n: number) => simulate({ board, sources: [LOOP], defines: [`LOOP_N=${n}`], inputPcm: input, cmsis: false });
      const [a, b] = [await run(1000), await run(2000)];
      const cls = a.report.instructions.classes;
      for (let f = 0; f < a.report.frames; f++) {
        const d = b.report.instructions.perFrameByClass[f].map((x, k) => x - a.report.instructions.perFrameByClass[f][k]);
        assert.equal(d.reduce((s, x) => s + x, 0), 2000, `frame ${f}`);
        assert.equal(d[cls.indexOf("alu")], 1000, `frame ${f} alu`);
        assert.equal(d[cls.indexOf("branch")], 1000, `frame ${f} branch`);
      }
      // The loop payload is otherwise data independent: every frame counts the same.
      assert.equal(a.report.instructions.stats.min, a.report.instructions.stats.worst);
    });
  }

  it("m4f: the cycle model is the class counts times the cost table", async () => {
    const r = await simulate({ board: "m4f", sources: [BIQUAD], inputPcm: input, cmsis: false });
    const { classes, perFrameByClass } = r.report.instructions;
    const cost = r.report.cycles.cyclesPerClass;
    const f0 = perFrameByClass[0].reduce((s, n, k) => s + n * cost[classes[k]], 0);
    assert.equal(r.report.cycles.perFrame[0], f0);
    assert.ok(Math.abs(r.report.cycles.budgetPercent.mean - (100 * r.report.cycles.stats.mean) / 1_680_000) < 1e-9);
    // The harness measured the stack of pn_process_frame; the static bound covers the same function.
    const stat = r.report.stack.static.roots.find((x) => x.root === "pn_process_frame")!;
    assert.ok(stat.complete && stat.bytes! > 1900, JSON.stringify(stat));
    // The fixture divides once per frame, except in silent frames: the classifier must see exactly that.
    const fpdiv = perFrameByClass.map((f) => f[classes.indexOf("fpdiv")]);
    assert.ok(fpdiv.every((n) => n === 0 || n === 1), JSON.stringify(fpdiv));
    assert.ok(fpdiv.filter((n) => n === 1).length >= 90);
    const measured = r.report.stack.measuredPeakBytes!;
    assert.ok(measured >= stat.bytes! && measured < stat.bytes! + 128, `measured ${measured} vs static ${stat.bytes}`);
  });
});

describe("firmware failures surface as QEMU exit statuses", function () {
  it("m4f: a payload that faults ends the run with the fault named, not a hang", async () => {
    const { mkdirSync, writeFileSync } = await import("node:fs");
    const { TMP } = await import("./helpers.ts");
    const dir = path.join(TMP, "fault");
    mkdirSync(dir, { recursive: true });
    const src = path.join(dir, "fault_payload.c");
    writeFileSync(
      src,
      [
        '#include "percepnet.h"',
        "size_t pn_state_size(void) { return 8; }",
        "int pn_init(void *s, size_t n) { return (s && n >= 8) ? PN_OK : PN_ERR_NULL; }",
        "int pn_process_frame(void *s, const int16_t in[PN_HOP], int16_t out[PN_HOP]) {",
        "  (void)s; volatile const int32_t *bad = (volatile const int32_t *)0xF0000000u;",
        "  for (int i = 0; i < PN_HOP; i++) out[i] = in[i];",
        "  if (in[0] != 12345) out[0] = (int16_t)*bad;",
        "  return PN_OK; }",
      ].join("\n"),
    );
    const input = testPcm("fault-0.1s.pcm", 0.1);
    await assert.rejects(simulate({ board: "m4f", sources: [src], inputPcm: input, cmsis: false }), /exited with status 103 \(firmware fault handler: exception 3\)/);
  });

  it("m4f: pn_process_frame returning an error ends the run with status 7", async () => {
    const { mkdirSync, writeFileSync } = await import("node:fs");
    const { TMP } = await import("./helpers.ts");
    const dir = path.join(TMP, "fail7");
    mkdirSync(dir, { recursive: true });
    const src = path.join(dir, "err_payload.c");
    writeFileSync(
      src,
      [
        '#include "percepnet.h"',
        "size_t pn_state_size(void) { return 8; }",
        "int pn_init(void *s, size_t n) { return (s && n >= 8) ? PN_OK : PN_ERR_NULL; }",
        "int pn_process_frame(void *s, const int16_t in[PN_HOP], int16_t out[PN_HOP]) { (void)s; (void)in; (void)out; return PN_ERR_STATE; }",
      ].join("\n"),
    );
    const input = testPcm("fault-0.1s.pcm", 0.1);
    await assert.rejects(simulate({ board: "m4f", sources: [src], inputPcm: input, cmsis: false }), /exited with status 7[\s\S]*pn_process_frame failed at frame 0 \(-4\)/);
  });
});

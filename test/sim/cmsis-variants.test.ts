import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { simulate } from "../../sim/qemu/simulate.ts";
import { FIXTURES, testPcm } from "./helpers.ts";

const DOT = path.join(FIXTURES, "fixture_cmsis_dot.c");
// Only the two CMSIS-DSP functions the fixture calls, so the per-board library builds in seconds.
const CMSIS = { modules: ["BasicMathFunctions"], only: ["arm_dot_prod_f32", "arm_add_f32"] };

/** What fixture_cmsis_dot.c must output, computed independently of any C code. */
function expected(pcm: Buffer): Buffer {
  const n = pcm.length / 2;
  const out = Buffer.alloc(pcm.length);
  for (let f = 0; f * 480 < n; f++) {
    const x = new Array(480).fill(0).map((_, i) => (f * 480 + i < n ? pcm.readInt16LE((f * 480 + i) * 2) >> 8 : 0));
    const d = x.reduce((s, v) => s + v * v, 0);
    const frame = [d & 0xffff, (d >>> 16) & 0xffff, ...x.slice(2).map((v) => (2 * v) & 0xffff)];
    for (let i = 0; i < 480 && f * 480 + i < n; i++) out.writeUInt16LE(frame[i], (f * 480 + i) * 2);
  }
  return out;
}

describe("CMSIS-DSP built per board: scalar-dsp, Helium and Neon variants link and run", function () {
  const input = testPcm("cmsis-0.5s.pcm", 0.5, 7);
  const want = expected(readFileSync(input));

  for (const [board, variant, vector] of [["m4f", "scalar-dsp", false], ["m55", "helium", true], ["a53", "neon", true]] as const) {
    it(`${board}: ${variant} arm_dot_prod_f32/arm_add_f32 give the exact expected output${vector ? " and execute vector instructions" : ""}`, async () => {
      const r = await simulate({ board, sources: [DOT], inputPcm: input, cmsis: CMSIS });
      assert.equal(r.report.board.cmsisVariant, variant);
      assert.ok(r.output.equals(want), `${board}: output differs from the independently computed result`);
      const vec = r.report.instructions.classTotals[r.report.instructions.classes.indexOf("vec")];
      if (vector) assert.ok(vec > 0, `${board}: no vector instructions counted: the ${variant} kernels did not run`);
      else assert.equal(vec, 0);
    });
  }
});

describe("instruction classes of Helium code (encodings Capstone 4 cannot name)", function () {
  it("m55: MVE vector loads/stores and low-overhead loops are classified, none left as coprocessor or .byte ALU ops", async () => {
    const { readFileSync: rf } = await import("node:fs");
    const { TMP } = await import("./helpers.ts");
    const classesFile = path.join(TMP, "m55-classes.tsv");
    await simulate({ board: "m55", sources: [DOT], inputPcm: testPcm("cmsis-0.5s.pcm", 0.5, 7), cmsis: CMSIS, classesFile });
    const rows = rf(classesFile, "utf8").trim().split("\n").map((l) => l.split("\t"));
    const bad = rows.filter(([cls, , dis]) => cls === "alu" && /^(\.byte|ldc|stc|mcr|mrc|cdp)/.test(dis));
    assert.deepEqual(bad, []);
    assert.ok(rows.some(([cls, , dis]) => cls === "load" && dis.startsWith("ldc")), "VLDRW (shown as ldc) counted as a load");
    assert.ok(rows.some(([cls, , dis]) => cls === "branch" && dis.startsWith(".byte")), "LE/WLS/DLS (shown as .byte) counted as branches");
    assert.ok(rows.some(([cls, , dis]) => cls === "vec" && /q\d/.test(dis)), "vector arithmetic on q registers counted as vec");
  });
});

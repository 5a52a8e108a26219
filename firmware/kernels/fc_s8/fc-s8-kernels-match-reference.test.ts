// The pn_fc_s8 kernels per core (DSP extension on m4f and m7, Helium on m55 and the DSP kernel
// there too, NEON on a53), run under QEMU on their boards, give the prelude fc_s8's bits on
// seeded random tensors: rows 1..70, every column tail of 4-, 8- and 16-column steps, rows past
// 2048 columns, offsets past every lane width, any int32 multiplier, shifts ±31, saturating
// inputs and weights, biases that make the accumulator wrap, and "centered" cases where the
// output is the accumulator itself, and single-row cases where it is the requantized value
// itself. The bytes around the written rows must stay untouched.
import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { aarch64LinuxGnu, armNoneEabi, loadBoard } from "../../../sim/index.ts";
import { kernelDefinesFor } from "../../../sim/c-build/product.ts";
import { boardKernel, exactnessCases, expected, program, runProgram } from "./fc-s8.ts";
import type { KernelRun, Program } from "./fc-s8.ts";

const SEED = Number(process.env.PN_KERNEL_SEED ?? 7);

/** Compare every run's output region with the reference; returns [values compared, rows written]. */
function compare(run: KernelRun, prog: Program): [number, number] {
  let values = 0, rows = 0;
  const bad: string[] = [];
  prog.runs.forEach(({ c }, i) => {
    const want = expected(c);
    for (const got of run.outputs[i]) {
      for (let k = 0; k < want.length; k++) {
        values++;
        if (got[k] !== want[k] && bad.length < 8)
          bad.push(`${c.name} ${k >= c.oo && k < c.oo + c.rows ? `row ${k - c.oo}` : `guard byte ${k}`}: got ${got[k]}, reference ${want[k]}`);
      }
      rows += c.rows;
    }
  });
  assert.deepEqual(bad, [], `${run.board} ${run.defines.join(" ")}: outputs differ from the reference`);
  return [values, rows];
}

describe("pn_fc_s8 kernels: bit-exact with the prelude's fc_s8 on their boards in QEMU", function () {
  this.timeout(180_000);
  const cases = exactnessCases(SEED);
  const prog = program(cases, [1]);

  it("each board's profile selects its kernel: DSP on M4/M7/M33, Helium on M55, NEON on A53, none on a board without them", function () {
    assert.deepEqual(boardKernel("m4f"), ["PN_KERNEL_DSP=1"]);
    assert.deepEqual(boardKernel("m7"), ["PN_KERNEL_DSP=1"]);
    assert.deepEqual(kernelDefinesFor(loadBoard("nrf5340").features), ["PN_KERNEL_DSP=1"]);
    assert.deepEqual(boardKernel("m55"), ["PN_KERNEL_MVE=1"]);
    assert.deepEqual(boardKernel("a53"), ["PN_KERNEL_NEON=1"]);
    assert.deepEqual(kernelDefinesFor({ dsp: false, mve: "none", neon: false }), []);
  });

  it("the cases cover rows 1..70, every tail of 16, rows past 2048 columns and offsets past int16", function () {
    const rows = new Set(cases.map((c) => c.rows));
    for (let r = 1; r <= 70; r++) assert.ok(rows.has(r), `rows ${r}`);
    const tails = new Set(cases.map((c) => c.cols % 16));
    assert.equal(tails.size, 16);
    assert.ok(cases.some((c) => c.cols > 4096));
    assert.ok(cases.some((c) => c.xZero > 32767) && cases.some((c) => c.xZero < -32768));
    assert.ok(cases.some((c) => c.shift.includes(31)) && cases.some((c) => c.shift.includes(-31)));
  });

  const runs: [string, string[], string][] = [
    ["m4f", boardKernel("m4f"), "DSP (SMLAD)"],
    ["m7", boardKernel("m7"), "DSP (SMLAD)"],
    ["m55", boardKernel("m55"), "Helium (VMLADAVA)"],
    ["m55", ["PN_KERNEL_DSP=1"], "DSP (SMLAD)"],
    ["a53", boardKernel("a53"), "NEON (SMULL/SADALP)"],
  ];
  for (const [board, defines, what] of runs) {
    it(`${board}, ${what} kernel: ${cases.length} cases, every output and guard byte equals the reference`, async function () {
      const run = await runProgram(board, defines, prog, `exact-${board}-${defines.join("_")}`);
      const [values, rows] = compare(run, prog);
      // The kernel ran: vector instructions on m55 (MVE) and a53, the selected symbol in the image.
      const ins = run.report.instructions;
      const vec = ins.classTotals[ins.classes.indexOf("vec")];
      if (defines[0].startsWith("PN_KERNEL_MVE") || defines[0].startsWith("PN_KERNEL_NEON")) assert.ok(vec > 100_000, `vec ${vec}`);
      else assert.equal(vec, 0);
      const sym = { PN_KERNEL_DSP: "pn_fc_s8_dsp", PN_KERNEL_MVE: "pn_fc_s8_mve", PN_KERNEL_NEON: "pn_fc_s8_neon" }[defines[0].split("=")[0]]!;
      const nm = execFileSync((board === "a53" ? aarch64LinuxGnu() : armNoneEabi()).nm, [run.elf]).toString();
      assert.match(nm, new RegExp(`\\b${sym}\\b`));
      this.test!.title += ` (${values} values, ${rows} outputs)`;
    });
  }
});

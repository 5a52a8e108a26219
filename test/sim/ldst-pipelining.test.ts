/**
 * Load/store pipelining on Cortex-M4 (Arm Cortex-M4 TRM, ARM DDI 0439B, 3.3.2 "Load/store
 * timings"), as the counting plugin classifies it: single loads/stores that the core completes in
 * one cycle are counted as "load1"/"store1" instead of "load"/"store".
 *
 * The payload is written here (a test fixture, not the product): pn_process_frame runs, once per
 * frame, a block of inline-assembly sequences (the TRM's examples and the cases that must not
 * pipeline), each preceded by register set-up moves so that no sequence pipelines into the next.
 * Built with and without the block, the per-frame counts must differ by exactly the block's
 * instructions, split by class as the rule says; the classes audit file gives each instruction's
 * class, and the M4 cost table then gives the TRM's cycle totals per sequence.
 */
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { loadCycleModel } from "../../sim/qemu/cycles.ts";
import { simulate } from "../../sim/qemu/simulate.ts";
import { TMP, testPcm } from "./helpers.ts";

/**
 * Each sequence: its instructions with the class each must get, the TRM's total where it gives one,
 * and the registers set to small offsets (every other one of r0..r5 points at the buffer).
 */
const SEQUENCES: { name: string; insns: [string, string][]; trmCycles?: number; offsets?: Record<string, number> }[] = [
  { name: "TRM: LDR R0,[R1]; LDR R1,[R2]", insns: [["ldr r0, [r1]", "load"], ["ldr r1, [r2]", "load1"]], trmCycles: 3 },
  { name: "TRM: LDR R0,[R1,R2]; STR R0,[R3,#20]", insns: [["ldr r0, [r1, r2]", "load"], ["str r0, [r3, #20]", "store1"]], trmCycles: 3, offsets: { r2: 4 } },
  { name: "TRM: LDR R0,[R1,R2]; STR R1,[R3,R2]", insns: [["ldr r0, [r1, r2]", "load"], ["str r1, [r3, r2]", "store1"]], trmCycles: 3, offsets: { r2: 4 } },
  {
    name: "TRM: LDR R0,[R1,R5]; LDR R1,[R2]; LDR R2,[R3,#4]",
    insns: [["ldr r0, [r1, r5]", "load"], ["ldr r1, [r2]", "load1"], ["ldr r2, [r3, #4]", "load1"]],
    trmCycles: 4,
    offsets: { r5: 8 },
  },
  { name: "second load's base is the first load's destination", insns: [["ldr r0, [r1]", "load"], ["ldr r2, [r0, #4]", "load"]], trmCycles: 4 },
  // buf[15] holds 0, so [r4, r2] stays inside the buffer.
  { name: "second load's offset register is the first load's destination", insns: [["ldr r2, [r1, #60]", "load"], ["ldr r3, [r4, r2]", "load"]] },
  { name: "store (immediate offset, 1 cycle) then load: the load is not pipelined", insns: [["str r0, [r1, #4]", "store1"], ["ldr r2, [r3]", "load"]] },
  { name: "store (register offset) then load: neither pipelined", insns: [["str r0, [r1, r2]", "store"], ["ldr r3, [r4]", "load"]], offsets: { r2: 4 } },
  {
    name: "register-offset store after a non-load, then a byte load and a pipelined register-offset halfword store",
    insns: [["str.w r0, [r1, r2]", "store"], ["ldrb r3, [r4, #1]", "load"], ["strh r0, [r4, r2]", "store1"]],
    offsets: { r2: 4 },
  },
  { name: "LDRD is not pipelined after an LDR", insns: [["ldr r0, [r1]", "load"], ["ldrd r2, r3, [r4]", "load"]] },
];

const REGS = ["r0", "r1", "r2", "r3", "r4", "r5"];
const setup = (s: (typeof SEQUENCES)[number]) => REGS.map((r) => (s.offsets?.[r] !== undefined ? `mov ${r}, #${s.offsets[r]}` : `mov ${r}, %[b]`));
const BEGIN = "movw r0, #0xabc";
const END = "movw r0, #0xcba";

function payload(): string {
  const body = [BEGIN, ...SEQUENCES.flatMap((s) => [...setup(s), ...s.insns.map(([i]) => i)]), END];
  return [
    "/* TEST FIXTURE, NOT THE PRODUCT: load/store pipelining sequences (test/sim/ldst-pipelining.test.ts). */",
    "#include <string.h>",
    '#include "percepnet.h"',
    "static uint32_t buf[16];",
    "size_t pn_state_size(void) { return 8; }",
    "int pn_init(void *s, size_t n) { return (s && n >= 8) ? PN_OK : PN_ERR_NULL; }",
    "#if LDST_SEQ",
    `#define BODY ${JSON.stringify(body.join("\n\t"))}`,
    "#else",
    '#define BODY ""',
    "#endif",
    // Aligned so the block cannot cross a 1 KiB page: QEMU would split the translation block there.
    "__attribute__((noinline, aligned(256))) static void sequences(uint32_t *b) {",
    '  __asm__ volatile(BODY : : [b] "r"(b) : "r0", "r1", "r2", "r3", "r4", "r5", "memory", "cc");',
    "}",
    "int pn_process_frame(void *s, const int16_t in[PN_HOP], int16_t out[PN_HOP]) {",
    "  (void)s;",
    "  for (int i = 0; i < 15; i++) buf[i] = (uint32_t)(uintptr_t)buf;",
    "  buf[15] = 0;",
    "  sequences(buf);",
    "  memmove(out, in, PN_HOP * sizeof in[0]);",
    "  return PN_OK; }",
  ].join("\n");
}

describe("load/store pipelining (Cortex-M4 TRM 3.3.2) in the counting plugin", function () {
  const dir = path.join(TMP, "ldst");
  const src = path.join(dir, "ldst_payload.c");
  const input = testPcm("ldst-0.1s.pcm", 0.1);
  const classesFile = path.join(dir, "m4f-classes.tsv");
  let withSeq: Awaited<ReturnType<typeof simulate>>, without: Awaited<ReturnType<typeof simulate>>;

  before(async function () {
    mkdirSync(dir, { recursive: true });
    writeFileSync(src, payload());
    // Raw counts: the marker calibration's load/load1 split may be balanced differently per build.
    const opts = { board: "m4f", sources: [src], inputPcm: input, cmsis: false, subtractMarkerOverhead: false };
    withSeq = await simulate({ ...opts, defines: ["LDST_SEQ=1"], classesFile });
    without = await simulate({ ...opts, defines: ["LDST_SEQ=0"] });
  });

  it("m4f: each instruction of the sequences gets the class the rule gives it", () => {
    const rows = new Map<number, [string, string]>();
    for (const l of readFileSync(classesFile, "utf8").trim().split("\n")) {
      const [cls, addr, dis] = l.split("\t");
      rows.set(Number(addr), [cls, dis]); // a block translated twice lists its instructions twice
    }
    const seq = [...rows.entries()].sort((a, b) => a[0] - b[0]).map(([, r]) => r);
    const at = (imm: string) => seq.findIndex(([, d]) => /^movw\s+r0, #/.test(d.trim()) && d.trim().endsWith(imm));
    const b = at("#0xabc"), e = at("#0xcba");
    assert.ok(b >= 0 && e > b, "the sequence block is in the classes audit");
    const got = seq.slice(b + 1, e);
    const want = SEQUENCES.flatMap((s) => [...REGS.map(() => ["alu", s.name] as const), ...s.insns.map(([, c]) => [c, s.name] as const)]);
    assert.equal(got.length, want.length, JSON.stringify(got));
    want.forEach(([cls, name], k) => assert.equal(got[k][0], cls, `${name}: "${got[k][1]}" counted as ${got[k][0]}, want ${cls}`));

    // Modelled cycles per sequence on cortex-m4 = the TRM's totals.
    const cost = loadCycleModel("cortex-m4").cyclesPerClass;
    for (const s of SEQUENCES.filter((x) => x.trmCycles !== undefined))
      assert.equal(s.insns.reduce((a, [, c]) => a + cost[c], 0), s.trmCycles, s.name);
  });

  it("m4f: the block adds exactly its instructions per frame, and only load/store counts move to load1/store1", () => {
    const { classes } = withSeq.report.instructions;
    assert.ok(classes.includes("load1") && classes.includes("store1"), JSON.stringify(classes));
    const want: Record<string, number> = { alu: 2 }; // the begin/end moves
    for (const s of SEQUENCES) {
      want.alu += REGS.length;
      for (const [i, c] of s.insns) {
        want[c] = (want[c] ?? 0) + 1;
        if (i.startsWith("ldrd")) want.xfer = (want.xfer ?? 0) + 1;
      }
    }
    // Instructions per frame are the sum over classes (xfer included), as in the report.
    const total = Object.values(want).reduce((a, x) => a + x, 0);
    for (let f = 0; f < withSeq.report.frames; f++) {
      const d = withSeq.report.instructions.perFrameByClass[f].map((x, k) => x - without.report.instructions.perFrameByClass[f][k]);
      assert.equal(withSeq.report.instructions.perFrame[f] - without.report.instructions.perFrame[f], total, `frame ${f}`);
      classes.forEach((c, k) => assert.equal(d[k], want[c] ?? 0, `frame ${f} class ${c}`));
    }
  });

  it("load1/store1 cost 1 on cortex-m4, and the same as load/store on every other core (their totals do not move)", () => {
    const m4 = loadCycleModel("cortex-m4").cyclesPerClass;
    assert.equal(m4.load1, 1);
    assert.equal(m4.store1, 1);
    for (const core of ["cortex-m7", "cortex-m55", "cortex-a53", "cortex-m33"]) {
      const m = loadCycleModel(core).cyclesPerClass;
      assert.equal(m.load1, m.load, core);
      assert.equal(m.store1, m.store, core);
    }
  });
});

/**
 * Cost of one pn_fc_s8 call per kernel per board, under QEMU with the counting plugin:
 *
 *   npx tsx test/kernels/bench.ts [--md]
 *
 * Each shape runs with repeat 1 and repeat 2 in the test payload (test/kernels/fixtures/
 * fc_s8_payload.c); the difference of the two frames' counts is exactly one call (instructions)
 * and its modelled cycles (sim/cycle-models). The outputs are checked against the prelude's fc_s8
 * too, so a fast wrong kernel cannot make the table. --md prints the tables of docs/kernels.md.
 */
import { boardKernel, expected, makeCase, perCall, program, runProgram } from "./fc-s8.ts";
import type { FcCase } from "./fc-s8.ts";

/** Shapes of the headset network's FC calls (docs/nn.md), plus a long row. */
const SHAPES: [string, number, number][] = [
  ["dense 32×70", 32, 70],
  ["conv1 64×160", 64, 160],
  ["conv2 64×192", 64, 192],
  ["GRU gate 64×128", 64, 128],
  ["GRU n 64×64", 64, 64],
  ["gain GRU gate 64×320", 64, 320],
  ["head 34×64", 34, 64],
  ["strength 32×96", 32, 96],
  ["long 16×1024", 16, 1024],
];

const KERNELS: [string, string, string[]][] = [
  ["m4f", "portable C", []],
  ["m4f", "DSP", ["PN_KERNEL_DSP=1"]],
  ["m7", "portable C", []],
  ["m7", "DSP", ["PN_KERNEL_DSP=1"]],
  ["m55", "portable C", []],
  ["m55", "DSP", ["PN_KERNEL_DSP=1"]],
  ["m55", "Helium", ["PN_KERNEL_MVE=1"]],
  ["a53", "portable C", []],
  ["a53", "NEON", ["PN_KERNEL_NEON=1"]],
];

interface Row {
  board: string;
  kernel: string;
  selected: boolean;
  shape: string;
  macs: number;
  instructions: number;
  cycles: number;
}

async function main(): Promise<void> {
  const md = process.argv.includes("--md");
  const cases: FcCase[] = SHAPES.map(([, rows, cols], i) => makeCase(4242 + i, "realistic", { rows, cols }));
  const prog = program(cases, [1, 2]);
  const rows: Row[] = [];
  for (const [board, kernel, defines] of KERNELS) {
    const run = await runProgram(board, defines, prog, `bench-${board}-${kernel.replace(/\W/g, "")}`);
    prog.runs.forEach(({ c }, i) => {
      const want = expected(c);
      for (const got of run.outputs[i]) if (got.some((v, k) => v !== want[k])) throw new Error(`${board} ${kernel} ${c.name}: output differs from the reference`);
      const pc = perCall(run, i, prog);
      rows.push({ board, kernel, selected: boardKernel(board).join() === defines.join(), shape: SHAPES[i][0], macs: c.rows * c.cols, instructions: pc.instructions, cycles: pc.cycles });
    });
  }
  const fmt = (n: number): string => n.toLocaleString("en-US");
  if (md) {
    // Summary: all shapes together, per board and kernel.
    console.log("| board | kernel | MAC (9 calls) | instructions | cycles (model) | MAC/cycle | cycles/MAC | vs portable |");
    console.log("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |");
    for (const [board, kernel] of KERNELS) {
      const rs = rows.filter((r) => r.board === board && r.kernel === kernel);
      const base = rows.filter((r) => r.board === board && r.kernel === "portable C");
      const sum = (a: Row[], k: "macs" | "instructions" | "cycles"): number => a.reduce((s, r) => s + r[k], 0);
      const [m, i, c] = [sum(rs, "macs"), sum(rs, "instructions"), sum(rs, "cycles")];
      const sel = rs[0].selected ? " (selected)" : "";
      console.log(`| ${board} | ${kernel}${sel} | ${fmt(m)} | ${fmt(i)} | ${fmt(c)} | ${(m / c).toFixed(3)} | ${(c / m).toFixed(2)} | ${(sum(base, "cycles") / c).toFixed(2)}× |`);
    }
    console.log("");
    console.log(`| shape (rows×cols) | MAC | ${KERNELS.map(([b, k]) => `${b} ${k}`).join(" | ")} |`);
    console.log(`| --- | ---: | ${KERNELS.map(() => "---:").join(" | ")} |`);
    for (const [shape] of SHAPES) {
      const rs = KERNELS.map(([b, k]) => rows.find((r) => r.board === b && r.kernel === k && r.shape === shape)!);
      console.log(`| ${shape} | ${fmt(rs[0].macs)} | ${rs.map((r) => `${fmt(r.cycles)} (${(r.macs / r.cycles).toFixed(2)})`).join(" | ")} |`);
    }
  } else {
    for (const r of rows)
      console.log(`${r.board.padEnd(4)} ${r.kernel.padEnd(11)} ${r.shape.padEnd(22)} MAC ${String(r.macs).padStart(6)}  instr ${String(r.instructions).padStart(7)}  cycles ${String(r.cycles).padStart(7)}  MAC/cycle ${(r.macs / r.cycles).toFixed(3)}`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

/**
 * Cost of one pn_fc_s8 call per kernel per board, under QEMU with the counting plugin:
 *
 *   npx tsx firmware/kernels/fc_s8/bench.ts [--md]
 *
 * Each shape runs with repeat 1 and repeat 2 in the test payload (firmware/kernels/fc_s8/
 * fc_s8_payload.c); the difference of the two frames' counts is exactly one call (instructions)
 * and its modelled cycles (sim/qemu/cycle-models). The outputs are checked against the prelude's fc_s8
 * too, so a fast wrong kernel cannot make the table. --md prints the tables of docs/kernels.md:
 * per board and kernel the headset network's FC calls per frame (each shape's per-call cost times
 * its calls per frame), then per shape the cycles per call and MAC/cycle.
 */
import { boardKernel, expected, makeCase, perCall, program, runProgram } from "./fc-s8.ts";
import type { FcCase } from "./fc-s8.ts";

/**
 * The distinct FC shapes of the headset network (models/nn/arch.py, docs/nn.md) with how many
 * calls per frame use each (25 calls, 49,696 MAC per frame), plus one long row not in it.
 */
const SHAPES: [string, number, number, number][] = [
  ["dense 32×70", 32, 70, 1],
  ["conv1 32×160", 32, 160, 1],
  ["conv2 32×96", 32, 96, 1],
  ["GRU z/r 32×64", 32, 64, 6],
  ["GRU n 32×32 (+gain nh)", 32, 32, 7],
  ["gain GRU z/r 32×160", 32, 160, 2],
  ["gain GRU nx 32×128", 32, 128, 1],
  ["gain head 34×32", 34, 32, 1],
  ["strength GRU z/r 16×80", 16, 80, 2],
  ["strength GRU nx 16×64", 16, 64, 1],
  ["strength GRU nh 16×16", 16, 16, 1],
  ["strength head 34×16", 34, 16, 1],
  ["long 16×1024 (not in the network)", 16, 1024, 0],
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
  calls: number;
  macs: number;
  instructions: number;
  cycles: number;
}

async function main(): Promise<void> {
  const md = process.argv.includes("--md");
  // Realistic multipliers, shifts and weights; x_zero = 0 as every FC input of the headset network
  // (models/trained/headset/model.json: all zero points 0) and x within [-127, 127] (the NEON kernel's
  // fast path needs no -128 in x; the product's own calls are measured by percepnet sim).
  const cases: FcCase[] = SHAPES.map(([, rows, cols], i) => {
    const c = makeCase(4242 + i, "realistic", { rows, cols });
    c.xZero = 0;
    for (let k = 0; k < c.x.length; k++) if (c.x[k] === -128) c.x[k] = -127;
    return c;
  });
  const perFrame = SHAPES.reduce((s, [, r, c, n]) => s + r * c * n, 0);
  if (perFrame !== 49_696) throw new Error(`headset MAC per frame ${perFrame}, docs/nn.md says 49,696`);
  const prog = program(cases, [1, 2]);
  const rows: Row[] = [];
  for (const [board, kernel, defines] of KERNELS) {
    const run = await runProgram(board, defines, prog, `bench-${board}-${kernel.replace(/\W/g, "")}`);
    prog.runs.forEach(({ c }, i) => {
      const want = expected(c);
      for (const got of run.outputs[i]) if (got.some((v, k) => v !== want[k])) throw new Error(`${board} ${kernel} ${c.name}: output differs from the reference`);
      const pc = perCall(run, i, prog);
      rows.push({ board, kernel, selected: boardKernel(board).join() === defines.join(), shape: SHAPES[i][0], calls: SHAPES[i][3], macs: c.rows * c.cols, instructions: pc.instructions, cycles: pc.cycles });
    });
  }
  const fmt = (n: number): string => n.toLocaleString("en-US");
  if (md) {
    // Summary: the headset network's 25 FC calls per frame, per board and kernel.
    console.log("| board | kernel | instructions / frame | cycles / frame (model) | MAC/cycle | cycles/MAC | vs portable C |");
    console.log("| --- | --- | ---: | ---: | ---: | ---: | ---: |");
    const frame = (b: string, k: string, key: "macs" | "instructions" | "cycles"): number =>
      rows.filter((r) => r.board === b && r.kernel === k).reduce((s, r) => s + r[key] * r.calls, 0);
    for (const [board, kernel] of KERNELS) {
      const [m, i, c] = [frame(board, kernel, "macs"), frame(board, kernel, "instructions"), frame(board, kernel, "cycles")];
      const sel = rows.find((r) => r.board === board && r.kernel === kernel)!.selected ? " (selected)" : "";
      console.log(`| ${board} | ${kernel}${sel} | ${fmt(i)} | ${fmt(c)} | ${(m / c).toFixed(3)} | ${(c / m).toFixed(2)} | ${(frame(board, "portable C", "cycles") / c).toFixed(2)}× |`);
    }
    console.log("");
    console.log(`| shape (rows×cols) | calls/frame | MAC | ${KERNELS.map(([b, k]) => `${b} ${k}`).join(" | ")} |`);
    console.log(`| --- | ---: | ---: | ${KERNELS.map(() => "---:").join(" | ")} |`);
    for (const [shape, , , calls] of SHAPES) {
      const rs = KERNELS.map(([b, k]) => rows.find((r) => r.board === b && r.kernel === k && r.shape === shape)!);
      console.log(`| ${shape} | ${calls} | ${fmt(rs[0].macs)} | ${rs.map((r) => `${fmt(r.cycles)} (${(r.macs / r.cycles).toFixed(2)})`).join(" | ")} |`);
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

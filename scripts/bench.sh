#!/usr/bin/env bash
# Regenerates docs/benchmarks.md and docs/bench/: cycles per frame, % of budget, flash/RAM/stack of
# the product firmware on every simulated board (QEMU), on one real noisy recording, and the
# size of every real-board build. Benchmarks, not tests: nothing here is timed against a limit.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
in=${1:-.cache/testset/snr05_lena_fire-fire_noisy.wav}
# only this script's files: docs/bench/networks.md belongs to scripts/bench-networks.sh
mkdir -p docs/bench && rm -f docs/bench/{m4f,m7,m55,a53}.* docs/bench/boards.svg docs/bench/real-boards.txt
# --model headset: the committed product model on every board (without it each board runs its own modelSize)
./bin/percepnet.mjs sim --model headset --board m4f --board m7 --board m55 --board a53 "$in" --out build/bench/out.wav --report docs/bench
./bin/percepnet.mjs build-real --model headset --timing-from docs/bench | sed "s|$PWD/||g" > docs/bench/real-boards.txt
node --input-type=module - "$in" <<'JS' > docs/benchmarks.md
import fs from "node:fs";
const input = process.argv[2];
const boards = ["m4f", "m7", "m55", "a53"];
const f = (n) => Math.round(n).toLocaleString("en-US");
const out = [
  "# Benchmarks: the product firmware per board",
  "",
  "Regenerate: `bash scripts/bench.sh` (runs `percepnet sim --model headset --board m4f --board m7 --board m55 --board a53 " + input + "` and `percepnet build-real --model headset`).",
  "Instruction counts are exact (QEMU TCG plugin); cycles come from each core's cost model (docs/sim.md, sources and blind spots there).",
  "Payload: the product (signal path + trained headset network, models/trained/headset). Kernels: CMSIS-DSP per board (docs/boards.md) and each board's pn_fc_s8 (docs/kernels.md).",
  "",
  "| board | core, clock | instr/frame (mean) | cycles/frame mean / p99 / worst | % of budget (mean / worst) | worst over mean (≤ 2 %?) | flash | RAM | stack (measured) | output sha256 |",
  "|---|---|---:|---:|---:|---:|---:|---:|---:|---|",
];
for (const b of boards) {
  const r = JSON.parse(fs.readFileSync(`docs/bench/${b}.report.json`, "utf8"));
  const s = r.cycles.stats, p = r.cycles.budgetPercent;
  out.push(`| ${b} | ${r.board.core}, ${r.board.clockHz / 1e6} MHz | ${f(r.instructions.stats.mean)} | ${f(s.mean)} / ${f(s.p99)} / ${f(s.worst)} | ${p.mean.toFixed(1)} % / ${p.worst.toFixed(1)} % | ${r.cycles.spread ? `${r.cycles.spread.worstOverMeanPercent.toFixed(2)} % (${r.cycles.spread.meetsTarget ? "yes" : "no"})` : "n/a"} | ${f(r.memory.flashBytes)} | ${f(r.memory.ramBytes)} | ${r.stack.measuredPeakBytes ?? "n/a"} | \`${r.output.sha256.slice(0, 16)}\` |`);
}
const m4 = JSON.parse(fs.readFileSync("docs/bench/m4f.report.json", "utf8"));
out.push("", "Every board's output has the same sha256: the firmware is bit-exact with the reference on every core.", "",
  `Headset target (signal path + headset network within 50 % of a 168 MHz Cortex-M4F): ${m4.cycles.budgetPercent.worst <= 50 ? "met" : "**not met**"}, m4f at ${m4.cycles.budgetPercent.mean.toFixed(1)} % mean, ${m4.cycles.budgetPercent.worst.toFixed(1)} % worst frame.`, "",
  ...(m4.state ? [`State (pn_state_size, m4f): ${f(m4.state.totalBytes)} bytes against issue 18's 64 KiB (65,536) target: ${m4.state.meetsTarget ? "met" : "**not met**"}; where the bytes go: [state.md](state.md) and the State section of [the m4f report](bench/m4f.report.md).`, ""] : []),
  "## Network and signal path (flat profile of the same runs)", "",
  "Each function's self cost, summed by part (sim/qemu/profile.ts; per-function tables in the per-board reports). MAC/cycle of the int8 FC kernel (every MAC of the network) against the core's peak int8 MAC/cycle in its cycle model.", "",
  "| board | signal path cycles/frame (% budget) | network cycles/frame (% budget) | libc (memmove/memcpy) | network MAC/frame | kernel MAC/cycle (peak, % of peak) | whole network MAC/cycle |",
  "|---|---:|---:|---:|---:|---:|---:|");
for (const b of boards) {
  const r = JSON.parse(fs.readFileSync(`docs/bench/${b}.report.json`, "utf8"));
  const p = r.profile;
  if (!p) { out.push(`| ${b} | n/a | n/a | n/a | | | |`); continue; }
  const n = p.network;
  const pp = (x) => `${f(x.cyclesPerFrame)} (${x.percentOfBudget.toFixed(1)} %)`;
  out.push(`| ${b} | ${pp(p.parts["signal path"])} | ${pp(p.parts.network)} | ${f(p.parts.libc.cyclesPerFrame)} | ${n ? f(n.macsPerFrame) : "n/a"} | ${n ? `${n.kernel.macPerCycle.toFixed(2)} (${n.kernel.peakMacPerCycle}, ${n.kernel.percentOfPeak.toFixed(0)} %)` : "n/a"} | ${n ? n.macPerCycle.toFixed(2) : "n/a"} |`);
}
out.push("", "![cycles per frame, all boards](bench/boards.svg)", "", "Per-board reports: " + boards.map((b) => `[${b}](bench/${b}.report.md)`).join(", ") + ".", "", "## Real boards (build, link, size; modelled timing from the closest simulated board, see boards.md)", "", "```", fs.readFileSync("docs/bench/real-boards.txt", "utf8").trim(), "```", "");
console.log(out.join("\n"));
JS
echo "wrote docs/benchmarks.md"

#!/usr/bin/env bash
# Regenerates docs/bench/networks.md: each network size alone (seeded random weights, 1 s of input,
# models/nn/sim_net.sh -> percepnet sim) on each simulated board it fits, with its cycles per frame,
# % of the board's budget, MAC per frame and the int8 kernel's MAC per cycle against the core's peak.
# Benchmarks, not tests: nothing here is timed against a limit.
# Usage: bash scripts/bench-networks.sh [SIZE...]   with sizes, only those are rerun; the other sizes'
# rows come from their reports of the last run (build/bench-networks/), which must exist.
set -euo pipefail
cd "$(dirname "$0")/.."
out=build/bench-networks
only=("$@")
if [ ${#only[@]} -eq 0 ]; then rm -rf "$out"; else for s in "${only[@]}"; do rm -rf "${out:?}/$s"; done; fi
mkdir -p "$out"
# size: boards. The full size (10 M weights) is for Cortex-A: its flash exceeds every M board's,
# and its codegen needs a 12 GB Node heap (sim_net.sh sets it).
runs=("headset:m4f m7 m55 a53" "m7:m4f m7 m55 a53" "full:a53")
for r in "${runs[@]}"; do
  size=${r%%:*}
  if [ ${#only[@]} -gt 0 ] && [[ ! " ${only[*]} " == *" $size "* ]]; then
    [ -d "$out/$size" ] || { echo "bench-networks: no earlier reports for $size in $out: run without arguments" >&2; exit 1; }
    continue
  fi
  for b in ${r#*:}; do
    PN_NET_REPORT="$out/$size" bash models/nn/sim_net.sh "$size" 1 "$b" | tail -2
  done
done
node --input-type=module - "$out" <<'JS' > docs/bench/networks.md
import fs from "node:fs";
const dir = process.argv[2];
const f = (n) => Math.round(n).toLocaleString("en-US");
const rows = [];
for (const size of ["headset", "m7", "full"]) {
  for (const b of ["m4f", "m7", "m55", "a53"]) {
    const file = `${dir}/${size}/${b}.report.json`;
    if (!fs.existsSync(file)) continue;
    const r = JSON.parse(fs.readFileSync(file, "utf8"));
    const n = r.profile?.network;
    if (!n) throw new Error(`${file}: no network section`);
    const fits = r.memory.fits ? "yes" : "no (memory)";
    const pct = r.cycles.budgetPercent.mean;
    rows.push(`| ${size} | ${b} (${r.board.core}, ${r.board.clockHz / 1e6} MHz) | ${f(n.macsPerFrame)} | ${f(n.cyclesPerFrame)} | ${pct.toFixed(1)} %${pct > 100 ? " (over)" : ""} | ${n.kernel.macPerCycle.toFixed(2)} | ${n.kernel.peakMacPerCycle} | ${n.kernel.percentOfPeak.toFixed(0)} % | ${n.macPerCycle.toFixed(2)} | ${f(r.memory.flashBytes)} / ${fits} | \`${r.output.sha256.slice(0, 16)}\` |`);
  }
}
console.log([
  "# The network alone, per size and board",
  "",
  "Regenerate: `bash scripts/bench-networks.sh` (each row: `bash models/nn/sim_net.sh SIZE 1 BOARD`, which runs `percepnet sim` on the network alone with seeded random weights, 1 s of input, 100 frames, and the board's pn_fc_s8 kernel).",
  "Cycles are the board's cycle model (docs/sim.md); the product (network + signal path, trained headset weights) is in docs/benchmarks.md.",
  "Kernel MAC/cycle: every MAC of the network goes through the pn_fc_s8 kernels; peak = the core's widest int8 multiply-accumulate at its modelled cost. Whole-network MAC/cycle includes activations, element-wise GRU ops and state copies.",
  "",
  "| size | board | MAC/frame | network cycles/frame | % of budget | kernel MAC/cycle | peak | % of peak | whole network MAC/cycle | flash / fits | output sha256 |",
  "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
  ...rows,
  "",
  "The same size gives the same output bytes on every board (the kernels are bit-exact with the reference).",
  "",
  "The full size runs on a53 only: its 10 MB of weights exceed the M boards' flash. Its codegen needs a 12 GB Node heap (models/nn/sim_net.sh sets `--max-old-space-size`; `PN_NODE_HEAP_MB` overrides).",
  "",
].join("\n"));
JS
echo "wrote docs/bench/networks.md"

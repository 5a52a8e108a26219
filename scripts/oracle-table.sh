#!/usr/bin/env bash
# Regenerates docs/oracle.md: the seed's story in numbers. Real speech + real noise at 0/5/10/15 dB
# (the fixed test mixtures), rows: noisy, band-gain oracle, + comb filter with oracle strengths,
# + postfilter, the trained headset network (what the firmware runs) and the baseline rule. The generated
# host C engine is used for speed; it is byte-identical with the reference (test/dsp, test/firmware).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
d='node bin/percepnet.mjs denoise {noisy} {out} --engine host'
rm -rf build/oracle-table  # outputs are reused when present: start clean
.venv/bin/python -m models.eval.table --set .cache/testset --work build/oracle-table --delay 1440 --md docs/oracle.md --json docs/oracle.json \
  --title "Oracle enhancement on real noisy speech (regenerate: bash scripts/oracle-table.sh)" \
  --row "(a) noisy=" \
  --row "(b) band gains (oracle)=$d --oracle {clean} --no-comb --no-postfilter" \
  --row "(c) gains + comb (oracle strengths)=$d --oracle {clean} --no-postfilter" \
  --row "(d) (c) + postfilter=$d --oracle {clean}" \
  --row "trained headset network (the firmware)=$d" \
  --row "baseline noise-floor gains=$d --gains baseline" "$@"
# The paper's claim, checked on these numbers: a < b < c <= d on every metric (means over all pairs).
node --input-type=module - <<'JS' >> docs/oracle.md
import fs from "node:fs";
const rows = JSON.parse(fs.readFileSync("docs/oracle.json", "utf8")).slice(0, 4);
const metrics = ["SI-SDR", "STOI", "PESQ-WB", "SIG", "BAK", "OVRL"];
const mean = (r, m) => r.pairs.reduce((s, p) => s + p.metrics[m], 0) / r.pairs.length;
const out = ["", "## Does a < b < c ≤ d hold? (the paper's claim; means over all pairs)", "", "| metric | a | b | c | d | a < b | b < c | c ≤ d |", "|---|---:|---:|---:|---:|---|---|---|"];
for (const m of metrics) {
  const [a, b, c, d] = rows.map((r) => mean(r, m));
  const f = (v) => v.toFixed(m === "STOI" ? 3 : 2);
  out.push(`| ${m} | ${f(a)} | ${f(b)} | ${f(c)} | ${f(d)} | ${a < b ? "yes" : "**no**"} | ${b < c ? "yes" : "**no**"} | ${c <= d ? "yes" : "**no**"} |`);
}
out.push(
  "",
  "Where c ≤ d fails, the reason is the postfilter's purpose: it sharpens the envelope of gains that a network under-estimates in noisy bands. Oracle gains are already ideal, so the postfilter can only push them past the ideal (g·sin(πg/2) ≤ g, then a global boost): SI-SDR moves little, and DNSMOS's SIG and OVRL, which penalize over-suppression, can drop. The same holds for SIG at high SNR, where any gain below 1 removes some speech. Rows (a)-(d) are oracle bounds, not the product: the firmware's gains come from the trained network (second-to-last row).",
);
console.log(out.join("\n"));
JS
echo "wrote docs/oracle.md"

#!/usr/bin/env bash
# Regenerates docs/oracle.md: the seed's story in numbers. Real speech + real noise at 0/5/10/15 dB
# (the fixed test mixtures), rows: noisy, band-gain oracle, + comb filter with oracle strengths,
# + postfilter, and the baseline noise-floor rule the firmware uses without a network. The generated
# host C engine is used for speed; it is byte-identical with the reference (test/dsp, test/firmware).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
d='node bin/percepnet.mjs denoise {noisy} {out} --engine host'
.venv/bin/python -m models.eval.table --set .cache/testset --work build/oracle-table --delay 1440 --md docs/oracle.md \
  --title "Oracle enhancement on real noisy speech (regenerate: bash scripts/oracle-table.sh)" \
  --row "(a) noisy=" \
  --row "(b) band gains (oracle)=$d --oracle {clean} --no-comb --no-postfilter" \
  --row "(c) gains + comb (oracle strengths)=$d --oracle {clean} --no-postfilter" \
  --row "(d) (c) + postfilter=$d --oracle {clean}" \
  --row "baseline noise-floor gains (no network)=$d" "$@"

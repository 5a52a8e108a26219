#!/usr/bin/env bash
# Regenerates docs/quality/: percepnet eval on the fixed test mixtures (.cache/testset: 0/5/10/15/20 dB,
# dry and reverberant; scripts/setup.d/testset.sh) with rows noisy, RNNoise, the headset model through
# the exact reference, the m7 and full models through the host C of the spec, oracle; tables per SNR split dry / reverb, and a cost per row (weights, MAC/s
# from the model manifest; cycles/frame per board read now from docs/bench/*.report.json, which
# scripts/bench.sh writes: run that first if the firmware changed). The full report with the HTML
# page and the audio players goes to build/quality/ (index.html); docs/ keeps the Markdown, the JSON
# and the pictures.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
rm -rf build/quality  # outputs are reused when present: start clean so they are this model's
# the m7 and full sizes as rows too (trained on the GPU machine; the full size's codegen needs a 12 GB Node heap)
NODE_OPTIONS="--max-old-space-size=${PN_NODE_HEAP_MB:-12288} ${NODE_OPTIONS:-}" \
  ./bin/percepnet.mjs eval --set .cache/testset --report build/quality --clips 3 --also m7,full
rm -rf docs/quality && mkdir -p docs/quality
cp -r build/quality/report.md build/quality/results.json build/quality/spectrograms docs/quality/
echo "wrote docs/quality/ (full page: build/quality/index.html)"

#!/usr/bin/env bash
# Regenerates docs/quality-hard/committed/ (the committed headset model): percepnet eval on the hard split (issue 15): continuous speech of
# held-out speakers only (Tux Paint's Romanian sentences, Hedgewars' English voices, lena's read
# passage), test-split noises never used in training, at -5/0/5/10/15 dB, each clip dry and
# reverberant (70 pairs, 13.5 min). Then models.eval.breakdown: per SNR, per noise type and per
# clip against RNNoise, the output level on speech, STOI against the noisy input, and
# spectrograms of the three worst files for us. Needs the full data tier
# (.venv/bin/python -m models.data.fetch --tier full, ~9 min); not run by CI.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
[ -f .cache/data/manifest-full.json ] || .venv/bin/python -m models.data.fetch --tier full
.venv/bin/python -m models.data.testset .cache/hardset --tier full --continuous --snrs -5 0 5 10 15 --reverb-per-snr 7
rm -rf build/quality-hard
./bin/percepnet.mjs eval --set .cache/hardset --report build/quality-hard --clips 3
out=docs/quality-hard/${PN_HARD_OUT:-committed}
rm -rf "$out" && mkdir -p "$out"
.venv/bin/python -m models.eval.breakdown build/quality-hard/results.json --set .cache/hardset \
  --ours "percepnet headset" --peer RNNoise --out "$out"
cp -r build/quality-hard/report.md build/quality-hard/results.json build/quality-hard/spectrograms "$out"/
echo "wrote $out/ (full page: build/quality-hard/index.html)"

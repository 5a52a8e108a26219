#!/usr/bin/env bash
# The fixed test mixtures (real speech + real noise from the test split only): four clips at each of
# 0/5/10/15/20 dB, plus one reverberant twin per SNR (image-method room; the reference is the direct
# path + 50 ms of reflections). Used by the README's main job, the bit-exactness tests, the oracle
# table and the quality report: made once from the data small tier, deterministic (25 pairs, 289 s,
# about 2 s to make).
set -euo pipefail
cd "$(dirname "$0")/../.."
args=(--reverb-per-snr 1)
want=$( (cat models/data/testset.py models/data/audio.py models/data/rir.py .cache/data/manifest-small.json 2>/dev/null; echo "${args[*]}") | sha256sum | cut -d' ' -f1)
stamp=.cache/testset/.stamp
if [ -f .cache/testset/index.json ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  exit 0
fi
echo "setup: test mixtures (.cache/testset)"
# made next to it and swapped in, so a reader of .cache/testset never sees a half-written set
rm -rf .cache/testset.new .cache/testset.old
.venv/bin/python -m models.data.testset .cache/testset.new "${args[@]}" >/dev/null
echo "$want" >.cache/testset.new/.stamp
[ -d .cache/testset ] && mv .cache/testset .cache/testset.old
mv .cache/testset.new .cache/testset
rm -rf .cache/testset.old

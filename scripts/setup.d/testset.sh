#!/usr/bin/env bash
# The fixed test mixtures (real speech + real noise at 0/5/10/15 dB) used by the README's main job,
# the bit-exactness tests and the oracle table: made once from the data small tier, deterministic.
set -euo pipefail
cd "$(dirname "$0")/../.."
want=$(cat models/data/testset.py models/data/audio.py models/data/rir.py .cache/data/manifest-small.json 2>/dev/null | sha256sum | cut -d' ' -f1)
stamp=.cache/testset/.stamp
if [ -f .cache/testset/index.json ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  exit 0
fi
echo "setup: test mixtures (.cache/testset)"
rm -rf .cache/testset
.venv/bin/python -m models.data.testset .cache/testset >/dev/null
echo "$want" >"$stamp"

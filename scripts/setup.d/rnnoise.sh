#!/usr/bin/env bash
# RNNoise, the peer in the quality report: PyPI pyrnnoise bundles upstream librnnoise (with its
# built-in model); models/train/rnnoise_run.py calls that library through ctypes, so the package's
# own Python dependencies (audiolab, matplotlib, ...) are not needed: installed without them.
set -euo pipefail
cd "$(dirname "$0")/../.."
if ! .venv/bin/python -c "import importlib.util,sys; sys.exit(importlib.util.find_spec('pyrnnoise') is None)" 2>/dev/null; then
  echo "setup: pyrnnoise 0.4.5 (RNNoise for the quality report)"
  .venv/bin/pip install -q --disable-pip-version-check --no-deps pyrnnoise==0.4.5
fi

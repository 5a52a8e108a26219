#!/usr/bin/env bash
# CMSIS-DSP C sources from PyPI's cmsisdsp sdist, pinned by sha256, into .cache/cmsis-dsp/.
# Only the C library is kept: Include/, PrivateInclude/, Source/, plus ComputeLibrary/ and Ne10/
# (the Neon variant, ARM_MATH_NEON, needs NEMath.h, arm_cl_tables.c and the Ne10 FFT) and the
# licence; the Python wrapper is not. Idempotent: quiet when the pinned version is already extracted.
set -euo pipefail
cd "$(dirname "$0")/../.."

VER=1.10.3
SHA256=307d32298faa7c58db912851027fce35f886fec7eb1a27c4b309ce1a97f47519
DEST=.cache/cmsis-dsp
STAMP="$DEST/.cmsisdsp-$VER.sha256"

if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$SHA256" ] && [ -f "$DEST/Include/arm_math.h" ] && [ -d "$DEST/Ne10" ]; then
  exit 0
fi

PY=python3
[ -x .venv/bin/python ] && PY=.venv/bin/python
DL=.cache/downloads
mkdir -p "$DL"
SDIST="$DL/cmsisdsp-$VER.tar.gz"
if [ ! -f "$SDIST" ] || ! echo "$SHA256  $SDIST" | sha256sum -c --status; then
  echo "setup: downloading cmsisdsp $VER sdist from PyPI"
  rm -f "$SDIST"
  # --no-binary cmsisdsp (not :all:): the sdist of cmsisdsp itself, while pip may use wheels for
  # the build requirements it installs to read the sdist's metadata (with :all: it would try to
  # build numpy from source and fail).
  "$PY" -m pip download -q --disable-pip-version-check --no-deps --no-binary cmsisdsp "cmsisdsp==$VER" -d "$DL" >/dev/null
fi
got=$(sha256sum "$SDIST" | cut -d' ' -f1)
if [ "$got" != "$SHA256" ]; then
  echo "setup: cmsisdsp-$VER.tar.gz sha256 mismatch: expected $SHA256, got $got" >&2
  exit 1
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
tar -xzf "$SDIST" -C "$tmp" \
  "cmsisdsp-$VER/Include" "cmsisdsp-$VER/PrivateInclude" "cmsisdsp-$VER/Source" \
  "cmsisdsp-$VER/ComputeLibrary" "cmsisdsp-$VER/Ne10" "cmsisdsp-$VER/LICENSE"
rm -rf "$DEST"
mkdir -p "$DEST"
for d in Include PrivateInclude Source ComputeLibrary Ne10 LICENSE; do mv "$tmp/cmsisdsp-$VER/$d" "$DEST/"; done
echo "$SHA256" >"$STAMP"
echo "setup: CMSIS-DSP $VER sources in $DEST"

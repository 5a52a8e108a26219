#!/usr/bin/env bash
# The README's main job: set up, then denoise a real noisy recording through the firmware on the
# default board (Cortex-M4F in QEMU) and print the firmware's cycle report.
#   bash scripts/demo.sh [IN.wav] [--board B]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
in=${1:-.cache/testset/snr05_lena_fire-fire_noisy.wav}
board=${BOARD:-m4f}
mkdir -p out
./bin/percepnet.mjs sim --board "$board" "$in" --out out/denoised.wav --report out/report
echo
cat "out/report/$board.report.md"
echo
echo "denoised audio: out/denoised.wav (30 ms delay); report: out/report/ ($board.report.json, $board.cycles.svg)"

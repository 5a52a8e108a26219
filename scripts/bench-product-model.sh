#!/usr/bin/env bash
# The product firmware with another trained model than the headset one, on the boards named:
#   bash scripts/bench-product-model.sh SIZE BOARD... [-- INPUT.wav]   e.g. bash scripts/bench-product-model.sh m7 m7 m55
# The product compiles spec/model (generated from models/headset). This script makes a scratch
# copy of the tracked tree (node_modules, .venv and .cache linked, not copied), regenerates its
# spec/model from models/SIZE (models.model_module), and runs `percepnet sim` there on one real
# noisy recording, and checks its output against the host C build of the same spec. Reports go to
# docs/bench/product-SIZE/ (<board>.report.{json,md}, bitexact.txt); the working
# tree's spec/model is never touched. A benchmark, not a test: nothing is timed against a limit.
set -euo pipefail
cd "$(dirname "$0")/.."
size=${1:?size: m7|full|headset}; shift
boards=(); in=.cache/testset/snr05_lena_fire-fire_noisy.wav
while [ $# -gt 0 ]; do
  if [ "$1" = -- ]; then in=$2; break; fi
  boards+=("$1"); shift
done
[ ${#boards[@]} -gt 0 ] || { echo "usage: $0 SIZE BOARD... [-- INPUT.wav]" >&2; exit 2; }
[ -f "models/$size/manifest.json" ] || { echo "error: models/$size/manifest.json does not exist (docs/training.md)" >&2; exit 2; }
[ -f "$in" ] || { echo "error: $in does not exist (bash scripts/setup.sh makes the test set)" >&2; exit 2; }
repo=$PWD
# the full size's weight tables (10 M values) need more than Node's default heap in codegen
if [ "$size" = full ]; then export NODE_OPTIONS="--max-old-space-size=${PN_NODE_HEAP_MB:-12288} ${NODE_OPTIONS:-}"; fi
tmp=$(mktemp -d /tmp/pn-product-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
git ls-files -z | tar --null -T - -cf - | tar -xf - -C "$tmp"
cp -r "models/$size/." "$tmp/models/$size/"   # the model folder as it is here, committed or not
for d in node_modules .venv .cache; do ln -s "$repo/$d" "$tmp/$d"; done
(cd "$tmp" && .venv/bin/python -m models.model_module "models/$size" --out spec/model)
args=(); for b in "${boards[@]}"; do args+=(--board "$b"); done
out=$repo/docs/bench/product-$size
rm -rf "$out"; mkdir -p "$out"
(cd "$tmp" && ./bin/percepnet.mjs sim "${args[@]}" "$repo/$in" --out "$tmp/out.wav" --report "$out")
# the same spec and model through the host C build (bit-identical with the exact reference, test/host):
# the firmware's output must be the same bytes
(cd "$tmp" && ./bin/percepnet.mjs denoise "$repo/$in" "$tmp/host.wav" --engine host >/dev/null)
same=yes
: > "$out/bitexact.txt"
for b in "${boards[@]}"; do
  f=$tmp/out.wav; [ ${#boards[@]} -eq 1 ] || f=$tmp/out.$b.wav   # sim appends the board with several
  if cmp -s "$f" "$tmp/host.wav"; then ok=yes; else ok=NO; same=NO; fi
  echo "$b: firmware output = host C of the spec with models/$size: $ok (WAV file sha256 $(sha256sum "$f" | cut -c1-16))" | tee -a "$out/bitexact.txt"
done
sed -i "s|$tmp|<scratch copy>|g" "$out"/*.report.* # the scratch folder is gone: name it, not its path
echo "wrote docs/bench/product-$size/"
[ $same = yes ]

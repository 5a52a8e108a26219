#!/usr/bin/env bash
# The network's cycles per frame on a simulated board, apart from the signal path:
#   bash models/nn/sim_net.sh SIZE [SEED] [BOARD...]      e.g. bash models/nn/sim_net.sh headset 1 m4f
# Writes a seeded random description, its tables module (models/nn/tables.py), C via codegen,
# and runs models/nn/c/net_payload.c under `sim/cli.ts sim` (1 s of a synthetic input).
# pn_fc_s8 is each board's kernel (PN_KERNEL_* from its profile's features, sim/c-build/product.ts);
# PN_NET_KERNEL=portable runs the portable C kernel instead (docs/kernels.md).
set -euo pipefail
cd "$(dirname "$0")/../.."
size=${1:?size: headset|m7|full}; seed=${2:-1}; shift $(( $# >= 2 ? 2 : $# )) || true
boards=("$@"); [ ${#boards[@]} -gt 0 ] || boards=(m4f)
w=build/nn_sim/$size-s$seed
# the full size's weight tables (10 M values) need more than Node's default heap in codegen
if [ "$size" = full ]; then export NODE_OPTIONS="--max-old-space-size=${PN_NODE_HEAP_MB:-12288} ${NODE_OPTIONS:-}"; fi
rm -rf "$w"; mkdir -p "$w"
.venv/bin/python -m models.nn.cli gen --size "$size" --seed "$seed" --frames 1 --out "$w/desc" >/dev/null
.venv/bin/python -m models.nn.tables "$w/desc/model" --out "$w/net.ts"
node bin/percepnet.mjs codegen --out "$w/gen" "$w/net.ts" spec/nn >/dev/null
.venv/bin/python - "$w/in.pcm" <<'PY'
import math, struct, sys
open(sys.argv[1], "wb").write(b"".join(struct.pack("<h", int(8000 * math.sin(i * 0.05) + 3000 * math.sin(i * 0.31))) for i in range(48000)))
PY
c=$w/gen/c
stats=$(.venv/bin/python -m models.nn.cli stats)
macs=$(printf '%s\n' "$stats" | .venv/bin/python -c "import json,sys; print([d['macs_per_frame'] for d in map(json.loads, sys.stdin) if d['size'] == '$size'][0])")
args=(--network-macs "$macs" --network-name "$size (seed $seed, random weights)" --no-cmsis --source models/nn/c/net_payload.c --include "$c" --include "$c/$w" --include firmware/runtime)
for f in firmware/kernels/fc_s8/pn_fc_s8*.c; do args+=(--source "$f"); done
while IFS= read -r f; do args+=(--source "$f"); done < <(find "$c" -name '*.c' | sort)
for b in "${boards[@]}"; do
  defs=()
  if [ "${PN_NET_KERNEL:-board}" != portable ]; then
    while IFS= read -r d; do [ -n "$d" ] && defs+=(--define "$d"); done < <(npx tsx -e "import('./sim/c-build/product.ts').then(async (p) => { const { loadBoard } = await import('./sim/boards.ts'); for (const d of p.kernelDefinesFor(loadBoard('$b').features)) console.log(d); })")
  fi
  echo "board $b: pn_fc_s8 kernel defines: ${defs[*]:-(none: portable C)}"
  npx tsx sim/cli.ts sim "${args[@]}" "${defs[@]}" --board "$b" --in "$w/in.pcm" --report "${PN_NET_REPORT:-$w/report}"
done

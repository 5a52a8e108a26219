#!/usr/bin/env bash
# Trains several sizes at once on the GPU machine (docs/training.md, Commands 3c and §4b): one process per size on
# the one GPU, each with its own options, from the carried pack (.cache/train/pack2: a 1500-pair
# subset of train2.pnft made by models.train.pack --take, lzma). Writes $OUT/runs.tar split into
# 15 MB parts (the machine returns files of at most 16 MB; the full size's float weights are ~40 MB)
# and $OUT/logs.txt. Rebuild here: cat runs.tar.* | tar x.
set -uo pipefail
export PYTHONUNBUFFERED=1
PACK=${PACK:-.cache/train/pack2}
FLOAT_S=${FLOAT_S:-270}
QAT_S=${QAT_S:-130}
nvidia-smi -L || true
python3 -c "import torch, numpy; print('torch', torch.__version__, 'numpy', numpy.__version__, torch.cuda.get_device_name(0))"
W=/tmp/gpu-sizes
mkdir -p $W
train() {  # SIZE, then options for models.train.train
  local size=$1; shift
  timeout $((FLOAT_S + QAT_S + 120)) python3 -m models.train.train --data $PACK/train.npz.xz --val $PACK/val.npz.xz \
    --size "$size" --seed 1 --device cuda --threads 4 --float-seconds "$FLOAT_S" --qat-seconds "$QAT_S" \
    --out "$W/$size" "$@" > "$W/$size.log" 2>&1
  echo "$size: exit $?" >> "$W/status.txt"
}
train headset --dropout 0.1 --wd 1e-3 --qat-lr 1e-4 --qat-batch 512 &
train m7 --dropout 0.2 --wd 1e-3 --qat-lr 1e-4 --qat-batch 1024 &
train full --dropout 0.3 --wd 1e-2 --lr 1e-3 --qat-lr 5e-5 --qat-batch 1024 &
wait
cat $W/status.txt
for s in headset m7 full; do echo "== $s"; cat "$W/$s.log"; done > "$OUT/logs.txt"
(cd $W && tar cf - status.txt *.log */) | split -b 15m -d - "$OUT/runs.tar."
ls -la "$OUT"
grep -hE "calibrated|^\{" $W/*.log

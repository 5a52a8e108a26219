#!/usr/bin/env bash
# The one training run on the GPU machine (docs/training.md). Carries .cache/train/pack (the packed
# features of models.train.features + models.train.pack); writes the run into $OUT/run. Extra
# arguments go to models.train.train (later ones override), e.g. --dropout 0.2.
set -euo pipefail
export PYTHONUNBUFFERED=1
nvidia-smi -L || true
python3 -c "import torch, numpy; print('torch', torch.__version__, 'numpy', numpy.__version__, torch.cuda.get_device_name(0))"
python3 -m models.train.train --data .cache/train/pack/train.npz --val .cache/train/pack/val.npz \
  --size headset --seed 1 --float-seconds "${FLOAT_S:-240}" --qat-seconds "${QAT_S:-150}" \
  --qat-batch 512 --qat-lr 5e-4 --device cuda --out "$OUT/run" "$@" 2>&1 | tee "$OUT/log.txt"

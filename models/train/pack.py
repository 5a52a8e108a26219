"""Pack a .pnft for transport (the GPU machine takes at most 64 MiB): the prepared training form.

  python -m models.train.pack TRAIN.pnft --out TRAIN.npz [--norm-from OTHER.pnft] [--take N]
  python -m models.train.pack TRAIN.pnft --out TRAIN.npz.xz ...      # lzma: ~10 % smaller than zlib

Holds what models.train.train prepares from a .pnft anyway: int8 network inputs (features
normalized by the training set's mean and std, quantized at 1/32), targets g^0.5 and (1 − r)^0.5
in 1/255 steps, sequence lengths, mean and std. Training on the pack equals training on the .pnft.
--take N keeps N of the sequences, evenly spread over the file (so every mix folder of a file made
from several keeps its share); mean and std stay the whole file's. The 3000 pairs of train2.pnft
pack to ~103 MB even with lzma, so the machine gets such a subset.
"""
import argparse
import io
import lzma
import os
import sys

import numpy as np

from .dataset import prepare


def take(D, n):
    """The prepared dict D restricted to n sequences spread evenly over it."""
    lens = D["lens"]
    if n >= len(lens):
        return D
    keep = np.unique(np.linspace(0, len(lens) - 1, n).round().astype(np.int64))
    starts = np.concatenate([[0], np.cumsum(lens)[:-1]])
    rows = np.concatenate([np.arange(starts[i], starts[i] + lens[i]) for i in keep])
    out = dict(D)
    for k in ("q", "gs", "rs"):
        out[k] = D[k][rows]
    out["lens"] = lens[keep]
    return out


def save(path, D):
    if path.endswith(".xz"):
        b = io.BytesIO()
        np.savez(b, **D)
        with open(path, "wb") as f:
            f.write(lzma.compress(b.getvalue(), preset=6))
    else:
        np.savez_compressed(path, **D)


def load(path):
    if path.endswith(".xz"):
        with open(path, "rb") as f:
            z = np.load(io.BytesIO(lzma.decompress(f.read())))
    else:
        z = np.load(path)
    return {k: z[k] for k in z.files}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("pnft")
    ap.add_argument("--out", required=True)
    ap.add_argument("--norm-from", help="take mean/std from this .pnft (validation data)")
    ap.add_argument("--take", type=int, help="keep this many sequences, evenly spread")
    a = ap.parse_args(argv)
    norm = None
    if a.norm_from:
        d = prepare(a.norm_from)
        norm = (d["mean"], d["std"])
    D = prepare(a.pnft, norm)
    if a.take:
        D = take(D, a.take)
    os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
    save(a.out, D)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""A scored set of rich mixtures (models/data/augment.py) as WAV pairs, at fixed SNRs: for choosing
between training runs on the validation split without touching the test split.

    python -m models.data.richset OUT_DIR --split val --snrs 0 5 10 15 --per-snr 6 --seconds 8 --seed 31

Writes OUT/<id>_noisy.wav, OUT/<id>_clean.wav (48 kHz mono PCM16) and OUT/index.json in the layout
models.eval.table reads (id, snr_db, speech, noise, seconds, reverb). Everything else (level, EQ,
two noises, babble, band limit, reverb, clipping) is drawn as in training, unless --opt sets it
(the same KEY=VALUE as rich_features). The hard-like validation set (continuous speech at one level,
dry, the validation split's own speaker and noises; for choosing between runs as the hard split
would, without touching it):

    python -m models.data.richset .cache/hardval --split val --snrs -5 0 5 10 15 --per-snr 6 --seconds 10 \
        --seed 41 --level -26 -26 --opt continuous_prob=1 --opt reverb_prob=0 --opt second_noise_prob=0 \
        --opt babble_prob=0 --opt generated_prob=0 --opt speech_eq_prob=0 --opt noise_eq_prob=0 \
        --opt bandlimit_prob=0 --opt clip_prob=0
"""
from __future__ import annotations

import argparse
import json
import os
import sys

import numpy as np
import soundfile as sf

from . import augment
from .fetch import CACHE
from .mix import load_manifest
from ..train.features import sha256_file
from ..train.rich_features import parse_opt


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out")
    ap.add_argument("--tier", default="full")
    ap.add_argument("--split", default="val", choices=["train", "val", "test"])
    ap.add_argument("--snrs", type=float, nargs="+", default=[0, 5, 10, 15])
    ap.add_argument("--per-snr", type=int, default=6)
    ap.add_argument("--seconds", type=float, default=8.0)
    ap.add_argument("--seed", type=int, default=31)
    ap.add_argument("--level", type=float, nargs=2, default=[-35.0, -15.0], help="speech active level range, dBFS")
    ap.add_argument("--opt", action="append", default=[], metavar="KEY=VALUE",
                    help="a recipe option of models/data/augment.py (as rich_features --opt); repeatable")
    a = ap.parse_args(argv)
    opts: dict = {}
    for kv in a.opt:
        opts.update(parse_opt(kv, augment.DEFAULTS, "richset"))
    m = load_manifest(a.tier)
    augment.require_speech(m, a.split, "richset")
    os.makedirs(a.out, exist_ok=True)
    pairs = []
    for j, snr in enumerate(a.snrs):
        for k in range(a.per_snr):
            i = j * a.per_snr + k
            clean, noisy, meta = augment.make_rich_pair(m, a.split, a.seconds, a.seed, i,
                                                        {**opts, "snr": (snr, snr), "level": tuple(a.level)})
            pid = f"snr{int(snr):02d}_{i:03d}"
            sf.write(os.path.join(a.out, f"{pid}_noisy.wav"), np.round(noisy * 32768).astype(np.int16), augment.FS, subtype="PCM_16")
            sf.write(os.path.join(a.out, f"{pid}_clean.wav"), np.round(clean * 32768).astype(np.int16), augment.FS, subtype="PCM_16")
            nz = meta["noise"]
            pairs.append({"id": pid, "snr_db": snr, "speech": meta["speech"][0]["id"].split("/")[0],
                          "noise": nz.get("category") or nz.get("generated") or "babble",
                          "seconds": a.seconds, "reverb": "reverb" in meta, "band_hz": meta.get("bandlimit_hz")})
    index = {"tool": "models.data.richset", "split": a.split, "seed": a.seed, "snrs": a.snrs, "opts": a.opt, "sample_rate": augment.FS,
             "data_manifest_sha256": sha256_file(os.path.join(CACHE, f"manifest-{a.tier}.json")),
             "total_seconds": a.seconds * len(pairs), "pairs": pairs}
    with open(os.path.join(a.out, "index.json"), "w") as f:
        json.dump(index, f, indent=1)
    print(f"richset: {len(pairs)} pairs in {a.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

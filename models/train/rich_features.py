"""Rich training mixtures made on the fly, straight into features and oracle targets (issue 15).

  python -m models.train.rich_features --split train --hours 50 --seconds 4 --seed 11 --out FILE.pnft [--jobs 2]

Each pair is `models.data.augment.make_rich_pair` (seeded by (seed, index): any pair can be remade
alone) and goes through the same bit-identical host C harness (`features`) as `models.train.features`;
no WAV is written, so 50 h of distinct mixtures cost only the .pnft (552 bytes per 10 ms frame).
Every pair has the same length, so the .pnft header is known before the first pair and the file
is streamed (written to FILE.pnft.tmp, renamed into place at the end). FILE.json is the manifest:
recipe options, the data manifest's sha256, the driver's source hashes, per-pair summary (SNR,
level, noise kinds, band limit, reverb) and the command.
"""
import argparse
import hashlib
import json
import multiprocessing as mp
import os
import sys
import time

import numpy as np

from models.data import augment
from models.data.fetch import CACHE
from models.data.mix import load_manifest
from models.train import dataset
from models.train.features import ROOT, SOURCES, build_feat, checked_harness, run_pair, sha256_file

_W: dict = {}


def _init(exe, tier, split, seconds, seed, opts, energy_floor):
    _W.update(exe=exe, manifest=load_manifest(tier), split=split, seconds=seconds, seed=seed, opts=opts,
              energy_floor=energy_floor)


def _job(i):
    clean, noisy, meta = augment.make_rich_pair(_W["manifest"], _W["split"], _W["seconds"], _W["seed"], i, _W["opts"])
    feats = run_pair(_W["exe"], noisy, clean, _W["energy_floor"])
    summary = {"i": i, "snr": round(meta["snr_db"], 2), "level": meta["speech_level_dbfs"],
               "noise": meta["noise"].get("category") or meta["noise"].get("generated") or ("babble" if "babble" in meta["noise"] else None),
               "noise2": bool(meta.get("noise2")), "reverb": "reverb" in meta, "band": meta.get("bandlimit_hz"),
               "clip": "clip" in meta, "continuous": all(u["id"].startswith(augment.CONTINUOUS_PACKAGE) for u in meta["speech"]),
               "speech_s": round(sum(u["samples"] for u in meta["speech"]) / augment.FS, 2)}
    return feats, summary


def parse_opt(kv: str, opts: dict, tool: str = "rich_features") -> dict:
    """KEY=VALUE for one recipe option: a probability in [0, 1], or a range LO:HI (LO <= HI)."""
    k, _, v = kv.partition("=")
    if k not in opts:
        raise SystemExit(f"{tool}: --opt {kv}: not one of the recipe's options {sorted(opts)}")
    try:
        if isinstance(opts[k], tuple):
            lo, hi = (float(x) for x in v.split(":"))
            if not lo <= hi:
                raise ValueError
            return {k: (lo, hi)}
        p = float(v)
        if not 0.0 <= p <= 1.0:
            raise ValueError
        return {k: p}
    except ValueError:
        want = "a range LO:HI with LO <= HI" if isinstance(opts[k], tuple) else "a probability in [0, 1]"
        raise SystemExit(f"{tool}: --opt {kv}: {k} takes {want}") from None


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tier", default="full")
    ap.add_argument("--split", default="train", choices=["train", "val"])
    g = ap.add_mutually_exclusive_group(required=True)
    g.add_argument("--hours", type=float)
    g.add_argument("--count", type=int)
    ap.add_argument("--seconds", type=float, default=4.0)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--out", required=True)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--exe", help="a built host harness (models/train/build.ts; default: build it)")
    ap.add_argument("--energy-floor", type=float, default=1e-2,
                    help="added to band energies before the log features (1e-2: the floor of the earlier models; "
                         "train with the same value, it goes into the model's manifest)")
    ap.add_argument("--opt", action="append", default=[], metavar="KEY=VALUE",
                    help="override one of the recipe's options (models/data/augment.py DEFAULTS): a probability, e.g. "
                         "babble_prob=0, or a range as LO:HI, e.g. snr=-5:15 (dB)")
    a = ap.parse_args(argv)
    count = a.count if a.count is not None else int(round(a.hours * 3600 / a.seconds))
    augment.require_speech(load_manifest(a.tier), a.split, "rich_features")
    frames_per = int(a.seconds * augment.FS) // 480
    exe = checked_harness(a.exe) if a.exe else build_feat()
    opts = dict(augment.DEFAULTS)
    for kv in a.opt:
        opts.update(parse_opt(kv, opts))
    os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
    tmp = a.out + ".tmp"
    t0 = time.time()
    summaries = []
    h = hashlib.sha256()
    try:
        with open(tmp, "wb") as f, mp.get_context("fork").Pool(a.jobs, _init, (exe, a.tier, a.split, a.seconds, a.seed, opts, a.energy_floor)) as p:
            head = dataset.HDR.pack(dataset.MAGIC, 1, dataset.N_FEAT, dataset.N_TGT, count, count * frames_per, 0, 0)
            head += np.full(count, frames_per, dtype="<u4").tobytes()
            f.write(head)
            h.update(head)
            for k, (feats, summ) in enumerate(p.imap(_job, range(count), chunksize=8)):
                assert feats.shape == (frames_per, dataset.N_FEAT + dataset.N_TGT)
                b = np.ascontiguousarray(feats, dtype="<f4").tobytes()
                f.write(b)
                h.update(b)
                summaries.append(summ)
                if (k + 1) % 500 == 0 or k + 1 == count:
                    el = time.time() - t0
                    print(f"rich_features: {k + 1}/{count} pairs, {el:.0f} s, eta {el / (k + 1) * (count - k - 1):.0f} s", file=sys.stderr, flush=True)
        os.replace(tmp, a.out)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)
    el = time.time() - t0

    def frac(key):
        return round(sum(1 for s in summaries if s[key]) / len(summaries), 4)

    noises: dict = {}
    for s in summaries:
        noises[s["noise"]] = noises.get(s["noise"], 0) + 1
    bands: dict = {}
    for s in summaries:
        bands[str(s["band"])] = bands.get(str(s["band"]), 0) + 1
    man = dict(format="pnft/1", file=os.path.basename(a.out), sha256=h.hexdigest(), frames=count * frames_per,
               hours=count * frames_per / 360000.0, sequences=count, recipe="rich/1", tier=a.tier, split=a.split,
               seed=a.seed, seconds=a.seconds, options=opts, energy_floor=a.energy_floor, seconds_to_make=round(el, 1), jobs=a.jobs,
               data_manifest_sha256=sha256_file(os.path.join(CACHE, f"manifest-{a.tier}.json")),
               mix={"continuous_speech_pairs": frac("continuous"), "reverb": frac("reverb"), "two_noises": frac("noise2"),
                    "clipped": frac("clip"), "speech_hours": round(sum(s["speech_s"] for s in summaries) / 3600, 2),
                    "band_limits": bands, "noise_kinds": len(noises), "babble_pairs": noises.get("babble", 0)},
               pairs=summaries,
               driver=dict(source_sha256={f: sha256_file(os.path.join(ROOT, f)) for f in
                                          [*SOURCES, "models/data/augment.py"]}),
               command=f"python -m models.train.rich_features --tier {a.tier} --split {a.split} --count {count} "
                       f"--seconds {a.seconds} --seed {a.seed} --energy-floor {a.energy_floor!r} "
                       + "".join(f"--opt {kv} " for kv in a.opt) + f"--out {a.out}")
    with open(os.path.splitext(a.out)[0] + ".json", "w") as f:
        json.dump(man, f, indent=0)
    print(json.dumps(dict(out=a.out, pairs=count, frames=count * frames_per, hours=round(man["hours"], 2), seconds=round(el, 1))))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Features and oracle targets for training, from the bit-identical host C build of the spec.

  python -m models.train.features MIXDIR [MIXDIR ...] --out FILE.pnft [--jobs 2]

MIXDIR: pairs written by models.data.mix or models.data.testset (<id>_noisy.wav, <id>_clean.wav,
index.json). Each pair runs through the host harness's `features` (firmware/host/pn_harness.c over
spec/dsp compiled by codegen, denoiser_process_frame_oracle per 10 ms frame) and gives one sequence. Writes FILE.pnft
(models/train/dataset.py) and FILE.json (manifest: each mix folder's index.json sha256 and
options, the data manifest sha256, the command, the harness's source hashes).
"""
import argparse
import concurrent.futures as cf
import hashlib
import json
import os
import subprocess
import sys
import time

import numpy as np
import soundfile as sf

from . import dataset

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
FEAT_DIR = os.path.join(ROOT, "build", "train", "feat")
# The C the features come from: the manifests record their hashes.
SOURCES = ["firmware/host/pn_harness.c", "spec/dsp/denoiser.ts"]


def build_feat(out_dir=FEAT_DIR):
    """The host harness over spec/dsp (models/train/build.ts); its `features` command is used here."""
    subprocess.run(["npx", "tsx", "models/train/build.ts", out_dir], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)
    return os.path.join(out_dir, "pn_harness")


def checked_harness(exe):
    """exe, if it is the host harness: the feature driver it replaced read another header and would
    take this one's words for samples, silently."""
    r = subprocess.run([exe], input="", stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if r.returncode != 2 or "pn_harness" not in r.stderr or " features" not in r.stderr:
        raise SystemExit(f"{exe} is not a host harness with `features` (build one: npx tsx models/train/build.ts OUTDIR)")
    return exe


def features_header(frames, energy_floor=None):
    """The harness's header for `features`: frames, then word 4 says whether word 5 (f32) sets the
    log-energy features' floor (denoiser_set_feature_floor; the denoiser's 1e-2 if not)."""
    words = np.zeros(8, dtype="<i4")
    words[0] = frames
    if energy_floor is not None:
        words[4] = 1
        words[5] = np.array([energy_floor], dtype="<f4").view("<i4")[0]
    return words.tobytes()


def run_pair(exe, noisy, clean, energy_floor=None):
    """noisy, clean: float32 arrays (scaled to +-1), same length. Returns [frames, 138] float32."""
    frames = len(noisy) // 480
    x = np.empty((frames, 960), dtype="<f4")
    x[:, :480] = noisy[:frames * 480].reshape(frames, 480)
    x[:, 480:] = clean[:frames * 480].reshape(frames, 480)
    inp = features_header(frames, energy_floor) + x.tobytes()
    r = subprocess.run([exe, "features"], input=inp, stdout=subprocess.PIPE, check=True)
    out = np.frombuffer(r.stdout, dtype="<f4").reshape(frames, dataset.N_FEAT + dataset.N_TGT)
    return out


def read_wav(path):
    x, fs = sf.read(path, dtype="float32", always_2d=False)
    if fs != 48000 or x.ndim != 1:
        raise ValueError(f"{path}: need 48 kHz mono")
    return x


def sha256_file(p):
    h = hashlib.sha256()
    with open(p, "rb") as f:
        for b in iter(lambda: f.read(1 << 20), b""):
            h.update(b)
    return h.hexdigest()


def pairs_of(mixdir):
    ids = sorted(f[:-len("_noisy.wav")] for f in os.listdir(mixdir) if f.endswith("_noisy.wav"))
    return [(i, os.path.join(mixdir, i + "_noisy.wav"), os.path.join(mixdir, i + "_clean.wav")) for i in ids]


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("mixdirs", nargs="+")
    ap.add_argument("--out", required=True)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--exe", help="a built host harness (models/train/build.ts; default: build it)")
    ap.add_argument("--energy-floor", type=float,
                    help="added to band energies before the log features (default: the denoiser's 1e-2); "
                         "recorded in the manifest, as rich_features --energy-floor")
    a = ap.parse_args(argv)
    exe = checked_harness(a.exe) if a.exe else build_feat()
    pairs = []
    sources = []
    for d in a.mixdirs:
        p = pairs_of(d)
        pairs += p
        idx = os.path.join(d, "index.json")
        meta = json.load(open(idx)) if os.path.exists(idx) else {}
        sources.append(dict(dir=os.path.relpath(os.path.abspath(d), ROOT), pairs=len(p),
                            index_sha256=sha256_file(idx) if os.path.exists(idx) else None,
                            tier=meta.get("tier"), split=meta.get("split"), seed=meta.get("seed"),
                            seconds=meta.get("seconds"), options=meta.get("options"),
                            data_manifest_sha256=meta.get("manifest_sha256") or meta.get("data_manifest_sha256")))
    t0 = time.time()

    def job(pr):
        _, n, c = pr
        return run_pair(exe, read_wav(n), read_wav(c), a.energy_floor)

    seqs = []
    with cf.ThreadPoolExecutor(a.jobs) as ex:
        for k, s in enumerate(ex.map(job, pairs)):
            seqs.append(s)
            if (k + 1) % 100 == 0 or k + 1 == len(pairs):
                print(f"features: {k + 1}/{len(pairs)} pairs, {time.time() - t0:.0f} s", file=sys.stderr, flush=True)
    os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
    dataset.write(a.out, seqs)
    frames = int(sum(len(s) for s in seqs))
    base = os.path.splitext(a.out)[0]
    man = dict(format="pnft/1", file=os.path.basename(a.out), sha256=sha256_file(a.out), frames=frames,
               hours=frames / 360000.0, sequences=len(seqs), ids=[p[0] for p in pairs], sources=sources,
               energy_floor=1e-2 if a.energy_floor is None else a.energy_floor,
               driver=dict(source_sha256={f: sha256_file(os.path.join(ROOT, f)) for f in SOURCES}),
               command="python -m models.train.features " + " ".join(
                   [os.path.relpath(os.path.abspath(d), ROOT) for d in a.mixdirs]) + f" --out {a.out}"
               + ("" if a.energy_floor is None else f" --energy-floor {a.energy_floor!r}"))
    with open(base + ".json", "w") as f:
        json.dump(man, f, indent=1)
    print(json.dumps(dict(out=a.out, frames=frames, sequences=len(seqs), seconds=round(time.time() - t0, 1))))
    return 0


if __name__ == "__main__":
    sys.exit(main())

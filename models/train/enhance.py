"""Denoise with a trained model through the product path, and check the model's .tflite in TFLM
against the network the product builds from it. A thin wrapper over `percepnet denoise --engine
host --model DIR`: the same build (the spec staged with the model's generated module, its host C;
bit-identical with the exact-JS reference and the firmware), no second pipeline.

  python -m models.train.enhance --model models/trained/headset NOISY.wav OUT.wav [--atten-lim DB] [--no-postfilter]
  python -m models.train.enhance --model models/trained/headset --verify NOISY.wav [--frames N]

--verify runs the same denoise with the host driver's network trace (PN_NET_TRACE: each frame's
int8 input and outputs), runs MODEL/model.tflite in TFLM on those inputs (models/nn/tflm_run.py)
and compares gain.out and strength.out value by value; exit status 1 on any difference. The model
folder is the one the exporter writes (manifest.json, model.json, model.bin, norm.f32,
model.tflite); the output is the input delayed by 1440 samples (score with --delay 1440).
"""
import argparse
import os
import subprocess
import sys
import tempfile

import numpy as np
import soundfile as sf

from models.stream_config import FRAME_SIZE, NB_BANDS, NB_FEATURES, SAMPLE_RATE

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def denoise(model_dir, noisy, out, atten_lim=None, postfilter=True, trace=None):
    """`percepnet denoise --engine host --model MODEL_DIR NOISY OUT` (the full size's codegen runs
    in a child Node with a large heap: sim/c-build/spec-build.ts, PN_NODE_HEAP_MB)."""
    args = ["node", os.path.join(ROOT, "bin", "percepnet.mjs"), "denoise", noisy, out, "--engine", "host", "--model", model_dir]
    if atten_lim is not None:
        args += ["--atten-lim", repr(float(atten_lim))]
    if not postfilter:
        args.append("--no-postfilter")
    env = dict(os.environ)
    env.pop("PN_NET_TRACE", None)
    if trace:
        env["PN_NET_TRACE"] = trace
    r = subprocess.run(args, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env)
    if r.returncode:
        raise SystemExit(r.stderr.strip() or f"percepnet denoise exited with status {r.returncode}")


def verify(model_dir, noisy, frames=None):
    from models.nn import tflm_run
    with tempfile.TemporaryDirectory() as d:
        if frames:
            x, fs = sf.read(noisy, dtype="int16", always_2d=False)
            noisy = os.path.join(d, "in.wav")
            sf.write(noisy, x[:frames * FRAME_SIZE], fs, subtype="PCM_16")
        tr = os.path.join(d, "trace")
        denoise(model_dir, noisy, os.path.join(d, "out.wav"), trace=tr)
        t = np.fromfile(tr, dtype=np.int8).reshape(-1, NB_FEATURES + 2 * NB_BANDS)
    feats, ours_g, ours_r = t[:, :NB_FEATURES], t[:, NB_FEATURES:NB_FEATURES + NB_BANDS], t[:, NB_FEATURES + NB_BANDS:]
    mb = open(os.path.join(model_dir, "model.tflite"), "rb").read()
    _, res = tflm_run.run(mb, feats)
    bad = 0
    for name, ours in (("gain.out", ours_g), ("strength.out", ours_r)):
        tf = res[name].reshape(ours.shape)
        diff = int((tf != ours).sum())
        bad += diff
        g = (ours.astype(np.float64) + 128) / 256
        print(f"{name}: {ours.size - diff}/{ours.size} values equal (TFLM vs subset host C), "
              f"{len(ours)} frames; mean value {g.mean():.3f}, range {g.min():.3f}..{g.max():.3f}")
    sat = float(np.mean((feats == 127) | (feats == -128)))
    print(f"inputs: {len(feats)} frames x {NB_FEATURES} int8, {100 * sat:.2f}% saturated")
    return 1 if bad else 0


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", default=os.path.join(ROOT, "models", "trained", "headset"))
    ap.add_argument("--verify", action="store_true")
    ap.add_argument("--frames", type=int)
    ap.add_argument("--atten-lim", type=float, help="attenuation limit in dB (the frame API's pn_set_atten_limit)")
    ap.add_argument("--no-postfilter", action="store_true")
    ap.add_argument("noisy")
    ap.add_argument("out", nargs="?")
    a = ap.parse_args(argv)
    model = os.path.abspath(a.model)
    if a.verify:
        return verify(model, os.path.abspath(a.noisy), a.frames)
    if not a.out:
        ap.error("OUT.wav is required")
    denoise(model, os.path.abspath(a.noisy), os.path.abspath(a.out), atten_lim=a.atten_lim, postfilter=not a.no_postfilter)
    return 0


if __name__ == "__main__":
    sys.exit(main())

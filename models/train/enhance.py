"""Denoise with the trained model through the generated signal path (bit-identical with the
exact-JS reference), and check the model's .tflite in TFLM against the subset module.

  python -m models.train.enhance --model models/headset NOISY.wav OUT.wav [--atten-lim DB] [--no-postfilter]
  python -m models.train.enhance --model models/headset --verify NOISY.wav [--frames N]

Per 10 ms frame (models/train/c/enhance_driver.c): denoiser_analyze (spec/dsp) ->
glue_select_features (the look-ahead energies where the manifest's input.energy_shift is 2) -> glue_features_s8 (spec/nn/glue.ts) -> net_step (models/nn/tables.py module of
MODEL/model.json + .bin, over spec/nn) -> glue_unit_f32 -> denoiser_synthesize. Samples are
read as int16 / 32768 and written rounded to int16 (ties away from zero, saturated), as
spec/enhancer.ts does. The output is the input delayed by 1440 samples (score with --delay 1440).

--verify runs the same driver, records the int8 network inputs and outputs per frame, runs
MODEL/model.tflite in TFLM on those inputs (models/nn/tflm_run.py) and compares gain.out and
strength.out value by value; exit status 1 on any difference.
"""
import argparse
import fcntl
import hashlib
import os
import subprocess
import sys

import numpy as np
import soundfile as sf

from models.stream_config import FRAME_SIZE, NB_BANDS, NB_FEATURES, SAMPLE_RATE

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def driver(model_dir):
    """Builds (once per model content) and returns the enhance driver for MODEL_DIR."""
    h = hashlib.sha256()
    for f in ("model.json", "model.bin"):
        h.update(open(os.path.join(model_dir, f), "rb").read())
    for f in ("models/train/c/enhance_driver.c", "models/train/build.ts"):
        h.update(open(os.path.join(ROOT, f), "rb").read())
    h.update(open(os.path.join(ROOT, "spec", "config.ts"), "rb").read())  # the stream configuration
    for d in ("spec/dsp", "spec/nn"):
        for f in sorted(os.listdir(os.path.join(ROOT, d))):
            h.update(open(os.path.join(ROOT, d, f), "rb").read())
    out = os.path.join(ROOT, "build", "train", "enhance-" + h.hexdigest()[:16])
    exe = os.path.join(out, "enhance_driver")
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, ".lock"), "w") as lk:
        fcntl.flock(lk, fcntl.LOCK_EX)  # table rows run in parallel: build once
        if not os.path.exists(exe):
            from models.nn import arch, tables
            desc, blob = arch.load(os.path.join(model_dir, "model"))
            tables.generate(desc, blob, os.path.join(out, "net.ts"))
            # the full size's tables module is 45 MB of TypeScript: its codegen needs a large Node heap,
            # as scripts/bench-product-model.sh and quality-report.sh give it (PN_NODE_HEAP_MB overrides)
            env = dict(os.environ)
            env["NODE_OPTIONS"] = f"--max-old-space-size={os.environ.get('PN_NODE_HEAP_MB', '12288')} {env.get('NODE_OPTIONS', '')}".strip()
            subprocess.run(["npx", "tsx", "models/train/build.ts", "enhance", out, os.path.join(out, "net.ts")],
                           cwd=ROOT, check=True, stdout=subprocess.DEVNULL, env=env)
    return exe


def run(model_dir, x, trace=None, atten_lim=None, postfilter=True):
    """x: float32 samples (int16 / 32768). Returns the float32 output (same length, rounded later).
    atten_lim (dB) and postfilter=False are the frame API's runtime controls (docs/frame-api.md)."""
    exe = driver(model_dir)
    frames = (len(x) + FRAME_SIZE - 1) // FRAME_SIZE
    buf = np.zeros(frames * FRAME_SIZE, dtype="<f4")
    buf[:len(x)] = x
    from models.model_module import energy_floor, energy_lookahead
    args = [exe, os.path.join(model_dir, "norm.f32"), "1" if energy_lookahead(model_dir) else "0"] + ([trace] if trace else [])
    env = dict(os.environ)
    env.pop("PN_ATTEN_LIM", None)
    env.pop("PN_NO_POSTFILTER", None)
    env["PN_ENERGY_FLOOR"] = repr(energy_floor(model_dir))
    if atten_lim is not None:
        env["PN_ATTEN_LIM"] = repr(float(atten_lim))
    if not postfilter:
        env["PN_NO_POSTFILTER"] = "1"
    r = subprocess.run(args, input=np.int32(frames).tobytes() + buf.tobytes(), stdout=subprocess.PIPE, check=True, env=env)
    return np.frombuffer(r.stdout, dtype="<f4")[:len(x)]


def to_s16(y):
    v = y.astype(np.float64) * 32768
    return np.clip(np.sign(v) * np.floor(np.abs(v) + 0.5), -32768, 32767).astype(np.int16)


def read_s16(path):
    x, fs = sf.read(path, dtype="int16", always_2d=False)
    if fs != SAMPLE_RATE or x.ndim != 1:
        raise SystemExit(f"{path}: need {SAMPLE_RATE // 1000} kHz mono")
    return x.astype(np.float32) / 32768


def verify(model_dir, noisy, frames=None):
    import tempfile
    from models.nn import tflm_run
    x = read_s16(noisy)
    if frames:
        x = x[:frames * FRAME_SIZE]
    with tempfile.TemporaryDirectory() as d:
        tr = os.path.join(d, "trace")
        run(model_dir, x, tr)
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
    ap.add_argument("--model", default=os.path.join(ROOT, "models", "headset"))
    ap.add_argument("--verify", action="store_true")
    ap.add_argument("--frames", type=int)
    ap.add_argument("--atten-lim", type=float, help="attenuation limit in dB (the frame API's pn_set_atten_limit)")
    ap.add_argument("--no-postfilter", action="store_true")
    ap.add_argument("noisy")
    ap.add_argument("out", nargs="?")
    a = ap.parse_args(argv)
    model = os.path.abspath(a.model)
    if a.verify:
        return verify(model, a.noisy, a.frames)
    if not a.out:
        ap.error("OUT.wav is required")
    y = run(model, read_s16(a.noisy), atten_lim=a.atten_lim, postfilter=not a.no_postfilter)
    sf.write(a.out, to_s16(y), SAMPLE_RATE, subtype="PCM_16")
    return 0


if __name__ == "__main__":
    sys.exit(main())

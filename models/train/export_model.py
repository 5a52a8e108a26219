"""Turn a trained network (models/train/train.py's trained.npz) into the committed model.

  python -m models.train.export_model RUN_DIR --out models/trained/headset [--size headset] \
      [--data-manifest .cache/train/train.json] [--command "..."]

Writes into --out:
  model.json, model.bin  the description (docs/nn.md, format percepnet-nn/1): the trained weights
                         quantized per row exactly as QAT fake-quantized them, int32 biases, and the
                         calibrated activation scales; built by models/nn/arch.py's Builder, so the
                         layer layout is the one every other tool reads
  model.tflite           models/nn/export.py
  norm.f32               the glue's input normalization: 70 means, 70 gains, the input zero point
  manifest.json          shapes, scales, normalization, data manifest hash, seed, command, metrics
  loss.png               the loss curve (float and QAT phases)
"""
import argparse
import hashlib
import json
import math
import os
import sys

import numpy as np

from models.nn import arch, quant, topology
from models.train.dataset import IN_SCALE, IN_ZP, input_gain
from models.train import plot


def tround(x):
    return np.sign(x) * np.floor(np.abs(x) + 0.5)


class TrainedBuilder(arch.Builder):
    """arch.Builder with trained weights and calibrated activation scales instead of random ones."""

    def __init__(self, fcs, calib):
        super().__init__(np.random.default_rng(0), "realistic")
        self.fcs = fcs
        self.calib = calib

    def tensor(self, name, size, scale, zp, dtype="int8"):
        if name in self.calib:
            scale, zp = self.calib[name]
        return super().tensor(name, size, scale, zp, dtype)

    def fc(self, prefix, in_t, cols, rows, out_spread=4.0):
        w, b = self.fcs[prefix]
        assert w.shape == (rows, cols), (prefix, w.shape, rows, cols)
        ts = self.tensors[in_t]
        amax = np.maximum(np.abs(w).max(1), 1e-8)
        ws = (amax / 127).astype(np.float32)
        wi = np.clip(tround(w.astype(np.float64) / ws.astype(np.float64)[:, None]), -127, 127).astype(np.int8)
        in_scale = ts["scale"]
        bias_scales = [quant.f32(in_scale) * quant.f32(s) for s in ws]
        bi = np.clip(tround(b.astype(np.float64) / np.array(bias_scales)), -(2 ** 31), 2 ** 31 - 1).astype(np.int32)
        s, z = self.calib[prefix + ".pre"]
        out = self.tensor(prefix + ".pre", rows, s, z)
        mult, shift = quant.fc_per_channel(in_scale, ws, self.tensors[out]["scale"])
        return dict(
            input=in_t, output=out, rows=int(rows), cols=int(cols),
            w=self.array(wi), b=self.array(bi), w_scales=[quant.f32(s) for s in ws],
            bias_scales=bias_scales, mult=mult, shift=shift,
            in_zero=-ts["zero_point"], out_zero=self.tensors[out]["zero_point"], act_min=-128, act_max=127,
        )


def fc_weights(W):
    """Float (weights [rows, cols], bias) per FC prefix, in the description's row layout, for every
    layer of the topology (W: train.py Net's parameters by name)."""
    f = {}
    for L in topology.LAYERS:
        n = L.name
        if L.kind == "dense":
            f[n] = (W[n + ".weight"], W[n + ".bias"])
        elif L.kind == "conv1d":
            w = W[n + ".weight"]  # [out, in, k], k = 0 the oldest frame
            f[n] = (np.ascontiguousarray(w.transpose(0, 2, 1).reshape(w.shape[0], -1)), W[n + ".bias"])
        else:
            Wi, Wh, bi, bh = (W[f"{n}.{k}_l0"] for k in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"))
            H = Wh.shape[1]
            f[n + ".r"] = (np.concatenate([Wi[0:H], Wh[0:H]], 1), bi[0:H] + bh[0:H])
            f[n + ".z"] = (np.concatenate([Wi[H:2 * H], Wh[H:2 * H]], 1), bi[H:2 * H] + bh[H:2 * H])
            f[n + ".nx"] = (Wi[2 * H:], bi[2 * H:])
            f[n + ".nh"] = (Wh[2 * H:], bh[2 * H:])
    return f


def build(size, W, calib, widths=None):
    """The description of a trained run: the topology at SIZE (WIDTHS: the run's overrides)."""
    calib = dict(calib)
    calib["features"] = (IN_SCALE, IN_ZP)
    b = TrainedBuilder(fc_weights(W), calib)
    t = topology.build(b, topology.widths(size, widths), b.tensor("features", topology.N_FEATURES, IN_SCALE, IN_ZP))
    desc = b.description(name=f"{size}-trained", size=size, seed=None, profile="trained",
                         inputs=["features"], outputs=[t[o] for o in topology.OUTPUTS])
    return desc, bytes(b.blob)


def quality(path):
    """Means per row and per input SNR of a models.eval.table JSON (the test set's scores)."""
    rows = json.load(open(path))
    out = dict(source=os.path.basename(path), pairs=len(rows[0]["pairs"]) if rows else 0, rows={})
    for r in rows:
        groups = {"all": r["pairs"]}
        for p in r["pairs"]:
            groups.setdefault(f"{p['snr_db']:g} dB", []).append(p)
        res = {}
        for g, ps in groups.items():
            keys = sorted({k for p in ps for k in p["metrics"]})
            res[g] = {k: round(float(np.mean([p["metrics"][k] for p in ps if p["metrics"].get(k) is not None])), 4)
                      for k in keys if any(p["metrics"].get(k) is not None for p in ps)}
        out["rows"][r["label"]] = res
    return out


def sha256(p):
    with open(p, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def init_chain(init, seen=()):
    """A fine-tune's starting point for the manifest: the init weights' sha256 and the run that made them
    (its train.json, itself with its own init), so the chain of commands to the weights is recorded. Only a
    run folder's own trained.npz is that run's output, and a folder already in the chain (seen: e.g. an init
    kept in the fine-tune's own --out) holds a later run's record, not the init's."""
    if not init:
        return None
    out = dict(weights=init, weights_sha256=sha256(init) if os.path.exists(init) else None)
    d = os.path.realpath(os.path.dirname(init))
    tj = os.path.join(d, "train.json")
    if os.path.basename(init) == "trained.npz" and d not in seen and os.path.exists(tj):
        run = json.load(open(tj))
        out["run"] = dict(run, init=init_chain(run.get("options", {}).get("init"), (*seen, d)))
    return out


def repeatable(run):
    """Whether rerunning a run's command repeats its weights. Runs record it (train.py); for older
    records it follows from the options: both phases ran all their epochs, epoch-bounded, on the CPU. A
    models.train.from_model run is a fixed conversion of committed files, so it repeats."""
    if "from_model" in run:
        return True
    if "repeatable" in run:
        return bool(run["repeatable"])
    o = run.get("options", {})
    return bool(run.get("device") == "cpu" and o.get("float_epochs", 10 ** 9) < 10 ** 9
                and run.get("float_epochs") == o.get("float_epochs") and run.get("qat_epochs") == o.get("qat_epochs"))


def reproducible(info):
    """The manifest's account of whether the recorded commands give these weights again: every run of
    the chain (this one, then each init) repeatable, and every init's record present."""
    runs, r = [], info
    while True:
        runs.append(dict(out=r.get("options", {}).get("out"), repeatable=repeatable(r),
                         **({"from_model": r["from_model"]["folder"]} if "from_model" in r else {})))
        init = r.get("init")
        if not init or "from_model" in r:
            break
        if "run" not in init:  # the weights a run started from, without the record that made them
            runs.append(dict(out=init.get("weights"), repeatable=False, missing="the run's train.json"))
            break
        r = init["run"]
    return dict(weights=all(x["repeatable"] for x in runs), runs=runs)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("run")
    ap.add_argument("--out", required=True)
    ap.add_argument("--size", help="the network's size (default: the run's own --size, else headset)")
    ap.add_argument("--data-manifest", action="append", default=[], help="features manifest(s) (.json)")
    ap.add_argument("--command", default="", help="the training command, for the manifest")
    ap.add_argument("--quality", help="a models.eval.table --json file: per-row means go into the manifest")
    a = ap.parse_args(argv)
    z = np.load(os.path.join(a.run, "trained.npz"))
    W = {k[2:]: z[k] for k in z.files if k.startswith("w/")}
    calib = {k: (float(v[0]), int(v[1])) for k, v in json.loads(str(z["calib"])).items()}
    mean = z["mean"].astype(np.float32)
    std = z["std"].astype(np.float32)
    info = json.load(open(os.path.join(a.run, "train.json")))
    widths = topology.parse_widths(info["options"].get("widths", ""))  # the run's --widths, if any
    a.size = a.size or info["options"].get("size") or "headset"
    desc, blob = build(a.size, W, calib, widths)
    os.makedirs(a.out, exist_ok=True)
    base = os.path.join(a.out, "model")
    arch.save(desc, blob, base)
    from models.nn import export
    fb, io = export.export(desc, blob)
    with open(base + ".tflite", "wb") as f:
        f.write(fb)
    gain = input_gain(std)
    with open(os.path.join(a.out, "norm.f32"), "wb") as f:
        f.write(mean.astype("<f4").tobytes() + gain.astype("<f4").tobytes() + np.float32(IN_ZP).astype("<f4").tobytes())
    hist = json.load(open(os.path.join(a.run, "history.json")))
    plot.loss_png(hist, os.path.join(a.out, "loss.png"))
    data = []
    for p in a.data_manifest:
        m = json.load(open(p))
        data.append(dict(manifest=os.path.basename(p), manifest_sha256=sha256(p), file_sha256=m.get("sha256"),
                         frames=m.get("frames"), hours=m.get("hours"), sources=m.get("sources"),
                         command=m.get("command")))
    info = dict(info, init=init_chain(info["options"].get("init"), (os.path.realpath(a.run),)))
    st = arch.stats(desc)
    T = desc["tensors"]
    energy_shift = int(info["options"].get("energy_shift", 0))
    manifest = dict(
        format="percepnet-model/1", name=desc["name"], size=a.size, widths=topology.widths(a.size, widths),
        files=dict(description="model.json", weights="model.bin", tflite="model.tflite",
                   norm="norm.f32", loss_curve="loss.png"),
        sha256={f: sha256(os.path.join(a.out, f)) for f in ("model.json", "model.bin", "model.tflite", "norm.f32")},
        weights=st["weights"], macs_per_frame=st["macs_per_frame"], macs_per_second=st["macs_per_second"],
        tflite_bytes=len(fb),
        shapes={L["name"]: ([L["fc"]["rows"], L["fc"]["cols"]] if "fc" in L else
                            {k: [L[k]["rows"], L[k]["cols"]] for k in ("fz", "fr", "fnx", "fnh")}) for L in desc["layers"]},
        scales={k: [v["scale"], v["zero_point"]] for k, v in T.items()},
        input=dict(feature_mean=[float(v) for v in mean], feature_std=[float(v) for v in std],
                   scale=IN_SCALE, zero_point=IN_ZP, energy_shift=energy_shift,
                   energy_floor=float(info["options"].get("energy_floor", 1e-2)),
                   energies="the newest window's (DenoiserState.lfeat: the look-ahead)" if energy_shift == 2 else "frame B's (DenoiserState.feat)",
                   rule="q = sat_i8(round_i32((feat - mean) * (1 / (std * scale))) + zp) (spec/nn/glue.ts)"),
        outputs="gain.out, strength.out: int8 logistic, scale 1/256, zero point -128: value = (q + 128) / 256",
        data=data, seed=info["options"]["seed"], command=a.command or None, training=info,
        reproducible=reproducible(info),
        validation_loss=dict(float_best=hist.get("float_best_val"), quantized_start=hist.get("qat_start_val"),
                             kept=hist.get("qat_best_val"),
                             # --select trained: the loss that picked the epochs (the --under-weight one)
                             **({} if "qat_start_val_trained" not in hist else dict(
                                 selected_by="trained", float_best_trained=hist.get("float_best_val_trained"),
                                 quantized_start_trained=hist.get("qat_start_val_trained"),
                                 kept_trained=hist.get("qat_best_val_trained")))),
    )
    if a.quality:
        manifest["quality"] = quality(a.quality)
    with open(os.path.join(a.out, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)
    print(json.dumps(dict(out=a.out, weights=st["weights"], tflite_bytes=len(fb))))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""A committed model folder back into a run's trained.npz, to fine-tune it (train.py --init).

  python -m models.train.from_model models/trained/headset --out RUN_DIR

A training run's float weights are not kept (only the int8 export is committed), so a fine-tune of a
committed model has to start from its int8 weights. This writes RUN_DIR/trained.npz in train.py's
layout: every FC's int8 rows times their scales and its int32 bias times its scale (the exact values
the integer network computes with), laid back into the PyTorch parameters that export_model.py's
fc_weights() reads them from; the feature normalization of the model's manifest (mean and std as
trained); the calibrated activation scales. RUN_DIR/train.json records where the weights came from
(the folder, its files' sha256 and its own training record), so a fine-tune's export keeps the chain.

export_model.py of the written run gives the same model.json, model.bin, model.tflite and norm.f32
bytes back (test/train/from-model.test.ts).
"""
import argparse
import json
import os
import sys

import numpy as np

from models.nn import arch, topology


def fc_float(L, blob, key="fc"):
    """(weights [rows, cols], bias [rows]) in float32 of a description layer's FC block KEY."""
    f = L[key]
    w = arch.get_array(blob, f["w"]).astype(np.float64) * np.asarray(f["w_scales"], np.float64)[:, None]
    b = arch.get_array(blob, f["b"]).astype(np.float64) * np.asarray(f["bias_scales"], np.float64)
    return w.astype(np.float32), b.astype(np.float32)


def parameters(desc, blob):
    """train.py Net's state_dict (name -> float32 array) for the description's layers: the inverse of
    export_model.fc_weights. A GRU's z and r rows hold b_i + b_h as one bias: it goes to bias_ih,
    and bias_hh keeps only the n gate's recurrent bias (the same sums, so the same network)."""
    by_name = {L["name"]: L for L in desc["layers"]}
    W = {}
    for spec in topology.LAYERS:
        L = by_name[spec.name]
        n = spec.name
        if spec.kind == "dense":
            W[n + ".weight"], W[n + ".bias"] = fc_float(L, blob)
        elif spec.kind == "conv1d":
            w, b = fc_float(L, blob)  # [out, k * in], k = 0 the oldest frame
            k = L["kernel"]
            W[n + ".weight"] = np.ascontiguousarray(w.reshape(w.shape[0], k, -1).transpose(0, 2, 1))
            W[n + ".bias"] = b
        else:
            (wr, br), (wz, bz) = fc_float(L, blob, "fr"), fc_float(L, blob, "fz")
            (wnx, bnx), (wnh, bnh) = fc_float(L, blob, "fnx"), fc_float(L, blob, "fnh")
            nx = wnx.shape[1]
            W[n + ".weight_ih_l0"] = np.concatenate([wr[:, :nx], wz[:, :nx], wnx])
            W[n + ".weight_hh_l0"] = np.concatenate([wr[:, nx:], wz[:, nx:], wnh])
            W[n + ".bias_ih_l0"] = np.concatenate([br, bz, bnx])
            W[n + ".bias_hh_l0"] = np.concatenate([np.zeros_like(br), np.zeros_like(bz), bnh])
    return W


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("model", help="a model folder (manifest.json, model.json, model.bin)")
    ap.add_argument("--out", required=True, help="the run folder to write (trained.npz, train.json, history.json)")
    a = ap.parse_args(argv)
    man_path = os.path.join(a.model, "manifest.json")
    if not os.path.exists(man_path):
        print(f"from_model: {man_path}: no such file (a trained model folder has a manifest)", file=sys.stderr)
        return 1
    man = json.load(open(man_path))
    desc, blob = arch.load(os.path.join(a.model, "model"))
    W = parameters(desc, blob)
    inp = man["input"]
    mean = np.asarray(inp["feature_mean"], np.float32)
    std = np.asarray(inp["feature_std"], np.float32)
    # every calibrated activation (the network input's scale is the glue's, export_model sets it)
    calib = {k: [v["scale"], v["zero_point"]] for k, v in desc["tensors"].items() if k != topology.INPUT}
    os.makedirs(a.out, exist_ok=True)
    np.savez(os.path.join(a.out, "trained.npz"), **{"w/" + k: v for k, v in W.items()},
             mean=mean, std=std, calib=np.array(json.dumps(calib)))
    trained = man.get("training") or {}
    widths = {k: v for k, v in man["widths"].items() if topology.SIZES[man["size"]].get(k) != v}
    options = dict(trained.get("options", {}), size=man["size"],
                   widths=",".join(f"{k}={v}" for k, v in widths.items()),
                   energy_shift=inp.get("energy_shift", 0), energy_floor=inp.get("energy_floor", 1e-2),
                   init=None, out=a.out)
    # the model's own chain goes under from_model, not "init" (the export rebuilds "init" from options.init)
    info = dict({k: v for k, v in trained.items() if k != "init"}, options=options,
                from_model=dict(folder=a.model, name=man.get("name"), sha256=man.get("sha256"),
                                command=f"python -m models.train.from_model {a.model} --out {a.out}",
                                training_init=trained.get("init"),
                                # the data that made the folder, so a fine-tune's manifest holds the chain's volume and hashes
                                data=man.get("data"), source_command=man.get("command")))
    with open(os.path.join(a.out, "train.json"), "w") as f:
        json.dump(info, f, indent=1)
    with open(os.path.join(a.out, "history.json"), "w") as f:
        json.dump(dict(float=[], qat=[]), f)
    print(json.dumps(dict(out=a.out, parameters=len(W), model=man.get("name"))))
    return 0


if __name__ == "__main__":
    sys.exit(main())

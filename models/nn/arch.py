"""The PercepNet network description: architecture, quantization and seeded random weights.

A description is two files:
  NAME.json  architecture, tensors (scale, zero point), per-layer integer parameters, and where
             each weight array lies in NAME.bin;
  NAME.bin   the weights: int8 matrices (row-major, rows = outputs) and int32 biases,
             little-endian, each array 16-byte aligned.
See docs/nn.md for the format.
"""
import json
import math

import numpy as np

from . import description, quant, topology
from .description import FORMAT  # noqa: F401 (the tools' name for it)
from .topology import N_BANDS, N_FEATURES, SIZES  # noqa: F401 (the tools' names for them)

ACT_SCALE = 1.0 / 128  # tanh output and GRU state: int8, zero point 0
SIG_SCALE = 1.0 / 256  # logistic output: int8, zero point -128

def fc_block(f):
    """The FC parameter block (description.schema.json FcBlock) of the FC F."""
    return [f[k] for k in description.fields("FcBlock")]


class Builder:
    """Accumulates tensors, layers and weight arrays."""

    def __init__(self, rng, profile):
        self.rng = rng
        self.profile = profile  # "realistic", "extreme" or "pot" (every scale a power of two)
        self.tensors = {}
        self.layers = []
        self.blob = bytearray()

    # ---------------------------------------------------------------- tensors and weights
    def tensor(self, name, size, scale, zp, dtype="int8"):
        assert name not in self.tensors, name
        scale = self.pot(scale)
        self.tensors[name] = dict(size=int(size), dtype=dtype, scale=quant.f32(scale), zero_point=int(zp))
        return name

    def array(self, a):
        while len(self.blob) % 16:
            self.blob.append(0)
        off = len(self.blob)
        self.blob += np.ascontiguousarray(a).astype(a.dtype.newbyteorder("<")).tobytes()
        return dict(offset=off, dtype=str(a.dtype), shape=list(a.shape))

    # ---------------------------------------------------------------- random quantities
    def loguniform(self, lo, hi):
        return float(math.exp(self.rng.uniform(math.log(lo), math.log(hi))))

    def zp(self, spread=12):
        return int(self.rng.integers(-spread, spread + 1))

    def w_scales(self, rows):
        s = np.array([self.loguniform(0.1, 1.0) * 0.5 / 127 for _ in range(rows)])
        if self.profile == "extreme":
            k = max(1, rows // 8)
            idx = self.rng.choice(rows, size=k, replace=False)
            s[idx] = [self.loguniform(1e-7, 1e-4) if self.rng.random() < 0.5 else self.loguniform(0.5, 8.0) for _ in idx]
        return np.array([self.pot(v) for v in s], dtype=np.float32)

    def pot(self, scale):
        """In the "pot" profile, scale rounded to a power of two (multipliers become exactly 2^30,
        so every rounding tie of the requantization occurs)."""
        if self.profile != "pot":
            return scale
        return 2.0 ** round(math.log2(scale))

    def fc(self, prefix, in_t, cols, rows, out_spread=4.0):
        """A FULLY_CONNECTED: int8 weights (per-row scales), int32 bias, int8 output tensor."""
        ts = self.tensors[in_t]
        w = self.rng.integers(-127, 128, size=(rows, cols), dtype=np.int64)
        if self.profile == "extreme":
            # Some rows at full scale, some saturated (all ±127), some sparse.
            for r in self.rng.choice(rows, size=max(1, rows // 8), replace=False):
                w[r] = 127 * np.sign(self.rng.standard_normal(cols))
        else:
            w = np.clip(np.round(self.rng.standard_normal((rows, cols)) * 40), -127, 127)
        w = w.astype(np.int8)
        ws = self.w_scales(rows)
        in_scale = ts["scale"]
        # Output scale: the accumulator's typical size times a random factor.
        typical = in_scale * float(np.mean(ws)) * math.sqrt(cols) * 40 * 40
        f = self.loguniform(1 / out_spread, out_spread)
        if self.profile == "extreme" and self.rng.random() < 0.5:
            f *= self.loguniform(2 ** -8, 2 ** 8)
        out_scale = self.pot(typical * f / 40)
        out_zp = self.zp()
        bias_scales = [quant.f32(in_scale) * quant.f32(s) for s in ws]
        bias = np.array([int(self.rng.normal(0, 1) * out_scale / bs * 30) for bs in bias_scales], dtype=np.float64)
        bias = np.clip(bias, -(1 << 24), 1 << 24).astype(np.int32)
        out = self.tensor(prefix + ".pre", rows, out_scale, out_zp)
        mult, shift = quant.fc_per_channel(in_scale, ws, out_scale)
        return dict(
            input=in_t, output=out, rows=int(rows), cols=int(cols),
            w=self.array(w), b=self.array(bias), w_scales=[quant.f32(s) for s in ws],
            bias_scales=bias_scales, mult=mult, shift=shift,
            in_zero=-ts["zero_point"], out_zero=out_zp, act_min=-128, act_max=127,
        )

    # ---------------------------------------------------------------- layers
    def dense(self, name, in_t, n_out, act):
        f = self.fc(name, in_t, self.tensors[in_t]["size"], n_out)
        pre = self.tensors[f["output"]]
        if act == "tanh":
            out = self.tensor(name + ".out", n_out, ACT_SCALE, 0)
        else:
            out = self.tensor(name + ".out", n_out, SIG_SCALE, -128)
        act_q = quant.act8_params(pre["scale"], pre["zero_point"])
        self.layers.append(dict(kind="dense", name=name, input=in_t, output=out, act=act, fc=f,
                                act_q=act_q, p=description.block("LayerParams", fc=fc_block(f), act=act_q)))
        return out

    def conv1d(self, name, in_t, k, n_out):
        c = self.tensors[in_t]["size"]
        it = self.tensors[in_t]
        state = self.tensor(name + ".state", (k - 1) * c, it["scale"], it["zero_point"])
        cat = self.tensor(name + ".cat", k * c, it["scale"], it["zero_point"])
        f = self.fc(name, cat, k * c, n_out)
        pre = self.tensors[f["output"]]
        out = self.tensor(name + ".out", n_out, ACT_SCALE, 0)
        act_q = quant.act8_params(pre["scale"], pre["zero_point"])
        self.layers.append(dict(kind="conv1d", name=name, input=in_t, output=out, state=state, cat=cat,
                                kernel=k, channels=c, act="tanh", fc=f, act_q=act_q,
                                p=description.block("LayerParams", fc=fc_block(f), act=act_q)))
        return out

    def gru(self, name, inputs, hidden):
        """GRU (reset gate after the recurrent product):
        z = σ(Wz·[x,h] + bz), r = σ(Wr·[x,h] + br), n = tanh(Wn·x + bn + r ⊙ (Un·h + bu)),
        h' = n + z ⊙ (h − n). Inputs and state share scale 1/128, zero point 0."""
        for t in inputs:
            assert self.tensors[t]["scale"] == quant.f32(ACT_SCALE) and self.tensors[t]["zero_point"] == 0, t
        n_in = sum(self.tensors[t]["size"] for t in inputs)
        x = inputs[0] if len(inputs) == 1 else self.tensor(name + ".x", n_in, ACT_SCALE, 0)
        h = self.tensor(name + ".state", hidden, ACT_SCALE, 0)
        xh = self.tensor(name + ".xh", n_in + hidden, ACT_SCALE, 0)
        fz = self.fc(name + ".z", xh, n_in + hidden, hidden)
        fr = self.fc(name + ".r", xh, n_in + hidden, hidden)
        fnx = self.fc(name + ".nx", x, n_in, hidden)
        fnh = self.fc(name + ".nh", h, hidden, hidden)
        T = self.tensors
        z = self.tensor(name + ".zg", hidden, SIG_SCALE, -128)
        r = self.tensor(name + ".rg", hidden, SIG_SCALE, -128)
        nh = T[fnh["output"]]
        rn = self.tensor(name + ".rn", hidden, nh["scale"] * self.loguniform(0.5, 2.0), self.zp())
        nx = T[fnx["output"]]
        npre = self.tensor(name + ".npre", hidden,
                           max(nx["scale"], T[rn]["scale"]) * self.loguniform(0.7, 3.0), self.zp())
        n = self.tensor(name + ".n", hidden, ACT_SCALE, 0)
        d = self.tensor(name + ".d", hidden, (2.0 / 128) * self.loguniform(0.7, 1.5), self.zp(3))
        zd = self.tensor(name + ".zd", hidden, T[d]["scale"] * self.loguniform(0.7, 1.5), self.zp(3))
        out = self.tensor(name + ".out", hidden, ACT_SCALE, 0)

        def tq(t):
            return T[t]["scale"], T[t]["zero_point"]

        q = dict(
            z_act=quant.act8_params(*tq(fz["output"])),
            r_act=quant.act8_params(*tq(fr["output"])),
            rn_mul=quant.mul_params(*tq(r), *tq(fnh["output"]), *tq(rn)),
            npre_add=quant.add_params(*tq(fnx["output"]), *tq(rn), *tq(npre)),
            n_act=quant.act8_params(*tq(npre)),
            d_sub=quant.add_params(*tq(h), *tq(n), *tq(d)),
            zd_mul=quant.mul_params(*tq(z), *tq(d), *tq(zd)),
            h_add=quant.add_params(*tq(n), *tq(zd), *tq(out)),
        )
        self.layers.append(dict(kind="gru", name=name, inputs=list(inputs), x=x, xh=xh, state=h, output=out,
                                input_size=n_in, hidden=hidden, fz=fz, fr=fr, fnx=fnx, fnh=fnh,
                                tensors=dict(z=z, r=r, rn=rn, npre=npre, n=n, d=d, zd=zd), q=q,
                                p=description.block("GruParams", fz=fc_block(fz), fr=fc_block(fr), fnx=fc_block(fnx),
                                                    fnh=fc_block(fnh), **q)))
        return out

    def description(self, **meta):
        desc = dict(format=description.FORMAT, **meta, tensors=self.tensors, layers=self.layers)
        description.validate(desc, f"the description built for {meta.get('name')}")
        return desc


def features_tensor(b):
    return b.tensor("features", N_FEATURES, b.loguniform(1e-3, 0.5) if b.profile == "extreme" else b.loguniform(0.02, 0.1), b.zp(40))


def build_model(size, seed, profile="realistic", widths=None):
    """A whole network of the topology (models/nn/topology.py) at SIZE, its widths changed by WIDTHS
    ({key: width}), with seeded random weights."""
    w = topology.widths(size, widths)
    b = Builder(np.random.default_rng(seed), profile)
    t = topology.build(b, w, features_tensor(b))
    name = f"{size}-s{seed}" + "".join(f"-{k}{v}" for k, v in sorted((widths or {}).items()))
    desc = b.description(name=name, size=size, seed=seed, profile=profile,
                         inputs=["features"], outputs=[t[o] for o in topology.OUTPUTS])
    return desc, bytes(b.blob)


def build_layer(kind, seed, profile="realistic", n_in=24, n_out=40, kernel=5):
    """A one-layer network, for the per-layer test."""
    b = Builder(np.random.default_rng(seed), profile)
    if kind in ("dense", "dense_sigmoid"):
        x = features_tensor(b) if n_in == N_FEATURES else b.tensor("features", n_in, b.loguniform(0.01, 0.2), b.zp(40))
        out = b.dense("dense", x, n_out, "tanh" if kind == "dense" else "sigmoid")
    elif kind == "conv1d":
        x = b.tensor("features", n_in, b.loguniform(0.01, 0.2), b.zp(40))
        out = b.conv1d("conv", x, kernel, n_out)
    elif kind == "gru":
        x = b.tensor("features", n_in, ACT_SCALE, 0)
        out = b.gru("gru", [x], n_out)
    else:
        raise ValueError(kind)
    desc = b.description(name=f"layer-{kind}-s{seed}", size=f"layer:{kind}", seed=seed, profile=profile,
                         inputs=["features"], outputs=[out])
    return desc, bytes(b.blob)


# ---------------------------------------------------------------- statistics
def stats(desc):
    """Weights (int8 parameters) and MAC per frame."""
    weights = 0
    macs = 0
    for L in desc["layers"]:
        fcs = [L["fc"]] if "fc" in L else [L["fz"], L["fr"], L["fnx"], L["fnh"]]
        for f in fcs:
            weights += f["rows"] * f["cols"]
            macs += f["rows"] * f["cols"]
    return dict(weights=weights, macs_per_frame=macs, macs_per_second=macs * 100)


def save(desc, blob, path_base):
    with open(path_base + ".json", "w") as f:
        json.dump(desc, f, indent=1)
    with open(path_base + ".bin", "wb") as f:
        f.write(blob)


def load(path_base):
    """The description PATH_BASE.json (checked against the schema: DescriptionError) and its weights."""
    with open(path_base + ".json") as f:
        try:
            desc = json.load(f)
        except json.JSONDecodeError as e:
            raise description.DescriptionError(f"{path_base}.json: not JSON ({e})")
    description.validate(desc, path_base + ".json")
    with open(path_base + ".bin", "rb") as f:
        blob = f.read()
    return desc, blob


def get_array(blob, ref):
    n = int(np.prod(ref["shape"]))
    return np.frombuffer(blob, dtype=np.dtype(ref["dtype"]).newbyteorder("<"), count=n, offset=ref["offset"]).reshape(ref["shape"])


def random_inputs(desc, frames, seed):
    """int8 feature frames [F, n]: random, with runs of saturated frames (all -128 / all 127)."""
    rng = np.random.default_rng(seed + 7919)
    n = desc["tensors"][desc["inputs"][0]]["size"]
    x = rng.integers(-128, 128, size=(frames, n), dtype=np.int64)
    # Smooth random walk for part of the frames, as real features are correlated in time.
    walk = np.clip(np.cumsum(rng.integers(-9, 10, size=(frames, n)), axis=0), -128, 127)
    mix = rng.random(frames) < 0.5
    x[mix] = walk[mix]
    for f in range(frames):
        u = rng.random()
        if u < 0.05:
            x[f] = 127
        elif u < 0.10:
            x[f] = -128
        elif u < 0.15:
            x[f] = np.where(rng.random(n) < 0.5, -128, 127)
    return x.astype(np.int8)

"""Train the PercepNet network (PyTorch) with quantization-aware training to the int8 TFLM scheme.

  python -m models.train.train --data TRAIN.pnft|PACK.npz [--val VAL.pnft] --size headset \
      --seed 1 --float-seconds S --qat-seconds S --out DIR [--device cpu|cuda]

The architecture is models/nn/topology.py's at the chosen size and --widths (today dense tanh,
causal conv1d k5 and k3 tanh, three GRUs, gain GRU on [conv2, gru1, gru2, gru3] -> FC 34 sigmoid,
strength GRU on [conv2, gru3] -> FC 34 sigmoid; GRU with the reset gate after the recurrent
product, PyTorch's own GRU form). Loss (facts sheet, gamma = 0.5):
  sum (g^γ − ĝ^γ)² + 10 sum (g^γ − ĝ^γ)⁴ + sum ((1 − r)^γ − (1 − r̂)^γ)²  (mean over frames).

Two phases, each limited by time (and by --float-epochs / --qat-epochs if given; bounded by epochs,
the float phase's cosine schedule runs over epochs and a rerun with the same seed repeats the run):
  1. float training (nn.GRU; cuDNN on a GPU), weights clipped to ±0.5 after every step (paper);
  2. calibration of every int8 activation tensor's (scale, zero point) on training batches, then
     QAT: the same parameters through a step-by-step graph that fake-quantizes (straight-through)
     every tensor the TFLM graph (models/nn/export.py) holds: per-row symmetric int8 weights,
     FC outputs at their calibrated scales, tanh outputs and GRU states at 1/128, logistic
     outputs at 1/256 (zero point −128), and the GRU's rn, npre, d, zd intermediates.
Each phase keeps the epoch with the lowest validation loss (phase 2: the calibrated weights unless a QAT
epoch beats them); --select says which loss (the paper's, --under-weight's) or the last epoch instead.
DIR receives trained.npz (float weights, calibration, feature normalization), history.json
(losses per epoch) and train.json (options, timings). models/train/export_model.py turns trained.npz
into the committed model (description, .tflite, manifest, loss curve).

Data: a .pnft file (models/train/features.py) is prepared as: features normalized per feature
(training-set mean and std) and quantized to the network's int8 input (scale 1/32, zero point 0:
exactly what the network sees), targets g^γ and (1 − r)^γ rounded to 1/255. A PACK.npz
(models/train/pack.py) holds that prepared form and gives the same training.
"""
import argparse
import json
import math
import os
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..")))
from models.nn import topology  # noqa: E402
from models.train import dataset, pack  # noqa: E402
from models.train.dataset import IN_SCALE, IN_ZP  # noqa: E402

GAMMA = 0.5
WCLIP = 0.5


# ------------------------------------------------------------------------------------------ data
def load_data(paths, norm=None, shift=0):
    paths = [paths] if isinstance(paths, str) else list(paths)
    if len(paths) == 1 and paths[0].endswith((".npz", ".npz.xz")):
        if shift:
            raise SystemExit("train: --energy-shift needs .pnft data, not a pack")
        return pack.load(paths[0])
    return dataset.prepare(paths if len(paths) > 1 else paths[0], norm, shift)


def to_seqs(D, L, device):
    """Cuts every sequence into windows of L frames; a remainder gets one more window that ends with
    the sequence (overlapping the one before), so no frame is dropped. The windows
    stay int8 / uint8 (a 50 h set is 2.5 GB so, 10 GB as float32); `batch` dequantizes."""
    starts = []
    off = 0
    for n in D["lens"]:
        n = int(n)
        starts += range(off, off + n - L + 1, L)
        if n > L and n % L:  # the tail too, in a window that ends with the sequence (398 frames: 0 and 198)
            starts.append(off + n - L)
        off += n
    ix = (np.asarray(starts, dtype=np.int64)[:, None] + np.arange(L)[None, :])
    x = torch.from_numpy(D["q"][ix]).to(device)
    g = torch.from_numpy(D["gs"][ix]).to(device)
    r = torch.from_numpy(D["rs"][ix]).to(device)
    return x, g, r


def batch(data, b):
    """Windows b of (x, g, r), dequantized: the int8 input the network sees, targets in 1/255."""
    x, g, r = data
    return x[b].float() * IN_SCALE, g[b].float() / 255, r[b].float() / 255


# ------------------------------------------------------------------------------------ fake quant
def fq(x, scale, zp):
    """Fake int8 quantization (round half away from zero), straight-through inside the range."""
    lo = (-128 - zp) * scale
    hi = (127 - zp) * scale
    xc = torch.clamp(x, lo, hi)
    v = xc / scale
    q = torch.sign(v) * torch.floor(torch.abs(v) + 0.5)
    return xc + ((q) * scale - xc).detach()


def fq_rows(w):
    """Per-row symmetric int8 weights (rows = outputs), straight-through."""
    flat = w.reshape(w.shape[0], -1)
    s = flat.abs().amax(1).clamp_min(1e-12) / 127
    s = s.reshape([-1] + [1] * (w.dim() - 1))
    v = w / s
    q = torch.sign(v) * torch.floor(torch.abs(v) + 0.5)
    return w + (q * s - w).detach()


# ----------------------------------------------------------------------------------------- model
class Net(nn.Module):
    """The topology of models/nn/topology.py (LAYERS, at the size's widths) as PyTorch modules, one
    attribute per layer under the layer's name (so trained.npz's parameter names are the layers')."""

    def __init__(self, size, widths=None):
        super().__init__()
        self.w = topology.widths(size, widths)
        n = topology.outputs_of(self.w)
        for L in topology.LAYERS:  # in order: the modules' random initialization draws in this order
            n_in = topology.input_size(L, n)
            if L.kind == "dense":
                self.add_module(L.name, nn.Linear(n_in, n[L.name]))
            elif L.kind == "conv1d":
                self.add_module(L.name, nn.Conv1d(n_in, n[L.name], L.kernel))
            else:
                self.add_module(L.name, nn.GRU(n_in, n[L.name], batch_first=True))
        self.grus = [L.name for L in topology.LAYERS if L.kind == "gru"]
        readers = {L.name: [R for R in topology.LAYERS if L.name in R.inputs] for L in topology.LAYERS}
        self._channel_major = {L.name for L in topology.LAYERS if L.kind == "conv1d" and readers[L.name]
                               and all(R.kind == "conv1d" for R in readers[L.name])}
        self.q = None  # calibrated {tensor name: (scale, zp)} once QAT starts
        self.p_drop = 0.0  # dropout between layers in the float phase (training only)

    def clip(self):
        with torch.no_grad():
            for n, p in self.named_parameters():
                if "weight" in n:
                    p.clamp_(-WCLIP, WCLIP)

    # ---------------------------------------------------------------- float path (fast)
    def forward_float(self, x):
        """x [B, T, 70] -> the outputs of topology.OUTPUTS (sigmoid gains, strengths), [B, T, 34] each.

        A convolution's output stays channel-major ([B, C, T], as Conv1d takes it) when only
        convolutions read it, and its dropout draws in that layout; every other output is [B, T, C].
        (Dropout's mask follows the layout, so this keeps the recorded recipes' runs repeatable.)"""
        def dr(t):
            return F.dropout(t, self.p_drop, self.training) if self.p_drop > 0 else t

        t = {topology.INPUT: x}
        for L in topology.LAYERS:
            m = getattr(self, L.name)
            if L.kind == "conv1d":
                x = t[L.inputs[0]]
                c = x if L.inputs[0] in self._channel_major else x.transpose(1, 2)
                y = torch.tanh(m(F.pad(c, (L.kernel - 1, 0))))  # causal: kernel-1 zero frames first
                if L.name not in self._channel_major:
                    y = y.transpose(1, 2)
            else:
                x = torch.cat([t[i] for i in L.inputs], -1) if len(L.inputs) > 1 else t[L.inputs[0]]
                if L.kind == "dense":
                    y = m(x)
                    y = torch.tanh(y) if L.act == "tanh" else torch.sigmoid(y)
                else:
                    y, _ = m(x)
            t[L.name] = dr(y) if L.dropout else y
        return tuple(t[o] for o in topology.OUTPUTS)

    # ---------------------------------------------------------------- quantized path (QAT, calibration)
    def _q(self, name, x, obs):
        if obs is not None:
            a = x.detach()
            lo, hi = float(a.min()), float(a.max())
            o = obs.setdefault(name, [lo, hi])
            o[0] = min(o[0], lo)
            o[1] = max(o[1], hi)
            return x
        s, z = self.q[name]
        return fq(x, s, z)

    def _fixed(self, x, scale, zp, obs):
        return x if obs is not None else fq(x, scale, zp)

    def _gru_q(self, name, x, obs):
        """x [B,T,I] at 1/128. The step-by-step GRU of models/nn/arch.py (Builder.gru) with fake quantization."""
        m = getattr(self, name)
        H = m.hidden_size
        I = x.shape[-1]
        Wi, Wh, bi, bh = m.weight_ih_l0, m.weight_hh_l0, m.bias_ih_l0, m.bias_hh_l0
        quant = obs is None
        wq = fq_rows if quant else (lambda t: t)
        # rows of the TFLM FCs: z and r over [x, h] (one scale per row), n over x and over h apart
        Wr = wq(torch.cat([Wi[0:H], Wh[0:H]], 1))
        Wz = wq(torch.cat([Wi[H:2 * H], Wh[H:2 * H]], 1))
        Wnx = wq(Wi[2 * H:])
        Wnh = wq(Wh[2 * H:])
        br = bi[0:H] + bh[0:H]
        bz = bi[H:2 * H] + bh[H:2 * H]
        xr = x @ Wr[:, :I].t() + br
        xz = x @ Wz[:, :I].t() + bz
        nx = self._q(name + ".nx.pre", x @ Wnx.t() + bi[2 * H:], obs)
        h = x.new_zeros(x.shape[0], H)
        out = []
        for t in range(x.shape[1]):
            z = self._fixed(torch.sigmoid(self._q(name + ".z.pre", xz[:, t] + h @ Wz[:, I:].t(), obs)), 1 / 256, -128, obs)
            r = self._fixed(torch.sigmoid(self._q(name + ".r.pre", xr[:, t] + h @ Wr[:, I:].t(), obs)), 1 / 256, -128, obs)
            nh = self._q(name + ".nh.pre", h @ Wnh.t() + bh[2 * H:], obs)
            rn = self._q(name + ".rn", r * nh, obs)
            npre = self._q(name + ".npre", nx[:, t] + rn, obs)
            n = self._fixed(torch.tanh(npre), 1 / 128, 0, obs)
            d = self._q(name + ".d", h - n, obs)
            zd = self._q(name + ".zd", z * d, obs)
            h = self._fixed(n + zd, 1 / 128, 0, obs)
            out.append(h)
        return torch.stack(out, 1)

    def forward_q(self, x, obs=None):
        """The TFLM graph of the topology with fake quantization (obs: calibration, float)."""
        quant = obs is None
        wq = fq_rows if quant else (lambda t: t)
        t = {topology.INPUT: self._fixed(x, IN_SCALE, IN_ZP, obs)}
        for L in topology.LAYERS:
            m = getattr(self, L.name)
            x = torch.cat([t[i] for i in L.inputs], -1) if len(L.inputs) > 1 else t[L.inputs[0]]
            if L.kind == "gru":
                t[L.name] = self._gru_q(L.name, x, obs)
                continue
            if L.kind == "dense":
                pre = self._q(L.name + ".pre", F.linear(x, wq(m.weight), m.bias), obs)
            else:
                pre = self._q(L.name + ".pre", F.conv1d(F.pad(x.transpose(1, 2), (L.kernel - 1, 0)), wq(m.weight), m.bias), obs).transpose(1, 2)
            if L.act == "tanh":
                t[L.name] = self._fixed(torch.tanh(pre), 1 / 128, 0, obs)
            else:
                t[L.name] = self._fixed(torch.sigmoid(pre), 1 / 256, -128, obs)
        return tuple(t[o] for o in topology.OUTPUTS)


def calib_params(lo, hi, margin=1.1):
    """Asymmetric int8 (scale, zero point) covering [lo, hi] (and 0) with a margin."""
    lo = min(lo * margin, 0.0)
    hi = max(hi * margin, 0.0)
    span = max(hi - lo, 1e-3)
    s = float(np.float32(span / 255))
    z = int(round(-128 - lo / s))
    return s, int(min(127, max(-128, z)))


UNDER = 1.0  # --under-weight: the gain term's weight where the network removes speech (ĝ < g)


def loss_fn(g_hat, r_hat, gs, rs, under=1.0):
    """gs = g^γ, rs = (1 − r)^γ (targets, already in the loss domain). With UNDER > 1 a gain below
    its target (speech removed) costs `under` times what the same error above it (noise left) does.
    Training passes UNDER; validation always scores the paper's loss (under = 1), so runs compare."""
    eg = gs - torch.sqrt(g_hat + 1e-8) if GAMMA == 0.5 else gs - (g_hat + 1e-8) ** GAMMA
    er = rs - torch.sqrt(1 - r_hat + 1e-8)
    wg = 1.0 if under == 1.0 else 1.0 + (under - 1.0) * (eg > 0).float()
    per = (wg * (eg ** 2 + 10 * eg ** 4)).sum(-1) + (er ** 2).sum(-1)
    return per.mean()


class Order:
    """The training windows' order: seeded permutations, one after another. A full epoch takes the
    next permutation whole (as before); with --epoch-windows K an 'epoch' is the next K windows of
    the stream, so a 50 h set can be validated and scheduled in steps smaller than a pass."""

    def __init__(self, n, gen, k=None):
        self.n, self.gen, self.k = n, gen, k
        self.buf = []

    def next(self):
        if not self.k:
            return torch.randperm(self.n, generator=self.gen).tolist()
        while len(self.buf) < self.k:
            self.buf += torch.randperm(self.n, generator=self.gen).tolist()
        out, self.buf = self.buf[:self.k], self.buf[self.k:]
        return out


def run_epoch(net, opt, data, B, fwd, train, gen, order=None, also_under=None):
    """Training: the mean of UNDER's loss. Evaluation (train False): the paper's loss or, with ALSO_UNDER,
    (the paper's, the loss with that under-weight) from the same forward pass."""
    net.train(train)
    n = data[0].shape[0]
    idx = (order.next() if order is not None else torch.randperm(n, generator=gen).tolist()) if train else list(range(n))
    tot, tot_u, cnt = 0.0, 0.0, 0
    for s in range(0, len(idx), B):
        b = idx[s:s + B]
        xb, gb, rb = batch(data, b)
        if train:
            gh, rh = fwd(xb)
            loss = loss_fn(gh, rh, gb, rb, UNDER)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(net.parameters(), 1.0)
            opt.step()
            net.clip()
        else:
            with torch.no_grad():
                gh, rh = fwd(xb)
                loss = loss_fn(gh, rh, gb, rb)
                if also_under is not None:
                    tot_u += float(loss_fn(gh, rh, gb, rb, also_under)) * len(b)
        tot += float(loss.detach()) * len(b)
        cnt += len(b)
    mean = tot / max(cnt, 1)
    return mean if also_under is None else (mean, tot_u / max(cnt, 1))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", required=True, nargs="+", help="one or more .pnft files (one data set), or one pack")
    ap.add_argument("--val")
    ap.add_argument("--size", default="headset", choices=list(topology.SIZES))
    ap.add_argument("--widths", default="", help="KEY=N,...: widths changed from the size's (models/nn/topology.py SIZES)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--seq", type=int, default=200, help="frames per training window (float phase)")
    ap.add_argument("--qat-seq", type=int, default=100, help="frames per training window (QAT phase)")
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--qat-batch", type=int, default=256)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--qat-lr", type=float, default=3e-4)
    ap.add_argument("--dropout", type=float, default=0.0, help="between layers, float phase only")
    ap.add_argument("--wd", type=float, default=1e-4, help="AdamW weight decay")
    ap.add_argument("--float-seconds", type=float, default=3600)
    ap.add_argument("--float-epochs", type=int, default=10 ** 9)
    ap.add_argument("--qat-seconds", type=float, default=1800)
    ap.add_argument("--qat-epochs", type=int, default=10 ** 9)
    ap.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    ap.add_argument("--threads", type=int, default=0)
    ap.add_argument("--epoch-windows", type=int, default=0, help="float phase: an epoch is this many windows (0: a whole pass)")
    ap.add_argument("--qat-epoch-windows", type=int, default=0, help="QAT phase: an epoch is this many windows (0: a whole pass)")
    ap.add_argument("--init", help="start from a run's trained.npz (fine-tuning)")
    ap.add_argument("--energy-shift", type=int, default=0,
                    help="take each frame's 34 log energies from frame t + N (2 on frame-B features: the look-ahead; dataset.shift_energies)")
    ap.add_argument("--under-weight", type=float, default=1.0, help="gain loss weight where ĝ < g (speech removed); 1: the paper's loss")
    ap.add_argument("--select", choices=["paper", "trained", "last"], default="paper",
                    help="the validation loss that picks the best float epoch and decides whether a QAT epoch replaces the "
                         "calibrated weights: the paper's (default; every run's 'val'), the one trained (--under-weight's, "
                         "recorded as 'val_trained'), or none: the last float epoch and the last QAT epoch are kept")
    ap.add_argument("--out", required=True)
    a = ap.parse_args(argv)
    if a.threads:
        torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    np.random.seed(a.seed)
    gen = torch.Generator().manual_seed(a.seed)
    os.makedirs(a.out, exist_ok=True)
    t_start = time.time()
    global UNDER
    UNDER = a.under_weight
    # the features' log-energy floor goes with the model (manifest input.energy_floor): .pnft only
    a.energy_floor = dataset.energy_floor([p for p in a.data + ([a.val] if a.val else []) if p.endswith(".pnft")])
    # fine-tuning keeps the feature normalization the init run's weights were trained with
    init_norm = None
    if a.init:
        zi = np.load(a.init)
        init_norm = (zi["mean"], zi["std"])
    D = load_data(a.data, init_norm, a.energy_shift)
    V = load_data(a.val, (D["mean"], D["std"]), a.energy_shift) if a.val else None
    dev = torch.device(a.device)
    train_f = to_seqs(D, a.seq, dev)
    train_q = to_seqs(D, a.qat_seq, dev)
    val = to_seqs(V, a.qat_seq, dev) if V is not None else None
    frames = int(D["lens"].sum())
    print(f"data: {frames} frames ({frames / 360000:.2f} h), {train_f[0].shape[0]} windows of {a.seq}; device {dev}", flush=True)
    net = Net(a.size, topology.parse_widths(a.widths)).to(dev)
    net.p_drop = a.dropout
    if a.init:
        net.load_state_dict({k[2:]: torch.tensor(zi[k]) for k in zi.files if k.startswith("w/")})
    net.clip()
    hist = dict(float=[], qat=[])
    best = dict(loss=float("inf"), state=None)
    if a.init and val is not None:
        hist["init_val"] = run_epoch(net, None, val, 512, net.forward_float, False, gen)
        print(f"init val (float) {hist['init_val']:.4f}", flush=True)

    def validate(fwd):
        """The paper's validation loss and, with --select trained, the trained one (one pass; None where absent)."""
        if val is None:
            return None, None
        if a.select != "trained":
            return run_epoch(net, None, val, 512, fwd, False, gen), None
        return run_epoch(net, None, val, 512, fwd, False, gen, also_under=UNDER)

    def keep_best(vl):
        if a.select == "last" or (vl is not None and vl < best["loss"]):  # "last": every epoch replaces the one before
            best["loss"] = vl
            best["state"] = {k: v.detach().clone() for k, v in net.state_dict().items()}
    opt = torch.optim.AdamW(net.parameters(), lr=a.lr, weight_decay=a.wd)
    order_f = Order(train_f[0].shape[0], gen, a.epoch_windows or None)
    sched_T = a.float_seconds
    t0 = time.time()
    ep = 0
    while ep < a.float_epochs and time.time() - t0 < a.float_seconds:
        # the cosine runs over the phase's epochs when they bound it (a rerun then repeats every
        # step: seeded data order and dropout, CPU arithmetic), else over its wall time
        if a.float_epochs < 10 ** 9:
            frac = ep / a.float_epochs
        else:
            frac = min(1.0, (time.time() - t0) / max(sched_T, 1e-9))
        lr = a.lr * (0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * frac)))
        for pg in opt.param_groups:
            pg["lr"] = lr
        net.train()
        tl = run_epoch(net, opt, train_f, a.batch, net.forward_float, True, gen, order_f)
        vl, vt = validate(net.forward_float)
        ep += 1
        hist["float"].append(dict(epoch=ep, t=round(time.time() - t_start, 1), lr=lr, train=tl, val=vl,
                                  **({} if vt is None else dict(val_trained=vt))))
        keep_best(vl if vt is None else vt)
        print(f"float epoch {ep}: train {tl:.4f} val {vl if vl is None else round(vl, 4)}"
              + ("" if vt is None else f" trained {vt:.4f}") + f" ({time.time() - t0:.0f} s)", flush=True)
    float_s = time.time() - t0
    float_stop = "epochs" if ep >= a.float_epochs else "time"
    if best["state"] is not None:  # the float epoch with the lowest validation loss
        net.load_state_dict(best["state"])
        hist["float_best_val" + ("_trained" if a.select == "trained" else "")] = best["loss"]
    best.update(loss=float("inf"), state=None)
    # calibration: float forward through the step-by-step graph, min/max per tensor
    obs = {}
    with torch.no_grad():
        n = train_q[0].shape[0]
        sel = torch.randperm(n, generator=gen)[:min(n, 512)].tolist()
        for s in range(0, len(sel), 256):
            net.forward_q(batch(train_q, sel[s:s + 256])[0], obs)
    net.q = {k: calib_params(*v) for k, v in obs.items()}
    with torch.no_grad():
        vq0, vt0 = validate(net.forward_q)
    print(f"calibrated {len(net.q)} tensors; quantized val loss before QAT {vq0}"
          + ("" if vt0 is None else f" (trained loss {vt0:.4f})"), flush=True)
    hist["qat_start_val"] = vq0
    if vt0 is not None:
        hist["qat_start_val_trained"] = vt0
    keep_best(vq0 if vt0 is None else vt0)  # QAT keeps the calibrated float weights unless an epoch beats them
    opt = torch.optim.AdamW(net.parameters(), lr=a.qat_lr, weight_decay=a.wd)
    order_q = Order(train_q[0].shape[0], gen, a.qat_epoch_windows or None)
    t1 = time.time()
    ep = 0
    while ep < a.qat_epochs and time.time() - t1 < a.qat_seconds:
        net.train()
        tl = run_epoch(net, opt, train_q, a.qat_batch, net.forward_q, True, gen, order_q)
        vl, vt = validate(net.forward_q)
        ep += 1
        hist["qat"].append(dict(epoch=ep, t=round(time.time() - t_start, 1), train=tl, val=vl,
                                **({} if vt is None else dict(val_trained=vt))))
        keep_best(vl if vt is None else vt)
        print(f"qat epoch {ep}: train {tl:.4f} val {vl if vl is None else round(vl, 4)} ({time.time() - t1:.0f} s)", flush=True)
    qat_s = time.time() - t1
    qat_stop = "epochs" if ep >= a.qat_epochs else "time"
    if best["state"] is not None:  # the QAT epoch with the lowest (quantized) validation loss
        net.load_state_dict(best["state"])
        hist["qat_best_val" + ("_trained" if a.select == "trained" else "")] = best["loss"]
    sd = {k: v.detach().cpu().numpy().astype(np.float32) for k, v in net.state_dict().items()}
    calib = json.dumps({k: [v[0], v[1]] for k, v in net.q.items()})
    np.savez(os.path.join(a.out, "trained.npz"), **{"w/" + k: v for k, v in sd.items()},
             mean=D["mean"], std=D["std"], calib=np.array(calib))
    with open(os.path.join(a.out, "history.json"), "w") as f:
        json.dump(hist, f)
    info = dict(options=vars(a), frames=frames, hours=frames / 360000, float_seconds=round(float_s, 1),
                qat_seconds=round(qat_s, 1), float_epochs=len(hist["float"]), qat_epochs=len(hist["qat"]),
                device=str(dev), gpu=torch.cuda.get_device_name(0) if dev.type == "cuda" else None,
                torch=torch.__version__,
                # a rerun repeats these weights when both phases ended on their epoch bounds (the cosine
                # then runs over epochs too) on the CPU; a wall-time bound or a GPU makes it land near them
                stopped_by=dict(float=float_stop, qat=qat_stop),
                repeatable=bool(dev.type == "cpu" and a.float_epochs < 10 ** 9 and float_stop == "epochs"
                                and qat_stop == "epochs"),
                final=dict(float=hist["float"][-1] if hist["float"] else None,
                                                    qat=hist["qat"][-1] if hist["qat"] else None))
    with open(os.path.join(a.out, "train.json"), "w") as f:
        json.dump(info, f, indent=1)
    print(json.dumps(info["final"]), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The training-data file format (docs/training.md): features and oracle targets per frame.

FILE.pnft, little-endian:
  header, 32 bytes: magic b"PNFT", u32 version (1), u32 n_features (70), u32 n_targets (68),
                    u32 n_sequences, u32 n_frames (total), u32 reserved, u32 reserved
  n_sequences × u32: frames per sequence (one sequence = one mixture, frames consecutive)
  n_frames × (70 + 68) float32: features (DenoiserState.feat: 34 log10 band energies, 34 pitch
                    coherences, (T − 80)/720, pitch correlation), then 34 ideal gains g_b and
                    34 ideal strengths r_b (OracleState.g, .r), all for the same frame B.
FILE.json is its manifest (sources, data hashes, seed, command).
"""
import json
import os
import struct

import numpy as np

MAGIC = b"PNFT"
N_FEAT = 70
N_TGT = 68
HDR = struct.Struct("<4s7I")
IN_SCALE = 1.0 / 32  # network input tensor: normalized features, int8, zero point 0
IN_ZP = 0


def write(path, seqs):
    """seqs: list of float32 arrays [frames, 138]."""
    lens = [len(s) for s in seqs]
    with open(path, "wb") as f:
        f.write(HDR.pack(MAGIC, 1, N_FEAT, N_TGT, len(seqs), sum(lens), 0, 0))
        f.write(np.asarray(lens, dtype="<u4").tobytes())
        for s in seqs:
            f.write(np.ascontiguousarray(s, dtype="<f4").tobytes())


def energy_floor(paths):
    """The log-energy floor the features of these .pnft files were made with (their manifests' energy_floor,
    rich_features --energy-floor; 1e-2 where absent); one floor for all, or SystemExit."""
    floors = {}
    for p in ([paths] if isinstance(paths, str) else paths):
        j = os.path.splitext(p)[0] + ".json"
        floors[p] = float(json.load(open(j)).get("energy_floor", 1e-2)) if os.path.exists(j) else 1e-2
    if len(set(floors.values())) > 1:
        raise SystemExit(f"these data files were made with different energy floors: {floors}")
    return next(iter(floors.values()), 1e-2)


def header(head, path):
    """(n_sequences, n_frames) of a PNFT v1 header; ValueError for anything else."""
    magic, ver, nf, nt, ns, n, _, _ = HDR.unpack_from(head, 0)
    if magic != MAGIC or ver != 1 or nf != N_FEAT or nt != N_TGT:
        raise ValueError(f"{path}: not a PNFT v1 file")
    return ns, n


def read(path):
    """Returns (data [frames, 138] float32, lengths [n_sequences])."""
    with open(path, "rb") as f:
        raw = f.read()
    ns, n = header(raw, path)
    off = HDR.size
    lens = np.frombuffer(raw, dtype="<u4", count=ns, offset=off).astype(np.int64)
    off += 4 * ns
    data = np.frombuffer(raw, dtype="<f4", count=n * (N_FEAT + N_TGT), offset=off).reshape(n, N_FEAT + N_TGT)
    assert lens.sum() == n
    return data, lens


def shift_energies(d, lens, shift):
    """The look-ahead ablation (issue 15): frame t's 34 log band energies taken from frame t + shift
    of the same sequence (coherences, pitch and targets stay frame t's); frames without a partner
    are dropped. Frame B's energies at t + 2 are, bit for bit, those of the window that ends at the
    newest input sample at t, so shift 2 on frame-B features gives what a signal path that describes
    the newest frame computes (shift -2 undoes it). Returns (d, lens), d a new array."""
    if shift == 0:
        return d, lens
    rows, out_lens = [], []
    off = 0
    for n in lens:
        n = int(n)
        k = n - abs(shift)
        if k > 0:
            rows.append(off + max(0, -shift) + np.arange(k))
            out_lens.append(k)
        off += n
    base = np.concatenate(rows) if rows else np.zeros(0, dtype=np.int64)
    out = np.asarray(d[base], dtype=np.float32)
    out[:, :34] = d[base + shift, :34]
    return out, np.asarray(out_lens, dtype=np.int64)


def input_gain(std):
    """gain = 1 / (std * scale) in f32, as spec/nn/glue.ts uses it."""
    return (np.float32(1.0) / (np.asarray(std, dtype=np.float32) * np.float32(IN_SCALE))).astype(np.float32)


def quantize(d, mean, gain):
    """Frames [N, 138] to the network's int8 inputs (the glue's f32 arithmetic, rounded as round_i32
    does) and the targets g^0.5, (1 - r)^0.5 in 1/255 steps: (q, gs, rs)."""
    v = ((d[:, :70] - mean) * gain).astype(np.float64)
    q = np.clip(np.sign(v) * np.floor(np.abs(v) + 0.5) + IN_ZP, -128, 127).astype(np.int8)
    gs = np.round(np.sqrt(np.clip(d[:, 70:104], 0, 1)) * 255).astype(np.uint8)
    rs = np.round(np.sqrt(1 - np.clip(d[:, 104:138], 0, 1)) * 255).astype(np.uint8)
    return q, gs, rs


def prepare_small(pnft_path, norm=None, shift=0):
    """The whole-file form (the committed models' runs used it: its rounding is theirs)."""
    d, lens = read(pnft_path)
    d, lens = shift_energies(d, lens, shift)
    feat = d[:, :70].astype(np.float64)
    if norm is None:
        mean = feat.mean(0)
        std = np.maximum(feat.std(0), 1e-3)
    else:
        mean, std = norm
    mean = mean.astype(np.float32)
    std = std.astype(np.float32)
    gain = input_gain(std)
    q, gs, rs = quantize(d, mean, gain)
    return dict(q=q, gs=gs, rs=rs, lens=lens.astype(np.int64), mean=mean, std=std, gain=gain)


def open_frames(path):
    """Like read(), but the frames are a read-only memory map: a 10 GB file costs no RAM."""
    with open(path, "rb") as f:
        ns, n = header(f.read(HDR.size), path)
        lens = np.frombuffer(f.read(4 * ns), dtype="<u4").astype(np.int64)
    data = np.memmap(path, dtype="<f4", mode="r", offset=HDR.size + 4 * ns, shape=(n, N_FEAT + N_TGT))
    assert lens.sum() == n
    return data, lens


SMALL_BYTES = 2 << 30  # below this, one file is prepared whole, as the committed model's data was
CHUNK = 1 << 20  # frames per step of the streaming passes


def blocks(paths, shift=0):
    """(frames, lens) in blocks of whole sequences (about CHUNK frames each), energies shifted."""
    for p in paths:
        d, ln = open_frames(p)
        off, i = 0, 0
        while i < len(ln):
            j, m = i, 0
            while j < len(ln) and (m == 0 or m + ln[j] <= CHUNK):
                m += int(ln[j])
                j += 1
            yield shift_energies(d[off:off + m], ln[i:j], shift)
            off += m
            i = j


def feature_stats(paths, shift=0):
    """Per-feature mean and std over every frame of the files (float64 sums, block by block)."""
    s = np.zeros(N_FEAT)
    s2 = np.zeros(N_FEAT)
    n = 0
    for d, _ in blocks(paths, shift):
        f = np.asarray(d[:, :N_FEAT], dtype=np.float64)
        s += f.sum(0)
        s2 += (f * f).sum(0)
        n += f.shape[0]
    mean = s / n
    std = np.maximum(np.sqrt(np.maximum(s2 / n - mean * mean, 0)), 1e-3)
    return mean, std


def prepare(pnft_path, norm=None, shift=0):
    """Returns dict(q int8 [N,70], gs uint8 [N,34], rs uint8 [N,34], lens, mean, std).

    pnft_path may be a list of files (one data set, sequences in order); the norm is then over all
    of them. Files are streamed in chunks, so the float32 frames never sit in memory whole."""
    paths = [pnft_path] if isinstance(pnft_path, str) else list(pnft_path)
    if len(paths) == 1 and os.path.getsize(paths[0]) < SMALL_BYTES:
        return prepare_small(paths[0], norm, shift)
    mean, std = feature_stats(paths, shift) if norm is None else norm
    mean = np.asarray(mean).astype(np.float32)
    std = np.asarray(std).astype(np.float32)
    gain = input_gain(std)
    qs, gss, rss, lens = [], [], [], []
    for c, ln in blocks(paths, shift):
        lens.append(ln)
        q, gs, rs = quantize(np.asarray(c), mean, gain)
        qs.append(q)
        gss.append(gs)
        rss.append(rs)
    return dict(q=np.concatenate(qs), gs=np.concatenate(gss), rs=np.concatenate(rss),
                lens=np.concatenate(lens).astype(np.int64), mean=mean, std=std, gain=gain)

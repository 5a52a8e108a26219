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


def read(path):
    """Returns (data [frames, 138] float32, lengths [n_sequences])."""
    with open(path, "rb") as f:
        raw = f.read()
    magic, ver, nf, nt, ns, n, _, _ = HDR.unpack_from(raw, 0)
    if magic != MAGIC or ver != 1 or nf != N_FEAT or nt != N_TGT:
        raise ValueError(f"{path}: not a PNFT v1 file")
    off = HDR.size
    lens = np.frombuffer(raw, dtype="<u4", count=ns, offset=off).astype(np.int64)
    off += 4 * ns
    data = np.frombuffer(raw, dtype="<f4", count=n * (nf + nt), offset=off).reshape(n, nf + nt)
    assert lens.sum() == n
    return data, lens


def prepare(pnft_path, norm=None):
    """Returns dict(q int8 [N,70], gs uint8 [N,34], rs uint8 [N,34], lens, mean, std)."""
    d, lens = read(pnft_path)
    feat = d[:, :70].astype(np.float64)
    if norm is None:
        mean = feat.mean(0)
        std = np.maximum(feat.std(0), 1e-3)
    else:
        mean, std = norm
    mean = mean.astype(np.float32)
    std = std.astype(np.float32)
    # the same f32 arithmetic as spec/nn/glue.ts: (f - mean) * gain, gain = 1 / (std * scale)
    gain = (np.float32(1.0) / (std * np.float32(IN_SCALE))).astype(np.float32)
    v = ((d[:, :70] - mean) * gain).astype(np.float64)  # f32 products, rounded as round_i32 does
    q = np.clip(np.sign(v) * np.floor(np.abs(v) + 0.5) + IN_ZP, -128, 127).astype(np.int8)
    g = np.clip(d[:, 70:104], 0, 1)
    r = np.clip(d[:, 104:138], 0, 1)
    gs = np.round(np.sqrt(g) * 255).astype(np.uint8)
    rs = np.round(np.sqrt(1 - r) * 255).astype(np.uint8)
    return dict(q=q, gs=gs, rs=rs, lens=lens.astype(np.int64), mean=mean, std=std, gain=gain)

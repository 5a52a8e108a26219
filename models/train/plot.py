"""The loss curve as a PNG, drawn with numpy and zlib (no plotting library in the project's .venv).

Training loss (solid) and validation loss (dotted) per epoch against wall time; float phase blue,
QAT phase red; log-scale y axis with gridlines at 1-2-5 steps. The axis values are written in a
5x7 pixel font.
"""
import math
import struct
import zlib

import numpy as np

FONT = {  # 5x7, rows top to bottom, 5 bits each
    "0": [14, 17, 19, 21, 25, 17, 14], "1": [4, 12, 4, 4, 4, 4, 14], "2": [14, 17, 1, 2, 4, 8, 31],
    "3": [31, 2, 4, 2, 1, 17, 14], "4": [2, 6, 10, 18, 31, 2, 2], "5": [31, 16, 30, 1, 1, 17, 14],
    "6": [6, 8, 16, 30, 17, 17, 14], "7": [31, 1, 2, 4, 8, 8, 8], "8": [14, 17, 17, 14, 17, 17, 14],
    "9": [14, 17, 17, 15, 1, 2, 12], ".": [0, 0, 0, 0, 0, 12, 12], "s": [0, 0, 14, 16, 14, 1, 30],
    " ": [0] * 7, "-": [0, 0, 0, 31, 0, 0, 0],
}


def _png(img):
    h, w, _ = img.shape
    raw = b"".join(b"\x00" + img[y].tobytes() for y in range(h))

    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xFFFFFFFF)

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def _text(img, x, y, s, color=(0, 0, 0)):
    for ch in s:
        rows = FONT.get(ch, FONT[" "])
        for j, bits in enumerate(rows):
            for i in range(5):
                if bits & (1 << (4 - i)) and 0 <= y + j < img.shape[0] and 0 <= x + i < img.shape[1]:
                    img[y + j, x + i] = color
        x += 6


def _line(img, x0, y0, x1, y1, color, dotted=False):
    n = int(max(abs(x1 - x0), abs(y1 - y0))) + 1
    for k in range(n):
        if dotted and (k // 3) % 2:
            continue
        t = k / max(n - 1, 1)
        x = int(round(x0 + t * (x1 - x0)))
        y = int(round(y0 + t * (y1 - y0)))
        for dy in (0, 1):
            if 0 <= y + dy < img.shape[0] and 0 <= x < img.shape[1]:
                img[y + dy, x] = color


def loss_png(hist, path, W=640, H=400):
    pts = []  # (phase, t, train, val)
    for ph in ("float", "qat"):
        for e in hist.get(ph, []):
            pts.append((ph, e["t"], e["train"], e["val"]))
    img = np.full((H, W, 3), 255, np.uint8)
    L, R, T, B = 50, W - 10, 10, H - 30
    if not pts:
        open(path, "wb").write(_png(img))
        return
    vals = [p[2] for p in pts] + [p[3] for p in pts if p[3] is not None]
    lo, hi = math.log10(min(vals) * 0.9), math.log10(max(vals) * 1.1)
    t_max = max(p[1] for p in pts) or 1.0

    def X(t):
        return L + (R - L) * t / t_max

    def Y(v):
        return B - (B - T) * (math.log10(v) - lo) / max(hi - lo, 1e-9)

    for dec in range(int(math.floor(lo)), int(math.ceil(hi)) + 1):
        for m in range(1, 10):
            v = m * 10.0 ** dec
            if lo <= math.log10(v) <= hi:
                y = int(Y(v))
                img[y, L:R] = (220, 220, 220)
                _text(img, 2, y - 3, f"{v:g}"[:7])
    for k in range(6):
        t = t_max * k / 5
        x = int(X(t))
        img[T:B, x] = (235, 235, 235)
        _text(img, x - 10, B + 8, f"{t:.0f}s")
    img[T:B, L] = 0
    img[B, L:R] = 0
    colors = {"float": (30, 90, 200), "qat": (200, 40, 40)}
    for a, b in zip(pts, pts[1:]):
        c = colors[b[0]]
        _line(img, X(a[1]), Y(a[2]), X(b[1]), Y(b[2]), c)
        if a[3] is not None and b[3] is not None:
            _line(img, X(a[1]), Y(a[3]), X(b[1]), Y(b[3]), c, dotted=True)
    with open(path, "wb") as f:
        f.write(_png(img))

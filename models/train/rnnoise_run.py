"""RNNoise on a 48 kHz mono PCM16 WAV, frame by frame, for the comparison row of the quality check.

  PY -m models.train.rnnoise_run NOISY.wav OUT.wav      (PY: a Python with PyPI pyrnnoise installed)

Calls the librnnoise.so that PyPI `pyrnnoise` (0.4.5) bundles through ctypes: rnnoise_create(NULL)
(the built-in model), rnnoise_process_frame on 480-sample frames of int16-scaled floats. RNNoise
delays by 480 samples; the output is shifted by 960 more samples, so it is aligned like ours
(1440 samples: score both with --delay 1440). Uses only numpy and the standard library.
"""
import ctypes
import os
import sys
import wave

import numpy as np


def lib():
    import importlib.util
    spec = importlib.util.find_spec("pyrnnoise")
    if spec is None:
        raise SystemExit("pyrnnoise is not installed in this Python")
    L = ctypes.CDLL(os.path.join(os.path.dirname(spec.origin), "librnnoise.so"))
    L.rnnoise_create.argtypes = [ctypes.c_void_p]
    L.rnnoise_create.restype = ctypes.c_void_p
    L.rnnoise_destroy.argtypes = [ctypes.c_void_p]
    L.rnnoise_process_frame.argtypes = [ctypes.c_void_p, ctypes.POINTER(ctypes.c_float), ctypes.POINTER(ctypes.c_float)]
    L.rnnoise_process_frame.restype = ctypes.c_float
    L.rnnoise_get_frame_size.restype = ctypes.c_int
    return L


def main(argv=None):
    a = argv or sys.argv[1:]
    if len(a) != 2:
        raise SystemExit(__doc__)
    with wave.open(a[0], "rb") as w:
        if w.getframerate() != 48000 or w.getnchannels() != 1 or w.getsampwidth() != 2:
            raise SystemExit(f"{a[0]}: need 48 kHz mono PCM16")
        x = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").astype(np.float32)
    L = lib()
    assert L.rnnoise_get_frame_size() == 480
    st = L.rnnoise_create(None)
    n = len(x)
    frames = (n + 479) // 480
    buf = np.zeros(frames * 480, np.float32)
    buf[:n] = x
    y = np.zeros_like(buf)
    out = np.zeros(480, np.float32)
    for f in range(frames):
        fr = np.ascontiguousarray(buf[f * 480:(f + 1) * 480])
        L.rnnoise_process_frame(st, out.ctypes.data_as(ctypes.POINTER(ctypes.c_float)),
                                fr.ctypes.data_as(ctypes.POINTER(ctypes.c_float)))
        y[f * 480:(f + 1) * 480] = out
    L.rnnoise_destroy(st)
    y = np.concatenate([np.zeros(480, np.float32), y])[:n]
    s = np.clip(np.sign(y) * np.floor(np.abs(y) + 0.5), -32768, 32767).astype("<i2")
    with wave.open(a[1], "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(48000)
        w.writeframes(s.tobytes())
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The stream configuration of the spec (spec/config.ts) for Python: sample rate, hop, window,
bands, features, look-ahead and delay, read from models/stream_config.json. That file is written
by the compiler's stream-config output (npx tsx scripts/stream-config.ts), never by hand, and
test/codegen/stream-config.test.ts checks it against spec/config.ts and the C header.

    from models.stream_config import FRAME_SIZE, SAMPLE_RATE
"""
import json
import os

_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "stream_config.json")

with open(_PATH, encoding="utf-8") as _f:
    CONSTANTS: dict = json.load(_f)["constants"]

SAMPLE_RATE: int = CONSTANTS["SAMPLE_RATE"]
FRAME_SIZE: int = CONSTANTS["FRAME_SIZE"]
WINDOW_SIZE: int = CONSTANTS["WINDOW_SIZE"]
NB_BINS: int = CONSTANTS["NB_BINS"]
NB_BANDS: int = CONSTANTS["NB_BANDS"]
NB_FEATURES: int = CONSTANTS["NB_FEATURES"]
LOOKAHEAD_FRAMES: int = CONSTANTS["LOOKAHEAD_FRAMES"]
LOOKAHEAD: int = CONSTANTS["LOOKAHEAD"]
DENOISER_DELAY: int = CONSTANTS["DENOISER_DELAY"]

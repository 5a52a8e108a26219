// The stream configuration: the frame constants every part of the signal path is sized by. The
// compiler also writes these numbers as a C header (c/pn_stream_config.h, PN_-prefixed macros)
// and as JSON (stream-config.json; committed copy models/stream_config.json, read by Python), so
// C, the TS tools and Python read the same numbers (docs/signal-path.md, "Stream configuration").
import { i32 } from "./prelude.ts";

/** Sample rate of the input and output, in Hz. */
export const SAMPLE_RATE: i32 = 48000;
/** Hop: new input samples per frame, and output samples per frame (10 ms). */
export const FRAME_SIZE: i32 = 480;
/** Analysis/synthesis window and FFT length: two hops, overlap-added by half. */
export const WINDOW_SIZE: i32 = 2 * FRAME_SIZE;
/** Bins of the real FFT of a window, 0 .. Nyquist. */
export const NB_BINS: i32 = FRAME_SIZE + 1;
/** Triangular ERB-spaced bands (docs/bands.md): gains and comb strengths are per band. */
export const NB_BANDS: i32 = 34;
/** Network input features per frame: 34 log band energies, 34 coherences, period, correlation. */
export const NB_FEATURES: i32 = 2 * NB_BANDS + 2;
/** Look-ahead, in frames: the synthesized window ends this many hops before the newest sample. */
export const LOOKAHEAD_FRAMES: i32 = 2;
/** Look-ahead, in samples. */
export const LOOKAHEAD: i32 = LOOKAHEAD_FRAMES * FRAME_SIZE;
/** Total algorithmic delay in samples (30 ms): one hop of overlap plus the look-ahead. */
export const DENOISER_DELAY: i32 = FRAME_SIZE + LOOKAHEAD;

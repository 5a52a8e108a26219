// The power-complementary (Vorbis) window, the same for analysis and synthesis:
// w(i) = sin(pi/2 sin^2(pi (i + 0.5) / 960)), i = 0..959, so w(i)^2 + w(i + 480)^2 = 1.
import { f32, i32 } from "../prelude.ts";
import { sinpi_f32 } from "./math.ts";
import { WINDOW_SIZE } from "../config.ts";

const HALF: i32 = WINDOW_SIZE / 2;

/** Fills w[0..959] with the Vorbis window (exactly symmetric: the second half mirrors the first). */
export function vorbis_window(w: Float32Array): void {
  for (let i: i32 = 0; i < HALF; i++) {
    const s: f32 = sinpi_f32((f32(i) + 0.5) / f32(WINDOW_SIZE));
    const v: f32 = sinpi_f32(0.5 * (s * s));
    w[i] = v;
    w[WINDOW_SIZE - 1 - i] = v;
  }
}

/** Shared helpers for the simulator tests: deterministic input audio. */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { REPO_ROOT } from "../../sim/c-build/toolchain.ts";

export const FIXTURES = path.join(REPO_ROOT, "test", "fixtures", "firmware");
export const TMP = path.join(REPO_ROOT, "build", "test-sim");

/**
 * `seconds` of 48 kHz mono s16le: a chirp plus LCG noise, a silent stretch, a clipped stretch, and
 * `extra` samples past the last whole frame (to exercise the partial final frame).
 */
export function testPcm(name: string, seconds: number, extra = 0): string {
  mkdirSync(TMP, { recursive: true });
  const n = Math.round(48000 * seconds) + extra;
  const b = Buffer.alloc(n * 2);
  let s = 0x1234567;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    const noise = ((s >>> 16) & 0x7fff) - 16384;
    const t = i / 48000;
    let v = 9000 * Math.sin(2 * Math.PI * (200 + 900 * t) * t) + noise / 3;
    if (t > 2 && t < 2.5) v = 0; // silence
    if (t > 4 && t < 4.3) v *= 6; // clipping
    b.writeInt16LE(Math.max(-32768, Math.min(32767, Math.round(v))), i * 2);
  }
  const file = path.join(TMP, name);
  writeFileSync(file, b);
  return file;
}

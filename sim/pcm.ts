/**
 * PCM I/O for the simulator: the firmware reads raw mono s16le at 48 kHz. A .wav input must already
 * be mono, 16-bit, 48 kHz (no resampling or mixing here); anything else is raw s16le.
 */
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import * as wavefileNs from "wavefile";
import { readWavInput } from "./wav-input.ts";

type WaveFileCtor = typeof import("wavefile").WaveFile;
// wavefile is a UMD bundle: depending on the loader its class is a named export or sits on default.
const ns = wavefileNs as unknown as { WaveFile?: WaveFileCtor; default?: { WaveFile?: WaveFileCtor } };
export const WaveFile: WaveFileCtor = (ns.WaveFile ?? ns.default?.WaveFile)!;

export function readPcmInput(file: string): Buffer {
  const buf = readFileSync(file);
  if (!file.toLowerCase().endsWith(".wav")) {
    if (buf.length % 2) throw new Error(`${file}: raw s16le input has an odd number of bytes`);
    return buf;
  }
  // The one WAV gate (sim/wav-input.ts): same checks and conversion as percepnet denoise.
  const s = readWavInput(file).samples;
  return Buffer.from(s.buffer, s.byteOffset, s.byteLength);
}

/** Write the firmware's output: a .wav (mono 16-bit 48 kHz) or raw s16le. */
export function writePcmOutput(file: string, pcm: Buffer): void {
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  if (!file.toLowerCase().endsWith(".wav")) return writeFileSync(file, pcm);
  const samples = new Int16Array(pcm.buffer.slice(pcm.byteOffset, pcm.byteOffset + pcm.byteLength));
  const wav = new WaveFile();
  wav.fromScratch(1, 48000, "16", samples);
  writeFileSync(file, wav.toBuffer());
}

/**
 * PCM I/O for the simulator: the firmware reads raw mono s16le at 48 kHz. A .wav input goes
 * through the one WAV gate (sim/audio/wav-input.ts) and becomes raw s16le; anything else is raw s16le.
 */
import * as fs from "node:fs";
import * as wavefileNs from "wavefile";
import { openWavInput, readWavInput, wavHeader16 } from "./wav-input.ts";
import { AtomicFile } from "./atomic-output.ts";

type WaveFileCtor = typeof import("wavefile").WaveFile;
// wavefile is a UMD bundle: depending on the loader its class is a named export or sits on default.
const ns = wavefileNs as unknown as { WaveFile?: WaveFileCtor; default?: { WaveFile?: WaveFileCtor } };
export const WaveFile: WaveFileCtor = (ns.WaveFile ?? ns.default?.WaveFile)!;

const isWav = (file: string) => file.toLowerCase().endsWith(".wav");

function checkRaw(file: string): void {
  const st = fs.statSync(file);
  if (st.isDirectory()) throw new Error(`${file}: is a folder, not an input file`);
  if (st.size % 2) throw new Error(`${file}: raw s16le input has an odd number of bytes`);
}

export function readPcmInput(file: string): Buffer {
  if (!isWav(file)) {
    checkRaw(file);
    return fs.readFileSync(file);
  }
  const s = readWavInput(file).samples;
  return Buffer.from(s.buffer, s.byteOffset, s.byteLength);
}

/**
 * The input as a raw s16le file the firmware can open: a raw input is used as it is; a WAV is
 * converted block by block into tmp (the caller removes it). Returns the raw file's path.
 */
export function pcmInputFile(file: string, tmp: string): string {
  if (!isWav(file)) {
    checkRaw(file);
    return file;
  }
  const r = openWavInput(file);
  const fd = fs.openSync(tmp, "w");
  try {
    for (let s = r.read(1 << 16); s.length; s = r.read(1 << 16)) fs.writeSync(fd, s);
  } finally {
    fs.closeSync(fd);
    r.close();
  }
  return tmp;
}

/** Open the firmware's output file (a .wav, mono 16-bit 48 kHz, or raw s16le) before running: its problems show first. */
export function openPcmOutput(file: string): AtomicFile {
  return new AtomicFile(file);
}

/** Write the firmware's output to an opened output and rename it into place. */
export function finishPcmOutput(out: AtomicFile, pcm: Buffer): void {
  if (isWav(out.target)) out.write(wavHeader16(pcm.length >> 1));
  out.write(pcm);
  out.commit();
}

/** Copy the firmware's output file (raw s16le) block by block into an opened output and rename it into place. */
export function finishPcmOutputFromFile(out: AtomicFile, pcmFile: string): void {
  const bytes = fs.statSync(pcmFile).size;
  if (isWav(out.target)) out.write(wavHeader16(bytes >> 1));
  const buf = Buffer.alloc(1 << 20);
  const fd = fs.openSync(pcmFile, "r");
  try {
    for (let n = fs.readSync(fd, buf); n > 0; n = fs.readSync(fd, buf)) out.write(buf.subarray(0, n));
  } finally {
    fs.closeSync(fd);
  }
  out.commit();
}

/** Write the firmware's output: a .wav (mono 16-bit 48 kHz) or raw s16le, atomically. */
export function writePcmOutput(file: string, pcm: Buffer): void {
  finishPcmOutput(openPcmOutput(file), pcm);
}

/**
 * The one gate for audio coming in and going out. Input: a WAV file, mono, 48 kHz, 16/24/32-bit
 * integer PCM or 32-bit float. Other rates are rejected, not resampled (a resampler would be a
 * second, unexact signal path; convert with `sox in.wav -r 48000 out.wav`). Samples become int16,
 * the firmware's frame format: 24/32-bit by rounding, float by ×32768 with saturation.
 * Output: written to a temporary file beside the target and renamed, so a failed run never
 * leaves a half-written file.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { WaveFile } from "./pcm.ts";

export class WavInputError extends Error {}

export interface PcmInput {
  samples: Int16Array;
  sourceFormat: string;
  /** Samples that were at full scale (clipped at the source). */
  clipped: number;
  silent: boolean;
}

/** Walk the RIFF chunks: truncation and malformed headers get a message naming the problem. */
function checkRiff(file: string, buf: Buffer): void {
  if (buf.length < 12 || buf.toString("ascii", 0, 4) !== "RIFF" || buf.toString("ascii", 8, 12) !== "WAVE")
    throw new WavInputError(`${file}: not a WAV file (no RIFF/WAVE header)`);
  let off = 12;
  let sawFmt = false;
  while (off + 8 <= buf.length) {
    const id = buf.toString("ascii", off, off + 4);
    const size = buf.readUInt32LE(off + 4);
    if (id === "fmt ") sawFmt = true;
    if (id === "data") {
      if (!sawFmt) throw new WavInputError(`${file}: data chunk before the fmt chunk`);
      if (off + 8 + size > buf.length)
        throw new WavInputError(`${file}: truncated: the data chunk declares ${size} bytes, the file holds ${buf.length - off - 8}`);
      return;
    }
    off += 8 + size + (size & 1);
  }
  throw new WavInputError(`${file}: no data chunk (truncated or malformed)`);
}

export function readWavInput(file: string): PcmInput {
  let buf: Buffer;
  try {
    buf = fs.readFileSync(file);
  } catch (e) {
    throw new WavInputError(`${file}: cannot read (${(e as Error).message})`);
  }
  checkRiff(file, buf);
  let wav: InstanceType<typeof WaveFile>;
  try {
    wav = new WaveFile(buf);
  } catch (e) {
    throw new WavInputError(`${file}: malformed WAV (${(e as Error).message})`);
  }
  const fmt = wav.fmt as { numChannels: number; sampleRate: number; bitsPerSample: number; audioFormat: number };
  const bitDepth = (wav as unknown as { bitDepth: string }).bitDepth;
  if (fmt.numChannels !== 1) throw new WavInputError(`${file}: ${fmt.numChannels} channels; percepnet takes mono (downmix first, e.g. sox in.wav -c 1 out.wav)`);
  if (fmt.sampleRate !== 48000)
    throw new WavInputError(`${file}: ${fmt.sampleRate} Hz; percepnet runs at 48000 Hz and does not resample (sox in.wav -r 48000 out.wav)`);
  if (!["16", "24", "32", "32f"].includes(bitDepth))
    throw new WavInputError(`${file}: ${bitDepth}-bit samples; supported: 16, 24, 32-bit integer PCM and 32-bit float`);
  const raw = wav.getSamples(false, Float64Array) as unknown as Float64Array;
  const samples = new Int16Array(raw.length);
  let clipped = 0;
  let peak = 0;
  const scale = bitDepth === "32f" ? 32768 : bitDepth === "24" ? 1 / 256 : bitDepth === "32" ? 1 / 65536 : 1;
  for (let i = 0; i < raw.length; i++) {
    const x = raw[i];
    if (!Number.isFinite(x)) throw new WavInputError(`${file}: sample ${i} is ${x}; the input must be finite`);
    const v = Math.round(x * scale);
    const s = v > 32767 ? 32767 : v < -32768 ? -32768 : v;
    if (s === 32767 || s === -32768) clipped++;
    samples[i] = s;
    peak = Math.max(peak, Math.abs(s));
  }
  if (samples.length === 0) throw new WavInputError(`${file}: no samples`);
  return { samples, sourceFormat: `${bitDepth === "32f" ? "32-bit float" : `${bitDepth}-bit PCM`}, 48000 Hz, mono`, clipped, silent: peak === 0 };
}

/** Write mono 16-bit 48 kHz WAV atomically. */
export function writeWavAtomic(file: string, samples: Int16Array): void {
  const abs = path.resolve(file);
  fs.mkdirSync(path.dirname(abs), { recursive: true });
  const wav = new WaveFile();
  wav.fromScratch(1, 48000, "16", samples);
  const tmp = path.join(path.dirname(abs), `.${path.basename(abs)}.${process.pid}.tmp`);
  try {
    fs.writeFileSync(tmp, wav.toBuffer());
    fs.renameSync(tmp, abs);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
}

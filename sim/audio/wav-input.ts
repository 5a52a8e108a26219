/**
 * The one gate for audio coming in and going out. Input: a WAV file, mono, 48 kHz, 16/24/32-bit
 * integer PCM or 32-bit float, plain or WAVE_FORMAT_EXTENSIBLE (sim/audio/riff.ts reads the format tag,
 * never the bit depth alone). Other rates are rejected, not resampled (a resampler would be a
 * second, unexact signal path; convert with `sox in.wav -r 48000 out.wav`). Samples become int16,
 * the firmware's frame format: 24/32-bit by rounding, float by ×32768 with saturation.
 * Input is read block by block (WavReader) and output written block by block (WavWriter), so
 * memory does not grow with the length of the audio.
 * Output: written to a temporary file beside the target and renamed, so a failed run never
 * leaves a half-written file.
 */
import * as fs from "node:fs";
import { walkWav, formatName, RiffError, type WavLayout } from "./riff.ts";
import { AtomicFile } from "./atomic-output.ts";
import { SAMPLE_RATE } from "../../spec/config.ts";

export class WavInputError extends Error {}

export interface PcmInput {
  samples: Int16Array;
  sourceFormat: string;
  /** Samples that were at full scale (clipped at the source). */
  clipped: number;
  silent: boolean;
}

const CONVERT = "sox in.wav -e signed-integer -b 16 out.wav";

function checkLayout(file: string, w: WavLayout): void {
  if (w.encoding === null) {
    const what = w.subTag !== null ? `extensible WAV with subformat ${w.subTag < 0 ? "(not a standard one)" : formatName(w.subTag)}` : formatName(w.tag);
    throw new WavInputError(
      `${file}: ${what}, ${w.bitsPerSample}-bit samples; percepnet reads 16/24/32-bit integer PCM or 32-bit float (convert with ${CONVERT})`,
    );
  }
  if (w.channels !== 1) throw new WavInputError(`${file}: ${w.channels} channels; percepnet takes mono (downmix first, e.g. sox in.wav -c 1 out.wav)`);
  if (w.sampleRate !== SAMPLE_RATE)
    throw new WavInputError(`${file}: ${w.sampleRate} Hz; percepnet runs at ${SAMPLE_RATE} Hz and does not resample (sox in.wav -r ${SAMPLE_RATE} out.wav)`);
  if (w.blockAlign !== w.bitsPerSample / 8)
    throw new WavInputError(`${file}: block align ${w.blockAlign} does not match mono ${w.bitsPerSample}-bit samples (malformed header; ${CONVERT})`);
}

/** A WAV input read in blocks: samples as int16, with the clipping and silence statistics so far. */
export class WavReader {
  readonly file: string;
  readonly layout: WavLayout;
  /** Whole samples in the data chunk (a trailing partial sample and the pad byte are not audio). */
  readonly length: number;
  readonly sourceFormat: string;
  clipped = 0;
  peak = 0;
  private fd: number;
  private next = 0;

  constructor(file: string) {
    this.file = file;
    try {
      this.fd = fs.openSync(file, "r");
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      throw new WavInputError(`${file}: cannot read (${err.code ?? err.message})`);
    }
    try {
      const st = fs.fstatSync(this.fd);
      if (st.isDirectory()) throw new WavInputError(`${file}: is a folder, not a WAV file`);
      this.layout = walkWav((pos, len) => this.readAt(pos, len), st.size);
    } catch (e) {
      this.close();
      if (e instanceof RiffError) throw new WavInputError(`${file}: ${e.message}`);
      if (e instanceof WavInputError) throw e;
      throw new WavInputError(`${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
    try {
      checkLayout(file, this.layout);
    } catch (e) {
      this.close();
      throw e;
    }
    this.length = Math.floor(this.layout.dataBytes / this.layout.blockAlign);
    if (this.length === 0) {
      this.close();
      throw new WavInputError(`${file}: no samples`);
    }
    const b = this.layout.bitsPerSample;
    this.sourceFormat = `${this.layout.encoding === "float" ? "32-bit float" : `${b}-bit PCM`}, ${SAMPLE_RATE} Hz, mono`;
  }

  private readAt(pos: number, len: number): Buffer {
    const buf = Buffer.alloc(len);
    let got = 0;
    while (got < len) {
      const n = fs.readSync(this.fd, buf, got, len - got, pos + got);
      if (n === 0) break;
      got += n;
    }
    return buf.subarray(0, got);
  }

  /** The next up to max samples; an empty array at the end. Throws on a non-finite float sample. */
  read(max: number): Int16Array {
    const n = Math.min(max, this.length - this.next);
    const bytes = this.layout.blockAlign;
    const raw = this.readAt(this.layout.dataOffset + this.next * bytes, n * bytes);
    if (raw.length < n * bytes) throw new WavInputError(`${this.file}: the file shrank while being read`);
    const out = new Int16Array(n);
    const float = this.layout.encoding === "float";
    for (let i = 0; i < n; i++) {
      // The same arithmetic as the whole-file decoder before streaming (bit-exact outputs).
      let v: number;
      if (bytes === 2) v = raw.readInt16LE(2 * i);
      else if (bytes === 3) v = Math.round(raw.readIntLE(3 * i, 3) / 256);
      else if (!float) v = Math.round(raw.readInt32LE(4 * i) / 65536);
      else {
        const x = raw.readFloatLE(4 * i);
        if (!Number.isFinite(x)) throw new WavInputError(`${this.file}: sample ${this.next + i} is ${x}; the input must be finite`);
        v = Math.round(x * 32768);
      }
      const s = v > 32767 ? 32767 : v < -32768 ? -32768 : v;
      if (s === 32767 || s === -32768) this.clipped++;
      const a = s < 0 ? -s : s;
      if (a > this.peak) this.peak = a;
      out[i] = s;
    }
    this.next += n;
    return out;
  }

  get silent(): boolean {
    return this.peak === 0;
  }

  close(): void {
    if (this.fd >= 0) fs.closeSync(this.fd);
    this.fd = -1;
  }
}

export function openWavInput(file: string): WavReader {
  return new WavReader(file);
}

/** The whole input at once (tests and short files). */
export function readWavInput(file: string): PcmInput {
  const r = new WavReader(file);
  try {
    const samples = r.read(r.length);
    return { samples, sourceFormat: r.sourceFormat, clipped: r.clipped, silent: r.silent };
  } finally {
    r.close();
  }
}

/** The 44-byte header of mono 16-bit 48 kHz PCM (what wavefile's fromScratch writes). */
export function wavHeader16(samples: number): Buffer {
  const h = Buffer.alloc(44);
  h.write("RIFF", 0, "ascii");
  h.writeUInt32LE(36 + 2 * samples, 4);
  h.write("WAVEfmt ", 8, "ascii");
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20);
  h.writeUInt16LE(1, 22);
  h.writeUInt32LE(SAMPLE_RATE, 24);
  h.writeUInt32LE(2 * SAMPLE_RATE, 28);
  h.writeUInt16LE(2, 32);
  h.writeUInt16LE(16, 34);
  h.write("data", 36, "ascii");
  h.writeUInt32LE(2 * samples, 40);
  return h;
}

/** Mono 16-bit 48 kHz WAV of a known length, written in blocks to a temporary file and renamed. */
export class WavWriter {
  private f: AtomicFile;
  private written = 0;
  constructor(file: string, readonly samples: number) {
    this.f = new AtomicFile(file, 44 + 2 * samples);
    this.f.write(wavHeader16(samples));
  }
  write(s: Int16Array): void {
    const n = Math.min(s.length, this.samples - this.written);
    this.f.write(new Uint8Array(s.buffer, s.byteOffset, 2 * n));
    this.written += n;
  }
  commit(): void {
    if (this.written !== this.samples) {
      this.f.abort();
      throw new Error(`internal: ${this.written} of ${this.samples} samples written`);
    }
    this.f.commit();
  }
  abort(): void {
    this.f.abort();
  }
}

/** Write mono 16-bit 48 kHz WAV atomically. */
export function writeWavAtomic(file: string, samples: Int16Array): void {
  const w = new WavWriter(file, samples.length);
  w.write(samples);
  w.commit();
}

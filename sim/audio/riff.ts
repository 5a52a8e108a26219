/**
 * The RIFF/WAVE header walk of the WAV gate. It follows the RIFF rules (a chunk of odd size is
 * followed by a pad byte; LIST and other chunks may repeat and may come after data) and reads only
 * chunk headers and the fmt chunk, so a long input is never loaded whole. wavefile assumes one
 * chunk of each kind and reads the format by bit depth alone, which is why the gate has its own.
 */
export class RiffError extends Error {}

/** How the gate decodes the data chunk: integer PCM or IEEE float, little-endian, mono. */
export interface WavLayout {
  /** The fmt chunk's tag (0xFFFE: extensible) and, when extensible, the subformat's tag. */
  tag: number;
  subTag: number | null;
  channels: number;
  sampleRate: number;
  bitsPerSample: number;
  blockAlign: number;
  /** What the samples are, when the gate can decode them; null otherwise. */
  encoding: "int" | "float" | null;
  dataOffset: number;
  dataBytes: number;
}

const WAVE_FORMAT_PCM = 0x0001;
const WAVE_FORMAT_IEEE_FLOAT = 0x0003;
const WAVE_FORMAT_EXTENSIBLE = 0xfffe;
/** KSDATAFORMAT_SUBTYPE_*: the tag in the first two bytes, then this fixed tail. */
const GUID_TAIL = Buffer.from([0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71]);

const TAG_NAMES: Record<number, string> = {
  0x0000: "unknown (tag 0)",
  0x0001: "integer PCM",
  0x0002: "Microsoft ADPCM",
  0x0003: "IEEE float",
  0x0006: "A-law",
  0x0007: "mu-law",
  0x0011: "IMA ADPCM",
  0x0031: "GSM 6.10",
  0x0050: "MPEG",
  0x0055: "MPEG layer 3 (MP3)",
  0xfffe: "extensible",
};

export function formatName(tag: number): string {
  return TAG_NAMES[tag] ?? `format tag 0x${tag.toString(16).padStart(4, "0")}`;
}

/** Reads len bytes at pos (fewer at the end of the file). */
export type ReadAt = (pos: number, len: number) => Buffer;

function parseFmt(body: Buffer): Omit<WavLayout, "dataOffset" | "dataBytes"> {
  if (body.length < 16) throw new RiffError(`the fmt chunk is ${body.length} bytes; a WAV fmt chunk has at least 16`);
  const tag = body.readUInt16LE(0);
  const fmt = {
    tag,
    subTag: null as number | null,
    channels: body.readUInt16LE(2),
    sampleRate: body.readUInt32LE(4),
    blockAlign: body.readUInt16LE(12),
    bitsPerSample: body.readUInt16LE(14),
    encoding: null as WavLayout["encoding"],
  };
  let code = tag;
  if (tag === WAVE_FORMAT_EXTENSIBLE) {
    // cbSize (2), valid bits (2), channel mask (4), subformat GUID (16).
    if (body.length < 40 || body.readUInt16LE(16) < 22) throw new RiffError(`the extensible fmt chunk is ${body.length} bytes; it needs 40 (with the subformat)`);
    const guid = body.subarray(24, 40);
    code = guid.equals(Buffer.concat([guid.subarray(0, 2), GUID_TAIL])) ? guid.readUInt16LE(0) : -1;
    fmt.subTag = code;
  }
  if (code === WAVE_FORMAT_PCM && [16, 24, 32].includes(fmt.bitsPerSample)) fmt.encoding = "int";
  if (code === WAVE_FORMAT_IEEE_FLOAT && fmt.bitsPerSample === 32) fmt.encoding = "float";
  return fmt;
}

/** Walk the chunks of a WAV file of fileBytes bytes; throws RiffError naming the problem. */
export function walkWav(readAt: ReadAt, fileBytes: number): WavLayout {
  const head = readAt(0, 12);
  if (head.length < 12 || head.toString("ascii", 0, 4) !== "RIFF" || head.toString("ascii", 8, 12) !== "WAVE")
    throw new RiffError("not a WAV file (no RIFF/WAVE header)");
  let fmt: Omit<WavLayout, "dataOffset" | "dataBytes"> | null = null;
  let data: { offset: number; bytes: number } | null = null;
  let off = 12;
  while (off + 8 <= fileBytes) {
    const h = readAt(off, 8);
    const id = h.toString("latin1", 0, 4);
    const size = h.readUInt32LE(4);
    const body = off + 8;
    const end = body + size;
    if (id === "fmt " && !fmt) {
      if (end > fileBytes) throw new RiffError(`truncated: the fmt chunk declares ${size} bytes, the file holds ${fileBytes - body}`);
      fmt = parseFmt(readAt(body, Math.min(size, 64)).subarray(0, size));
    } else if (id === "data" && !data) {
      if (end > fileBytes) throw new RiffError(`truncated: the data chunk declares ${size} bytes, the file holds ${fileBytes - body}`);
      data = { offset: body, bytes: size };
    } else if (end > fileBytes) {
      if (data && fmt) break; // a cut-off chunk after the audio (a tag appended by a tool): the audio is whole
      throw new RiffError(`truncated: chunk "${id.replace(/[^\x20-\x7e]/g, "?")}" declares ${size} bytes, the file holds ${fileBytes - body}`);
    }
    off = end + (size & 1);
  }
  if (!fmt) throw new RiffError("no fmt chunk (truncated or malformed)");
  if (!data) throw new RiffError("no data chunk (truncated or malformed)");
  return { ...fmt, dataOffset: data.offset, dataBytes: data.bytes };
}

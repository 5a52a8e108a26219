// percepnet.js: the frame API compiled to WebAssembly (percepnet.wasm, made by `percepnet wasm`),
// and the 16-bit WAV reading and writing of `percepnet denoise`, for browsers and Node alike.
// The output is as long as the input and delayed 30 ms; a final partial frame is zero-padded:
// the same bytes as `percepnet denoise`.

export const HOP = 480;
export const SAMPLE_RATE = 48000;

/** Instantiate the module (bytes or a compiled WebAssembly.Module); returns the frame API over it. */
export async function loadPercepnet(wasm) {
  const instance = wasm instanceof WebAssembly.Module ? await WebAssembly.instantiate(wasm, {}) : (await WebAssembly.instantiate(wasm, {})).instance;
  const e = instance.exports;
  return {
    stateBytes: e.pn_state_size(),
    /** Start a new stream (the state's history is cleared). */
    reset() {
      const rc = e.pn_wasm_init();
      if (rc !== 0) throw new Error(`pn_init failed: ${rc}`);
    },
    /** One 480-sample frame in, one out (a new Int16Array). */
    processFrame(frame) {
      new Int16Array(e.memory.buffer, e.pn_wasm_in(), HOP).set(frame);
      const rc = e.pn_wasm_process();
      if (rc !== 0) throw new Error(`pn_process_frame failed: ${rc}`);
      return new Int16Array(e.memory.buffer, e.pn_wasm_out(), HOP).slice();
    },
    /** A whole recording, framed as `percepnet denoise` frames it. */
    denoise(samples) {
      this.reset();
      const out = new Int16Array(samples.length);
      const frame = new Int16Array(HOP);
      for (let at = 0; at < samples.length; at += HOP) {
        const n = Math.min(HOP, samples.length - at);
        frame.fill(0);
        frame.set(samples.subarray(at, at + n));
        out.set(this.processFrame(frame).subarray(0, n), at);
      }
      return out;
    },
  };
}

/** The samples of a 16-bit PCM mono 48 kHz WAV; throws with a reason for anything else. */
export function parseWav(bytes) {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (o) => String.fromCharCode(bytes[o], bytes[o + 1], bytes[o + 2], bytes[o + 3]);
  if (bytes.length < 12 || tag(0) !== "RIFF" || tag(8) !== "WAVE") throw new Error("not a WAV file");
  let fmt = null;
  for (let o = 12; o + 8 <= bytes.length; ) {
    const size = v.getUint32(o + 4, true);
    if (tag(o) === "fmt ") fmt = { format: v.getUint16(o + 8, true), channels: v.getUint16(o + 10, true), rate: v.getUint32(o + 12, true), bits: v.getUint16(o + 22, true) };
    else if (tag(o) === "data") {
      if (!fmt) throw new Error("WAV: data before fmt");
      if ((fmt.format !== 1 && fmt.format !== 0xfffe) || fmt.bits !== 16) throw new Error(`WAV: ${fmt.bits}-bit format ${fmt.format}; this page takes 16-bit PCM (percepnet denoise takes more)`);
      if (fmt.channels !== 1) throw new Error(`WAV: ${fmt.channels} channels; mono only`);
      if (fmt.rate !== SAMPLE_RATE) throw new Error(`WAV: ${fmt.rate} Hz; 48000 Hz only (no hidden resampler)`);
      const n = Math.floor(Math.min(size, bytes.length - o - 8) / 2);
      const out = new Int16Array(n);
      for (let i = 0; i < n; i++) out[i] = v.getInt16(o + 8 + 2 * i, true);
      return out;
    }
    o += 8 + size + (size & 1);
  }
  throw new Error("WAV: no data chunk");
}

/** A 16-bit PCM mono 48 kHz WAV (44-byte header) of the samples. */
export function writeWav(samples) {
  const bytes = new Uint8Array(44 + 2 * samples.length);
  const v = new DataView(bytes.buffer);
  const put = (o, s) => [...s].forEach((c, i) => (bytes[o + i] = c.charCodeAt(0)));
  put(0, "RIFF"); v.setUint32(4, 36 + 2 * samples.length, true); put(8, "WAVEfmt ");
  v.setUint32(16, 16, true); v.setUint16(20, 1, true); v.setUint16(22, 1, true); v.setUint32(24, SAMPLE_RATE, true);
  v.setUint32(28, 2 * SAMPLE_RATE, true); v.setUint16(32, 2, true); v.setUint16(34, 16, true);
  put(36, "data"); v.setUint32(40, 2 * samples.length, true);
  for (let i = 0; i < samples.length; i++) v.setInt16(44 + 2 * i, samples[i], true);
  return bytes;
}

// worklet.js: the frame API in an AudioWorklet. The audio thread hands 128-sample blocks; the
// enhancer takes 480-sample frames, so input is gathered into frames and output is played from a
// FIFO one frame behind (10 ms more latency than the enhancer's own 30 ms).
const HOP = 480;

class PercepnetProcessor extends AudioWorkletProcessor {
  constructor(options) {
    super();
    this.e = new WebAssembly.Instance(options.processorOptions.module, {}).exports;
    if (this.e.pn_wasm_init() !== 0) throw new Error("pn_init failed");
    this.frame = new Int16Array(HOP);
    this.filled = 0;
    this.fifo = new Float32Array(4 * HOP);
    this.head = 0; // next sample to play
    this.count = 0; // samples waiting
    this.frames = 0;
  }

  process(inputs, outputs) {
    const input = inputs[0][0];
    const output = outputs[0][0];
    if (input) {
      for (let i = 0; i < input.length; i++) {
        const s = Math.round(Math.max(-1, Math.min(1, input[i])) * 32767);
        this.frame[this.filled++] = s;
        if (this.filled === HOP) this.runFrame();
      }
    }
    if (output) {
      for (let i = 0; i < output.length; i++) {
        if (this.count > 0) {
          output[i] = this.fifo[this.head];
          this.head = (this.head + 1) % this.fifo.length;
          this.count--;
        } else output[i] = 0;
      }
    }
    return true;
  }

  runFrame() {
    const e = this.e;
    new Int16Array(e.memory.buffer, e.pn_wasm_in(), HOP).set(this.frame);
    e.pn_wasm_process();
    const y = new Int16Array(e.memory.buffer, e.pn_wasm_out(), HOP);
    for (let i = 0; i < HOP && this.count < this.fifo.length; i++) {
      this.fifo[(this.head + this.count) % this.fifo.length] = y[i] / 32768;
      this.count++;
    }
    this.filled = 0;
    if (++this.frames % 100 === 0) this.port.postMessage({ frames: this.frames });
  }
}

registerProcessor("percepnet", PercepnetProcessor);

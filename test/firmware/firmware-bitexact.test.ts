// The product firmware (frame API over the generated spec with the trained network, kernels on
// each board's CMSIS-DSP variant and its own pn_fc_s8) under QEMU gives the exact-JS reference's output byte for byte, on 12.7 s of real
// noisy speech, on every simulated board.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { loadBoard, simulate } from "../../sim/index.ts";
import type { SimReport } from "../../sim/qemu/simulate.ts";
import { productPayload } from "../../sim/c-build/product.ts";
import { runReference } from "../../sim/engines/engines.ts";
import { readWavInput } from "../../sim/audio/wav-input.ts";

const INPUT = path.resolve(".cache/testset/snr05_lena_fire-fire_noisy.wav");
const BOARDS = ["m4f", "m7", "m55", "a53"];

describe("firmware: bit-exact with the reference on real noisy speech, every simulated board", function () {
  this.timeout(900_000);
  let reference: Buffer;
  let pcmFile: string;
  let seconds = 0;
  const reports = new Map<string, SimReport>();

  before(async function () {
    const noisy = readWavInput(INPUT).samples;
    seconds = noisy.length / 48000;
    const ref = await runReference({ noisy, gains: "net", comb: true, postfilter: true });
    reference = Buffer.from(ref.buffer, ref.byteOffset, ref.byteLength);
    pcmFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "pn-fw-")), "in.pcm");
    fs.writeFileSync(pcmFile, Buffer.from(noisy.buffer, noisy.byteOffset, noisy.byteLength));
  });

  it("the input is real speech in real noise, at least 10 s", function () {
    assert.ok(seconds >= 10, `${seconds} s`);
  });

  for (const board of BOARDS) {
    it(`${board}: QEMU output equals the reference byte for byte`, async function () {
      const profile = loadBoard(board);
      const p = productPayload(profile.cmsisDsp.variant, profile.features);
      assert.ok(p.defines.includes("PN_CMSIS_DSP=1"), "the kernels call CMSIS-DSP");
      const r = await simulate({ board, sources: p.sources, includeDirs: p.includeDirs, defines: p.defines, cmsis: p.cmsis, inputPcm: pcmFile, network: p.network });
      reports.set(board, r.report);
      assert.equal(r.output.length, reference.length);
      const at = r.output.findIndex((b, i) => b !== reference[i]);
      assert.equal(at, -1, `${board}: first differing byte at ${at} (sample ${at >> 1})`);
      assert.ok(r.report.frames >= 1000);
    });
  }

  // The report's flat profile (sim/qemu/profile.ts) on the same runs: it accounts for every modelled
  // cycle, books the int8 kernels to the network and the FFT to the signal path, and gives the
  // kernels' MAC per cycle below the core's peak.
  for (const board of BOARDS) {
    it(`${board}: the profile splits every cycle between network and signal path, with the kernel's MAC/cycle`, function () {
      const r = reports.get(board);
      assert.ok(r, `${board} did not run`);
      const p = r.profile;
      assert.ok(p, "no profile in the report");
      const mean = r.cycles.stats.mean;
      const byFunction = p.functions.reduce((a, f) => a + f.cyclesPerFrame, 0) - p.markerCyclesPerFrame;
      assert.ok(Math.abs(byFunction - mean) < 1e-6 * mean + 1, `functions less markers sum to ${byFunction}, frames to ${mean}`);
      const byPart = Object.values(p.parts).reduce((a, v) => a + v.cyclesPerFrame, 0);
      assert.ok(Math.abs(byPart - mean) < 1e-6 * mean + 1, `parts sum to ${byPart}`);
      const part = (name: string) => p.functions.find((f) => f.name === name)?.part;
      assert.equal(part("pn_rfft960_windowed_s16"), "signal path");
      assert.equal(part("pn_fc_s8"), "network");
      assert.ok(p.parts.network.cyclesPerFrame > 0.05 * mean && p.parts["signal path"].cyclesPerFrame > 0.2 * mean, JSON.stringify(p.parts));
      const n = p.network;
      assert.ok(n, "no network section");
      assert.equal(n.macsPerFrame, productPayload().network.macsPerFrame);
      assert.ok(n.kernel.functions.some((f) => f.startsWith("pn_fc_s8_")), `kernel functions ${n.kernel.functions}`);
      assert.ok(n.kernel.peakMacPerCycle !== null && n.kernel.macPerCycle > 0 && n.kernel.macPerCycle <= n.kernel.peakMacPerCycle, JSON.stringify(n.kernel));
      assert.ok(n.macPerCycle < n.kernel.macPerCycle, "the whole network is less efficient than its kernel");
    });
  }

  // Issue 18's report fields on the same runs: the per-frame network / signal path split (the
  // chart's stacked areas), worst over mean, and the state breakdown against pn_state_size().
  for (const board of BOARDS) {
    it(`${board}: per-frame parts add up to every frame and average to the profile's parts; the state breakdown is pn_state_size()`, function () {
      const r = reports.get(board);
      assert.ok(r, `${board} did not run`);
      const pf = r.cycles.perFrameParts;
      assert.ok(pf, "no per-frame parts");
      const per = r.cycles.perFrame;
      for (let i = 0; i < per.length; i++) {
        assert.ok(Math.abs(pf.network[i] + pf.signalPath[i] + pf.other[i] - per[i]) < 1e-6 * per[i] + 1, `frame ${i}`);
        assert.ok(pf.network[i] > 0 && pf.signalPath[i] > 0 && pf.other[i] >= 0, `frame ${i}: ${pf.network[i]} ${pf.signalPath[i]} ${pf.other[i]}`);
      }
      const avg = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
      const parts = r.profile!.parts;
      assert.ok(Math.abs(avg(pf.network) - parts.network.cyclesPerFrame) < 1e-6 * parts.network.cyclesPerFrame + 1);
      assert.ok(Math.abs(avg(pf.signalPath) - parts["signal path"].cyclesPerFrame) < 1e-6 * parts["signal path"].cyclesPerFrame + 1);
      const s = r.cycles.stats;
      assert.ok(Math.abs(r.cycles.spread.worstOverMeanPercent - (100 * (s.worst - s.mean)) / s.mean) < 1e-9);
      assert.ok(r.state, "no state layout");
      assert.equal(r.state.totalBytes, r.state.reportedBytes, "sizeof(pn_instance) = the firmware's pn_state_size()");
    });
  }
});
